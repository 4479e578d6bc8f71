/** `npm run smoke` in this process (smoke/index.ts main), its output collected, and the checks every run must pass. */
import * as assert from "assert";
import { main, SmokeIo } from "../../smoke/index";
import { hasUnsafe } from "../../smoke/printable";

export interface MainRun {
    code: number;
    stdout: string;
    stderr: string;
    ms: number;
}

export async function runMain(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<MainRun> {
    let stdout = "";
    let stderr = "";
    const io: SmokeIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env };
    const start = performance.now();
    const code = await main(argv, io);
    return { code, stdout, stderr, ms: performance.now() - start };
}

/** The run failed (exit 1) with exactly one line on stderr; returns it. */
export function oneErrorLine(run: { code: number; stderr: string }): string {
    assert.strictEqual(run.code, 1, run.stderr);
    const lines = run.stderr.split("\n").filter((l) => l !== "");
    assert.strictEqual(lines.length, 1, run.stderr);
    return lines[0];
}

/** What every run owes the terminal: exit 0 or 1, one line on stderr exactly when 1, no raw control character, valid JSON with --json. */
export function assertWellBehaved(run: { code: number; stdout: string; stderr: string }, json: boolean): void {
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
    const errLines = run.stderr.split("\n").filter((l) => l !== "");
    assert.strictEqual(errLines.length, run.code === 1 ? 1 : 0, `stderr: ${run.stderr}`);
    for (const [name, text] of [["stdout", run.stdout], ["stderr", run.stderr]]) {
        assert.ok(!hasUnsafe(text.replace(/\n/g, "")), `a raw control character on ${name}: ${JSON.stringify(text.slice(0, 400))}`);
    }
    assert.doesNotMatch(run.stdout + run.stderr, /^\s+at .+:\d+:\d+\)?$/m, "a stack trace leaked");
    if (json) {
        const report = JSON.parse(run.stdout);
        assert.strictEqual(report.ok, run.code === 0);
    }
}
