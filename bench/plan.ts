/**
 * Measures the offline plan as a user runs it, against the command it replaced, in the same run:
 *
 * - one stack: `npm run plan`'s command (node, compiled JavaScript from bin/js) against the former one
 *   (node with ts-node compiling every file), per shipped stack;
 * - three stacks: one run with `--stack h200-ib --stack gke --stack xpu` against three runs of the
 *   former command;
 * - wall time, CPU time (user + system) and peak memory (max RSS) of each process.
 *
 * The two commands alternate, run after run, so that a change in the machine's load hits both alike;
 * the ratios (new / former, of the medians) are what to compare across machines.
 *
 *   npm run bench:plan [-- --runs 5] [--charts DIR]
 *
 * With `--charts DIR` (the stacks' charts on disk, docs/render.md), each stack is also timed with
 * `--render --charts DIR`, and the time rendering adds is printed.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "node:util";
import { usageIn } from "./usage";

const PROJECT_DIR = path.resolve(__dirname, "..");
const STACKS = ["h200-ib", "gke", "xpu"];
const USAGE = ["-r", "./bench/reportUsage.ts"];
/** `npm run plan`'s command, and the one it replaced. */
const COMMANDS = {
    compiled: [process.execPath, "-r", "./scripts/js/register.js", ...USAGE, "plan.ts"],
    tsNode: [process.execPath, "-r", "ts-node/register/transpile-only", ...USAGE, "plan.ts"],
};

interface Sample {
    wallMs: number;
    cpuMs: number;
    maxRssKiB: number;
}

/** Runs one command to its end; its wall time, and the CPU and memory its usage line reports. */
export function runOnce(command: string[], env: NodeJS.ProcessEnv = process.env): Sample {
    const start = process.hrtime.bigint();
    const r = spawnSync(command[0], command.slice(1), { cwd: PROJECT_DIR, encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const usage = usageIn(r.stderr);
    if (r.status !== 0 || usage === undefined) {
        throw new Error(`${command.slice(1).join(" ")} exited ${r.status}: ${r.stderr.split("\n")[0]}`);
    }
    return { wallMs, ...usage };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Adds samples: the former three-stack plan is three processes, one after the other. */
const sum = (samples: Sample[]): Sample => ({
    wallMs: samples.reduce((n, s) => n + s.wallMs, 0),
    cpuMs: samples.reduce((n, s) => n + s.cpuMs, 0),
    maxRssKiB: Math.max(...samples.map((s) => s.maxRssKiB)),
});

interface Row {
    label: string;
    compiled: Sample[];
    former: Sample[];
}

function measure(label: string, runs: number, compiled: () => Sample, former: () => Sample): Row {
    const row: Row = { label, compiled: [], former: [] };
    for (let i = 0; i < runs; i++) {
        row.former.push(former());
        row.compiled.push(compiled());
    }
    const m = (xs: Sample[], k: keyof Sample) => median(xs.map((s) => s[k]));
    const ratio = (k: keyof Sample) => (m(row.compiled, k) / m(row.former, k)).toFixed(2);
    console.log(
        `${label.padEnd(46)} runs=${runs}  wall ${(m(row.compiled, "wallMs") / 1000).toFixed(2)} s (former ${(m(row.former, "wallMs") / 1000).toFixed(2)} s, ×${ratio("wallMs")})` +
            `  cpu ${(m(row.compiled, "cpuMs") / 1000).toFixed(2)} s (×${ratio("cpuMs")})` +
            `  max rss ${(Math.max(...row.compiled.map((s) => s.maxRssKiB)) / 1024).toFixed(0)} MiB (former ${(Math.max(...row.former.map((s) => s.maxRssKiB)) / 1024).toFixed(0)} MiB)`,
    );
    return row;
}

function main(): number {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, charts: { type: "string" } } });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) {
        console.error(`bench:plan: --runs must be a positive integer (got ${values.runs})`);
        return 2;
    }
    const charts = values.charts ? path.resolve(values.charts) : undefined;
    console.log(`bench:plan ${new Date().toISOString()}  node ${process.version}  ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}  load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    for (const stack of STACKS) {
        const args = ["--stack", stack, "--json"];
        measure(`plan --stack ${stack}`, runs, () => runOnce([...COMMANDS.compiled, ...args]), () => runOnce([...COMMANDS.tsNode, ...args]));
        if (charts) {
            const render = [...args, "--render", "--charts", charts];
            const plain = median(Array.from({ length: runs }, () => runOnce([...COMMANDS.compiled, ...args]).wallMs));
            const rendered = median(Array.from({ length: runs }, () => runOnce([...COMMANDS.compiled, ...render]).wallMs));
            console.log(`${"".padEnd(46)} --render adds ${(rendered - plain).toFixed(0)} ms (median)`);
        }
    }
    measure(
        `plan ${STACKS.map((s) => `--stack ${s}`).join(" ")}`,
        runs,
        () => runOnce([...COMMANDS.compiled, ...STACKS.flatMap((s) => ["--stack", s]), "--json"]),
        () => sum(STACKS.map((s) => runOnce([...COMMANDS.tsNode, "--stack", s, "--json"]))),
    );
    console.log(`load after: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (1, 5, 15 min); former = node -r ts-node/register/transpile-only plan.ts, one process per stack`);
    return 0;
}

if (require.main === module) {
    process.exitCode = main();
}
