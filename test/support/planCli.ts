/** Runs the offline plan as a user does (`node plan.ts ...`), and writes throwaway stack files. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export interface PlanRun {
    status: number | null;
    stdout: string;
    stderr: string;
    json: () => any;
}

export function runPlanCli(...args: string[]): PlanRun {
    return runPlanCliWithEnv(process.env, ...args);
}

/** {@link runPlanCli} with this environment (a proxy, a PDSTACK_HELM). */
export function runPlanCliWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): PlanRun {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "plan.ts", ...args], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
        env: { ...env, TS_NODE_TRANSPILE_ONLY: "true" },
        timeout: 60_000,
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
