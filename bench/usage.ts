/**
 * The line a timed process writes to stderr when it exits (./reportUsage.ts, preloaded into it): its
 * CPU time and peak memory, `bench-usage {"cpuMs":..,"maxRssKiB":..}`, which the benchmark reads.
 */
export const USAGE_TAG = "bench-usage ";

export interface Usage {
    cpuMs: number;
    maxRssKiB: number;
}

/** This process's usage line. */
export function usageLine(): string {
    const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
    const usage: Usage = { cpuMs: (userCPUTime + systemCPUTime) / 1000, maxRssKiB: maxRSS };
    return `\n${USAGE_TAG}${JSON.stringify(usage)}\n`;
}

/** The usage a process reported in its stderr, or undefined. */
export function usageIn(stderr: string): Usage | undefined {
    const line = stderr.split("\n").find((l) => l.startsWith(USAGE_TAG));
    return line === undefined ? undefined : (JSON.parse(line.slice(USAGE_TAG.length)) as Usage);
}
