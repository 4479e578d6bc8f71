/**
 * Runs the real Pulumi CLI of the e2e toolchain against a local file backend: no Pulumi Cloud, no
 * update check, no plugin download (every plugin is on $PATH, where the CLI looks first), no registry
 * look-up, a passphrase secrets provider.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../support/planCli";

/** What one CLI run may take at most: only a hung run reaches it (an `up` of the test stack takes about a minute). */
const RUN_TIMEOUT_MS = 20 * 60_000;

let cachedBin: string | undefined;

/**
 * The folder of the toolchain binaries: $PDSTACK_TOOLCHAIN_BIN (set by .ci/run), else what
 * scripts/toolchain.sh prints (which builds the toolchain on its first run, then answers from its cache).
 */
export function toolchainBin(): string {
    if (!cachedBin) {
        cachedBin =
            process.env.PDSTACK_TOOLCHAIN_BIN ||
            execFileSync("bash", [path.join(PROJECT_DIR, "scripts", "toolchain.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
        if (!fs.existsSync(path.join(cachedBin, "pulumi"))) {
            throw new Error(`no pulumi in ${cachedBin}: run scripts/toolchain.sh`);
        }
    }
    return cachedBin;
}

/** The Python of the toolchain's virtualenv (with the `pulumi` SDK). */
export function toolchainPython(): string {
    return path.join(toolchainBin(), "..", "python", "bin", "python3");
}

export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
    /** stdout and stderr, for an assertion message. */
    output: string;
}

export interface WorkspaceOptions {
    /** The Pulumi project folder (Pulumi.yaml). */
    projectDir: string;
    /** Where state, PULUMI_HOME and logs go. */
    tmp: string;
    /** KUBECONFIG for the provider (the test cluster's). */
    kubeconfig?: string;
    env?: Record<string, string>;
}

/** One project with its own state backend and Pulumi home. */
export class PulumiWorkspace {
    readonly env: Record<string, string>;

    constructor(readonly opts: WorkspaceOptions) {
        const bin = toolchainBin();
        const state = path.join(opts.tmp, "state");
        fs.mkdirSync(state, { recursive: true });
        this.env = {
            ...(process.env as Record<string, string>),
            PATH: `${bin}:${path.dirname(toolchainPython())}:${process.env.PATH}`,
            PULUMI_HOME: path.join(opts.tmp, "pulumi-home"),
            PULUMI_BACKEND_URL: `file://${state}`,
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
            // ts-node without type-checking: `npm run typecheck` checks the sources.
            PULUMI_NODEJS_TRANSPILE_ONLY: "true",
            PULUMI_PYTHON_CMD: toolchainPython(),
            NO_COLOR: "1",
            ...(opts.kubeconfig ? { KUBECONFIG: opts.kubeconfig } : {}),
            ...opts.env,
        };
        // The CLI's own config may not leak in from the machine.
        delete this.env.PULUMI_ACCESS_TOKEN;
        delete this.env.PULUMI_CONFIG;
    }

    /** Runs `pulumi <args>` in the project folder; never throws on a non-zero exit. */
    run(args: string[], input?: string): Promise<CliResult> {
        return new Promise((resolve, reject) => {
            const child = spawn(path.join(toolchainBin(), "pulumi"), [...args, "--non-interactive", "--color=never"], {
                cwd: this.opts.projectDir,
                env: this.env,
                stdio: ["pipe", "pipe", "pipe"],
                detached: true,
            });
            let stdout = "";
            let stderr = "";
            child.stdout.setEncoding("utf8").on("data", (c) => (stdout += c));
            child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
            const timer = setTimeout(() => {
                try {
                    process.kill(-child.pid!, "SIGKILL");
                } catch {
                    // gone
                }
            }, RUN_TIMEOUT_MS);
            child.on("error", (err) => {
                clearTimeout(timer);
                reject(err);
            });
            child.on("close", (code) => {
                clearTimeout(timer);
                resolve({ code, stdout, stderr, output: `$ pulumi ${args.join(" ")}\n${stdout}\n${stderr}` });
            });
            child.stdin.end(input ?? "");
        });
    }

    /** Runs and fails with the whole output unless the exit code is 0. */
    async ok(args: string[], input?: string): Promise<CliResult> {
        const r = await this.run(args, input);
        if (r.code !== 0) {
            throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.stdout.slice(-6000)}\n${r.stderr.slice(-4000)}`);
        }
        return r;
    }
}

/** A temp folder under the OS temp dir, removed at exit of the test process unless PDSTACK_E2E_KEEP is set. */
export function e2eTempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pdstack-e2e-${prefix}-`));
    if (!process.env.PDSTACK_E2E_KEEP) {
        process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    }
    return dir;
}

/** One step of a `pulumi preview --json`: its operation, the resource's type and its name. */
export interface PreviewStep {
    op: string;
    type: string;
    name: string;
}

/** The steps of a `pulumi preview --json` output. */
export function previewSteps(previewJson: string): PreviewStep[] {
    return (JSON.parse(previewJson).steps ?? []).map((s: any) => ({ op: s.op, type: s.urn.split("::")[2].split("$").pop(), name: s.urn.split("::").pop() }));
}
