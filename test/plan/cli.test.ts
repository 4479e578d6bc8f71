/**
 * The plan as a command-line tool: arguments, --help, exit codes, output streams (spawned, as a user
 * runs it), through npm and npx as the docs run it (`npx pdstack plan --json` prints exactly one JSON
 * document on stdout, npm's own errors show), and what a plan holds (in process, through the same
 * function the CLI calls).
 */
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { worstExitCode } from "../../plan";
import { PLAN_PROCESS_LIMIT_MS, PROJECT_DIR, planInProcess, runPlanCli, tempDir, writeStackFile } from "../support/planCli";

/** The environment without npm_config_* (set when the tests run under `npm test`), so the project's .npmrc decides. */
function npmEnv(): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
}

function npm(args: string[], cwd: string) {
    return spawnSync("npm", args, { cwd, encoding: "utf8", env: npmEnv(), timeout: PLAN_PROCESS_LIMIT_MS });
}

describe("npm run plan: the command line", () => {
    it("--help prints the usage and the options on stdout and exits 0", () => {
        const run = runPlanCli("--help");
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /^usage: npm run plan -- --stack <name> \[--stack <name> \.\.\.\] \[--json\] \[--config-file <file>\] \[--policy-config <file>\] \[--render \[--charts <dir>\]\]\n/);
        assert.match(run.stdout, /--policy-config <file>/);
        assert.strictEqual(run.stderr, "");
    });

    it("exits 2 with one line on stderr, and nothing on stdout, on bad arguments", () => {
        const cases: [string[], string][] = [
            [["--stak", "xpu"], "invalid arguments: Unknown option '--stak'"],
            [["--stack"], "invalid arguments: Option '-s, --stack <value>' argument missing"],
            [["xpu"], "invalid arguments: Unexpected argument 'xpu'. This command does not take positional arguments"],
            [["--json"], "invalid arguments: --stack is required"],
        ];
        for (const [args, reason] of cases) {
            const run = runPlanCli(...args);
            assert.strictEqual(run.status, 2, args.join(" "));
            assert.strictEqual(run.stdout, "");
            assert.strictEqual(run.stderr.split("\n").length, 2, `one line: ${run.stderr}`);
            assert.ok(run.stderr.startsWith(`${reason} (usage: npm run plan -- --stack <name>`), run.stderr);
        }
    });

    it("text plan: lists only the outputs that apply (no undefined; gke has the gateway address, not a port-forward)", async () => {
        const run = await planInProcess("--stack", "gke");
        assert.strictEqual(run.status, 0, run.stderr);
        const outputs = run.stdout.slice(run.stdout.indexOf("\nOutputs:\n"), run.stdout.indexOf("\n\n", run.stdout.indexOf("\nOutputs:\n") + 1));
        assert.doesNotMatch(outputs, /undefined/);
        assert.doesNotMatch(outputs, /kubeconfig|clusterName|portForwardCommand|gatewayService:/);
        assert.match(outputs, /\n {2}gatewayAddressCommand: kubectl get gateway -n llm-d-pd infra-pd-inference-gateway -o jsonpath='\{\.status\.addresses\[0\]\.value\}'\n/);
        assert.match(outputs, /\n {2}curlCommand: curl -s http:\/\/\$\(kubectl get gateway -n llm-d-pd infra-pd-inference-gateway /);
    });

    it("refuses a plain-text token as pulumi up does: exit 1, the key and the fix on stderr, never the token", async () => {
        const token = "hf_PlainTextTokenThatMustNotBeEchoed0123456789";
        const run = await planInProcess("--stack", "plain", "--config-file", writeStackFile("plain", { hardware: "xpu", hfToken: token }), "--json");
        assert.strictEqual(run.status, 1);
        assert.strictEqual(run.stdout, "");
        assert.strictEqual(
            run.stderr,
            "invalid stack configuration:\n  llm-d-pd:hfToken: is stored in plain text in the stack's config; store it encrypted: pulumi config set --secret hfToken <token>\n",
        );
    });

    it("plans a stack that names an existing Secret and sets no token: no token Secret, no note", async () => {
        const run = await planInProcess("--stack", "own", "--config-file", writeStackFile("own", { hardware: "xpu", existingHfTokenSecret: "my-hf-token" }), "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        const plan = run.json();
        assert.deepStrictEqual(plan.notes, []);
        assert.strictEqual(plan.resources.filter((r: any) => r.type === "kubernetes:core/v1:Secret").length, 0);
    });

    describe("several stacks in one run", () => {
        it("--json prints an array of the plans in the order given, each the same as its stack planned alone", async () => {
            const alone: Record<string, string> = {};
            for (const stack of ["gke", "h200-ib", "xpu"]) {
                const run = await planInProcess("--stack", stack, "--json");
                assert.strictEqual(run.status, 0, run.stderr);
                alone[stack] = run.stdout;
            }
            for (const order of [["gke", "h200-ib", "xpu"], ["xpu", "gke", "h200-ib"]]) {
                const run = await planInProcess(...order.flatMap((s) => ["--stack", s]), "--json");
                assert.strictEqual(run.status, 0, run.stderr);
                const plans = run.json();
                assert.ok(Array.isArray(plans) && plans.length === 3, "an array of three plans");
                order.forEach((stack, i) => assert.strictEqual(`${JSON.stringify(plans[i], null, 2)}\n`, alone[stack], `${order.join(",")}: ${stack}'s plan differs from planning it alone`));
            }
        });

        it("text: the plans one after the other, each as alone", async () => {
            const alone = await Promise.all(["h200-ib", "xpu"].map(async (s) => (await planInProcess("--stack", s)).stdout));
            const both = await planInProcess("--stack", "h200-ib", "--stack", "xpu");
            assert.strictEqual(both.status, 0, both.stderr);
            assert.strictEqual(both.stdout, alone.join("\n"));
        });

        it("the exit code is the worst of the stacks': a stack that cannot be planned makes it 1, with its reason and no plan", async () => {
            const run = await planInProcess("--stack", "xpu", "--stack", "nope", "--json");
            assert.strictEqual(run.status, 1);
            assert.strictEqual(run.stdout, "");
            assert.match(run.stderr, /^stack nope: invalid stack:\n {2}--stack nope: no stack file /);
            assert.deepStrictEqual([worstExitCode([0, 3, 0]), worstExitCode([3, 1]), worstExitCode([1, 3]), worstExitCode([0, 0])], [3, 1, 1, 0]);
        });

        it("refuses a stack given twice and --config-file with several stacks (exit 2)", async () => {
            for (const [args, reason] of [
                [["--stack", "xpu", "--stack", "xpu"], "--stack xpu is given twice"],
                [["--stack", "xpu", "--stack", "gke", "--config-file", "x.yaml"], "--config-file is the file of one stack: give one --stack with it"],
            ] as [string[], string][]) {
                const run = await planInProcess(...args);
                assert.strictEqual(run.status, 2);
                assert.strictEqual(run.stdout, "");
                assert.ok(run.stderr.startsWith(`invalid arguments: ${reason} (usage:`), run.stderr);
            }
        });
    });

    describe("output streams", () => {
        it("a plan written to a pipe that a slow reader drains arrives whole (>1 MB on stdout and stderr), with its exit code", async () => {
            const out = 3 * 1024 * 1024 + 17;
            const err = 1024 * 1024 + 5;
            const script = `require("./plan.ts").writeResult({ code: 3, stdout: "o".repeat(${out - 1}) + "\\n", stderr: "e".repeat(${err - 1}) + "\\n" })`;
            const child = spawn(process.execPath, ["-r", "./scripts/js/register.js", "-e", script], { cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"] });
            const read = (stream: NodeJS.ReadableStream) =>
                new Promise<number>((resolve) => {
                    let bytes = 0;
                    // Reads 64 KiB, then nothing for 20 ms: far slower than the writer.
                    stream.on("data", (chunk: Buffer) => {
                        bytes += chunk.length;
                        stream.pause();
                        setTimeout(() => stream.resume(), 20);
                    });
                    stream.on("end", () => resolve(bytes));
                });
            const [stdoutBytes, stderrBytes, code] = await Promise.all([read(child.stdout!), read(child.stderr!), new Promise((r) => child.on("close", r))]);
            assert.deepStrictEqual({ stdoutBytes, stderrBytes, code }, { stdoutBytes: out, stderrBytes: err, code: 3 });
        });

        it("no command-line tool of the project calls process.exit (it would cut output still queued for a pipe)", () => {
            const tools = ["plan.ts", "smoke/index.ts", "bench/plan.ts", "bench/tests.ts", "scripts/docs/cli.ts", "scripts/js/pdstack.js", "scripts/js/build.js"];
            for (const file of tools) {
                const code = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "");
                assert.doesNotMatch(code, /process\.exit\(/, file);
            }
        });
    });

    describe("what a plan loads", () => {
        /** How many modules of `pkg` a fresh `npm run plan` process holds after planning with these arguments. */
        const loadedAfter = (pkg: string, ...args: string[]) => {
            const script =
                `require("./plan.ts").planCommand(${JSON.stringify(args)}).then((r) => { if (r.code !== 0) throw new Error(r.stderr); ` +
                `console.log(Object.keys(require.cache).filter((f) => f.includes("/node_modules/${pkg}/")).length); })`;
            const r = spawnSync(process.execPath, ["-r", "./scripts/js/register.js", "-e", script], { cwd: PROJECT_DIR, encoding: "utf8", timeout: PLAN_PROCESS_LIMIT_MS });
            assert.strictEqual(r.status, 0, r.stderr);
            return Number(r.stdout.trim());
        };

        it("@pulumi/gcp only for a stack that creates its GKE cluster (then it plans the gcp resources)", () => {
            // Only the stand-ins the loader puts in place of the @pulumi/gcp modules GkeCluster imports, until first use.
            const imported = fs.readFileSync(path.join(PROJECT_DIR, "components/gke/gkeCluster.ts"), "utf8").match(/^import \* as \w+ from "@pulumi\/gcp\/\w+";$/gm) ?? [];
            assert.strictEqual(imported.length, 3, "GkeCluster imports compute, container and projects");
            assert.strictEqual(loadedAfter("@pulumi/gcp", "--stack", "gke", "--stack", "xpu", "--stack", "h200-ib"), imported.length);
            const created = writeStackFile("gke-new", { hardware: "gke", gkeCluster: { create: true, region: "us-central1", project: "p", reservation: "h200-resv" } });
            assert.ok(loadedAfter("@pulumi/gcp", "--stack", "gke-new", "--config-file", created) > imported.length, "the check above can see @pulumi/gcp when it loads");
        });

        it("neither the Automation API nor npm's arborist (the plan drives no Pulumi CLI)", () => {
            assert.strictEqual(loadedAfter("@npmcli/arborist", "--stack", "xpu"), 1);
            assert.strictEqual(loadedAfter("@pulumi/pulumi/automation", "--stack", "xpu"), 1);
        });
    });

    describe("through npx and npm, as the docs run it", () => {
        const npx = (...args: string[]) => spawnSync("npx", ["pdstack", "plan", ...args], { cwd: PROJECT_DIR, encoding: "utf8", env: npmEnv(), timeout: PLAN_PROCESS_LIMIT_MS, maxBuffer: 64 * 1024 * 1024 });

        it("npx pdstack plan --json: exactly one JSON document on stdout on exit 0 and on exit 3 (a mandatory violation)", () => {
            const ok = npx("--stack", "xpu", "--json");
            assert.strictEqual(ok.status, 0, ok.stderr);
            assert.strictEqual(JSON.parse(ok.stdout).stack, "xpu");
            const file = writeStackFile("big", { hardware: "h200-ib", prefill: { replicas: 8 } });
            const violated = npx("--stack", "big", "--config-file", file, "--json");
            assert.strictEqual(violated.status, 3, violated.stderr);
            const plan = JSON.parse(violated.stdout);
            assert.deepStrictEqual(plan.violations.map((v: any) => v.policy), ["pd-accelerator-budget"]);
        });

        it("npx pdstack plan: nothing on stdout on exit 1 (the reason on stderr) and exit 2", () => {
            const failed = npx("--stack", "nope", "--json");
            assert.strictEqual(failed.status, 1);
            assert.strictEqual(failed.stdout, "");
            assert.match(failed.stderr, /--stack nope: no stack file/);
            const usage = npx("--stak", "xpu");
            assert.strictEqual(usage.status, 2);
            assert.strictEqual(usage.stdout, "");
            assert.match(usage.stderr, /^invalid arguments: Unknown option '--stak'/m);
        });

        it("npm run plan (text) runs the compiled plan; npm adds no document of its own to stdout on exit 3", () => {
            const file = writeStackFile("big", { hardware: "h200-ib", prefill: { replicas: 8 } });
            const run = npm(["run", "plan", "--", "--stack", "big", "--config-file", file], PROJECT_DIR);
            assert.strictEqual(run.status, 3, run.stderr);
            assert.match(run.stdout, /^Plan for stack big: /m);
            assert.match(run.stdout, /^Policy violations: 1\n[\s\S]*\n$/m);
            assert.doesNotMatch(run.stdout, /"error"/);
        });

        it("npm's own errors are visible: a mistyped script", () => {
            const run = npm(["run", "plna"], PROJECT_DIR);
            assert.strictEqual(run.status, 1);
            assert.match(run.stderr, /^npm error Missing script: "plna"\n/);
        });

        it("npm's own errors are visible: an npm ci that cannot install (offline, registry on 127.0.0.1)", () => {
            const dir = tempDir("pdstack-npmci-");
            fs.copyFileSync(path.join(PROJECT_DIR, ".npmrc"), path.join(dir, ".npmrc"));
            const pkg = { name: "npmci-probe", version: "1.0.0", dependencies: { "pdstack-no-such-package": "1.0.0" } };
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg));
            const lock = { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages: { "": { name: pkg.name, version: pkg.version } } };
            fs.writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify(lock));
            const run = npm(["ci", "--offline", "--registry", "http://127.0.0.1:9/", "--cache", path.join(dir, "cache"), "--no-audit", "--no-fund"], dir);
            assert.notStrictEqual(run.status, 0);
            assert.match(run.stderr, /npm error code ENOTCACHED\nnpm error request to http:\/\/127\.0\.0\.1:9\/pdstack-no-such-package failed/);
        });
    });
});
