/**
 * Measures the offline plan: wall time of `plan.ts --stack <s> --json` as a user runs it (a fresh
 * node process each time, ts-node included), N runs per shipped stack; prints min/median/max.
 *
 *   npm run bench:plan [-- --runs 5]
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { parseArgs } from "node:util";

const PROJECT_DIR = path.resolve(__dirname, "..");
const STACKS = ["h200-ib", "gke", "xpu"];

function runsFromArgs(): number {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
    const n = Number(values.runs);
    if (!Number.isInteger(n) || n < 1) {
        console.error(`bench:plan: --runs must be a positive integer (got ${values.runs})`);
        process.exit(2);
    }
    return n;
}

function timeOnce(stack: string): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "plan.ts", "--stack", stack, "--json"], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) {
        throw new Error(`plan --stack ${stack} exited ${r.status}: ${r.stderr}`);
    }
    return ms;
}

const runs = runsFromArgs();
for (const stack of STACKS) {
    const times = Array.from({ length: runs }, () => timeOnce(stack)).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`plan --stack ${stack.padEnd(8)} runs=${runs}  min ${times[0].toFixed(0)} ms  median ${median.toFixed(0)} ms  max ${times[times.length - 1].toFixed(0)} ms`);
}
