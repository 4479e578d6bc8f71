/**
 * Runs the offline plan: in this process through `planCommand` (the function the CLI calls), or as
 * the CLI itself (`npm run plan`'s command: node with the compiled-JavaScript loader). Also writes
 * throwaway stack files.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { planCommand } from "../../plan";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/**
 * What a spawned plan may take before it counts as hung: generous, since a busy machine (load 10-30 on
 * two cores) slows a plan tenfold; speed is measured by `npm run bench:plan`, never asserted.
 */
export const PLAN_PROCESS_LIMIT_MS = 600_000;

/** `npm run plan`'s command line, without npm: node, the compiled-JavaScript loader, plan.ts. */
export const PLAN_COMMAND = [process.execPath, "-r", "./scripts/js/register.js", "plan.ts"];

export interface PlanRun {
    status: number | null;
    stdout: string;
    stderr: string;
    json: () => any;
}

/**
 * The plan in this process: what the CLI would print for these arguments, and its exit code. For
 * every test of what a plan holds; only the tests of the command line itself spawn it.
 */
export async function planInProcess(...args: string[]): Promise<PlanRun> {
    const r = await planCommand(args);
    return { status: r.code, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

/** The CLI in a child process, as a user runs it: for its arguments, exit codes and output streams. */
export function runPlanCli(...args: string[]): PlanRun {
    return runPlanCliWithEnv(process.env, ...args);
}

/** {@link runPlanCli} with this environment (a proxy, a PDSTACK_HELM). */
export function runPlanCliWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): PlanRun {
    const [node, ...nodeArgs] = PLAN_COMMAND;
    const r = spawnSync(node, [...nodeArgs, ...args], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
        env,
        timeout: PLAN_PROCESS_LIMIT_MS,
        maxBuffer: 256 * 1024 * 1024,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

const tempDirs: string[] = [];
process.on("exit", () => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A temp dir removed when the test process exits. */
export function tempDir(prefix = "pdstack-"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    tempDirs.push(dir);
    return dir;
}

/** Writes `Pulumi.<stack>.yaml` with these `llm-d-pd:` keys to a temp dir; returns its path. */
export function writeStackFile(stack: string, config: Record<string, unknown>): string {
    const dir = tempDir();
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    const prefixed = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `llm-d-pd:${k}`, v]));
    fs.writeFileSync(file, YAML.stringify({ config: prefixed }));
    return file;
}
