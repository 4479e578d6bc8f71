/**
 * Measures the offline plan: wall time of `plan.ts --stack <s> --json` as a user runs it (a fresh
 * node process each time, ts-node included), N runs per shipped stack; prints min/median/max.
 *
 *   npm run bench:plan [-- --runs 5] [--charts DIR]
 *
 * With `--charts DIR` (the stacks' charts on disk, docs/render.md), each stack is also timed with
 * `--render --charts DIR`, and the time rendering adds is printed.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { parseArgs } from "node:util";

const PROJECT_DIR = path.resolve(__dirname, "..");
const STACKS = ["h200-ib", "gke", "xpu"];

function optionsFromArgs(): { runs: number; charts?: string } {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, charts: { type: "string" } } });
    const n = Number(values.runs);
    if (!Number.isInteger(n) || n < 1) {
        console.error(`bench:plan: --runs must be a positive integer (got ${values.runs})`);
        process.exit(2);
    }
    return { runs: n, ...(values.charts ? { charts: path.resolve(values.charts) } : {}) };
}

function timeOnce(stack: string, extra: string[] = []): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "plan.ts", "--stack", stack, "--json", ...extra], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) {
        throw new Error(`plan --stack ${stack} ${extra.join(" ")} exited ${r.status}: ${r.stderr}`);
    }
    return ms;
}

const { runs, charts } = optionsFromArgs();

function measure(label: string, stack: string, extra: string[] = []): number {
    const times = Array.from({ length: runs }, () => timeOnce(stack, extra)).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`${label.padEnd(32)} runs=${runs}  min ${times[0].toFixed(0)} ms  median ${median.toFixed(0)} ms  max ${times[times.length - 1].toFixed(0)} ms`);
    return median;
}

for (const stack of STACKS) {
    const plain = measure(`plan --stack ${stack}`, stack);
    if (charts) {
        const rendered = measure(`plan --stack ${stack} --render`, stack, ["--render", "--charts", charts]);
        console.log(`${"".padEnd(32)} --render adds ${(rendered - plain).toFixed(0)} ms (median)`);
    }
}
