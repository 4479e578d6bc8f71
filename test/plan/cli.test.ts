/**
 * The plan as a command-line tool: arguments, --help, exit codes, the text output, and through npm
 * as the README runs it (`npm run plan -- --json` prints only JSON on stdout, npm's own errors show).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR, runPlanCli, tempDir, writeStackFile } from "../support/planCli";

/** The environment without npm_config_* (set when the tests run under `npm test`), so the project's .npmrc decides. */
function npmEnv(): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
}

function npm(args: string[], cwd: string) {
    return spawnSync("npm", args, { cwd, encoding: "utf8", env: npmEnv(), timeout: 120_000 });
}

describe("npm run plan: the command line", () => {
    it("--help prints the usage and the options on stdout and exits 0", () => {
        const run = runPlanCli("--help");
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /^usage: npm run plan -- --stack <name> \[--json\] \[--config-file <file>\] \[--policy-config <file>\] \[--render \[--charts <dir>\]\]\n/);
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

    it("text plan: lists only the outputs that apply (no undefined; gke has the gateway address, not a port-forward)", () => {
        const run = runPlanCli("--stack", "gke");
        assert.strictEqual(run.status, 0, run.stderr);
        const outputs = run.stdout.slice(run.stdout.indexOf("\nOutputs:\n"), run.stdout.indexOf("\n\n", run.stdout.indexOf("\nOutputs:\n") + 1));
        assert.doesNotMatch(outputs, /undefined/);
        assert.doesNotMatch(outputs, /kubeconfig|clusterName|portForwardCommand|gatewayService:/);
        assert.match(outputs, /\n {2}gatewayAddressCommand: kubectl get gateway -n llm-d-pd infra-pd-inference-gateway -o jsonpath='\{\.status\.addresses\[0\]\.value\}'\n/);
        assert.match(outputs, /\n {2}curlCommand: curl -s http:\/\/\$\(kubectl get gateway -n llm-d-pd infra-pd-inference-gateway /);
    });

    it("refuses a plain-text token as pulumi up does: exit 1, the key and the fix on stderr, never the token", () => {
        const token = "hf_PlainTextTokenThatMustNotBeEchoed0123456789";
        const run = runPlanCli("--stack", "plain", "--config-file", writeStackFile("plain", { hardware: "xpu", hfToken: token }), "--json");
        assert.strictEqual(run.status, 1);
        assert.strictEqual(run.stdout, "");
        assert.strictEqual(
            run.stderr,
            "invalid stack configuration:\n  llm-d-pd:hfToken: is stored in plain text in the stack's config; store it encrypted: pulumi config set --secret hfToken <token>\n",
        );
    });

    it("plans a stack that names an existing Secret and sets no token: no token Secret, no note", () => {
        const run = runPlanCli("--stack", "own", "--config-file", writeStackFile("own", { hardware: "xpu", existingHfTokenSecret: "my-hf-token" }), "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        const plan = run.json();
        assert.deepStrictEqual(plan.notes, []);
        assert.strictEqual(plan.resources.filter((r: any) => r.type === "kubernetes:core/v1:Secret").length, 0);
    });

    describe("through npm, as the README runs it", () => {
        it("npm run plan -- --stack xpu --json prints only the JSON document on stdout (npm's banner goes to stderr)", () => {
            const run = npm(["run", "plan", "--", "--stack", "xpu", "--json"], PROJECT_DIR);
            assert.strictEqual(run.status, 0, run.stderr);
            assert.strictEqual(JSON.parse(run.stdout).stack, "xpu");
            assert.match(run.stderr, /> pdstack@\S+ plan\n/);
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
