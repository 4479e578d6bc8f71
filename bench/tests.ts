/**
 * Measures the test suite as CI runs it (`npm test`: mocha with .mocharc.json, parallel, one package
 * build): wall time of N whole runs, and the closing "N passed, N failed" line of each.
 *
 *   npm run bench:tests [-- --runs 3] [--baseline <git ref>]
 *
 * With `--baseline <ref>` (e.g. `main`, or the commit before a change), the suite of that commit runs
 * too, in a temporary git worktree sharing this checkout's node_modules, alternating with this one,
 * and the ratio of the median wall times (this / baseline) is printed: both measured under the same
 * load. The worktree is removed afterwards.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "node:util";

const PROJECT_DIR = path.resolve(__dirname, "..");

interface SuiteRun {
    wallS: number;
    totals: string;
    /** The titles of the failed tests, as mocha's reporter lists them ("1) suite ... test:"). */
    failures: string[];
}

/** The failed tests' first title lines from mocha's spec reporter output. */
export function failedTitles(stdout: string): string[] {
    const at = stdout.search(/^\s*\d+ failing$/m);
    return at < 0 ? [] : [...stdout.slice(at).matchAll(/^ {2}(\d+\) .*)$/gm)].map((m) => m[1].trim());
}

/** One whole `npm test` (mocha with the project's .mocharc.json) in `dir`. */
function runSuite(dir: string): SuiteRun {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(dir, "node_modules", "mocha", "bin", "mocha.js")], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const wallS = Number(process.hrtime.bigint() - start) / 1e9;
    const totals = /^(\d+) passed, (\d+) failed.*$/m.exec(r.stdout)?.[0] ?? `no totals line (exit ${r.status})`;
    return { wallS, totals, failures: failedTitles(r.stdout) };
}

/** A checkout of `ref` in a temp dir, with this checkout's node_modules; removed by the returned function. */
function baselineTree(ref: string): { dir: string; remove: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdstack-bench-baseline-"));
    const git = (...args: string[]) => {
        const r = spawnSync("git", args, { cwd: PROJECT_DIR, encoding: "utf8" });
        if (r.status !== 0) {
            throw new Error(`git ${args.join(" ")}: ${r.stderr.trim().split("\n")[0]}`);
        }
    };
    git("worktree", "add", "--detach", dir, ref);
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"));
    return { dir, remove: () => git("worktree", "remove", "--force", dir) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): number {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "1" }, baseline: { type: "string" } } });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1 || runs > 10) {
        console.error(`bench:tests: --runs must be an integer from 1 to 10 (got ${values.runs})`);
        return 2;
    }
    console.log(`bench:tests ${new Date().toISOString()}  node ${process.version}  ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}  load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    const baseline = values.baseline ? baselineTree(values.baseline) : undefined;
    const mine: number[] = [];
    const theirs: number[] = [];
    try {
        for (let i = 1; i <= runs; i++) {
            if (baseline) {
                const b = runSuite(baseline.dir);
                theirs.push(b.wallS);
                console.log(`baseline ${values.baseline} run ${i}/${runs}: ${b.wallS.toFixed(1)} s wall, ${b.totals}${b.failures.map((f) => `\n  ${f}`).join("")}`);
            }
            const r = runSuite(PROJECT_DIR);
            mine.push(r.wallS);
            console.log(`npm test run ${i}/${runs}: ${r.wallS.toFixed(1)} s wall, ${r.totals}${r.failures.map((f) => `\n  ${f}`).join("")}`);
        }
    } finally {
        baseline?.remove();
    }
    if (baseline) {
        console.log(`median wall: ${median(mine).toFixed(1)} s against ${median(theirs).toFixed(1)} s for ${values.baseline} (×${(median(mine) / median(theirs)).toFixed(2)})`);
    }
    console.log(`load after: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (1, 5, 15 min)`);
    return 0;
}

if (require.main === module) {
    process.exitCode = main();
}
