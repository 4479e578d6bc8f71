/** Runs a helper program (helm, kubectl) with a time limit, and turns what it prints into one safe line. */
import { execFile } from "child_process";

export interface ProcessResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** Output past this is an error, not a silent cut: a rendered install is a few hundred kilobytes. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Runs `file args` and resolves with its exit code and output; rejects only when it cannot be started
 * or runs past `timeoutMs` (then it is killed).
 */
export function runProcess(file: string, args: string[], opts: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<ProcessResult> {
    return new Promise((resolve, reject) => {
        execFile(
            file,
            args,
            { timeout: opts.timeoutMs, killSignal: "SIGKILL", maxBuffer: MAX_OUTPUT_BYTES, env: opts.env ?? process.env, cwd: opts.cwd, encoding: "utf8" },
            (error, stdout, stderr) => {
                const e = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
                if (e && (e.killed || typeof e.code === "string")) {
                    const why = e.killed ? `did not finish within ${Math.round(opts.timeoutMs / 1000)} s` : `could not be run (${e.code})`;
                    reject(new Error(`${file} ${args[0] ?? ""} ${why}`));
                    return;
                }
                resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr });
            },
        );
    });
}

/**
 * The first non-empty line of what a program printed, cut short and with control characters
 * (terminal escapes included) shown as `\xNN`: a program's or a server's words are printed, never obeyed.
 */
export function firstLine(text: string, max = 300): string {
    const line =
        text
            .split("\n")
            .map((l) => l.trim())
            .find((l) => l !== "") ?? "";
    const safe = line.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
    return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}
