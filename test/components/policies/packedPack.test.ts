/**
 * The policy pack as `pulumi policy publish` sends it: `npm pack --loglevel=error` in policy/, the
 * tarball's name read from stdout and the tarball from policy/ (as the CLI does, sdk/nodejs/npm
 * npmManager.Pack), then unpacked in a temporary directory and installed there with `npm install`, as
 * the CLI installs a published pack, offline from npm's cache (the project's lock file pins the
 * versions), so the install has the pack's declared dependencies and nothing else. A child process
 * loads the pack's index with the real @pulumi/policy whose PolicyPack is intercepted, so it records its
 * arguments instead of starting the policy server, and runs the recorded policies with
 * plan/policyEvaluator on a recorded plan.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as YAML from "yaml";
import { PlannedResource } from "../../../plan/recorder";
import { PROJECT_DIR, tempDir } from "../../support/planCli";
import { ms, mutate, recordEachHardware } from "../../support/policyFixture";
import { ensureBuilt } from "../../support/build";

const POLICY_DIR = path.join(PROJECT_DIR, "policy");

interface PackageJson {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    bundleDependencies?: string[];
}

/** What the child process reports. */
interface PackRun {
    name: string;
    description: string;
    enforcementLevel: string;
    policies: { name: string; enforcementLevel: string }[];
    /** The names of the POLICIES the pack's own lib/policies exports. */
    published: string[];
    /** Every require made by a file of the installed pack. */
    resolutions: { request: string; from: string; to: string }[];
    /** `@pulumi/pulumi/cmd/run-policy-pack`, which the Pulumi CLI runs the pack with, resolved from the pack. */
    runPolicyPack: string;
    violations: Record<string, { policy: string; level: string; resource: string | null; message: string }[]>;
}

/** Loads the installed pack in its own process; argv: pack dir, plans JSON file, project dir. */
const RUNNER = `
const Module = require("module");
const fs = require("fs");
const path = require("path");
const [packDir, plansFile, projectDir] = process.argv.slice(2);
const resolutions = [];
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
    const to = resolveFilename.call(this, request, parent, ...rest);
    // The pack's own files: its index and lib/, not the packages installed beside them.
    if (parent && parent.filename && parent.filename.startsWith(packDir + path.sep) && !parent.filename.startsWith(path.join(packDir, "node_modules") + path.sep)) {
        resolutions.push({ request, from: parent.filename, to });
    }
    return to;
};
require(path.join(projectDir, "node_modules", "ts-node")).register({
    transpileOnly: true,
    compilerOptions: { module: "commonjs", moduleResolution: "node" },
});
// The real @pulumi/policy the pack resolves; its PolicyPack records its arguments instead of serving.
const policy = require(require.resolve("@pulumi/policy/policy", { paths: [packDir] }));
let recorded;
policy.PolicyPack = class {
    constructor(name, args) {
        recorded = { name, args };
    }
};
require(path.join(packDir, "index.ts"));
Module._resolveFilename = resolveFilename;
if (!recorded) {
    throw new Error("the pack's index constructed no PolicyPack");
}
const { evaluatePolicies } = require(path.join(projectDir, "plan", "policyEvaluator.ts"));
(async () => {
    const plans = JSON.parse(fs.readFileSync(plansFile, "utf8"));
    const violations = {};
    for (const [name, resources] of Object.entries(plans)) {
        violations[name] = await evaluatePolicies(resources, {}, recorded.args.policies);
    }
    process.stdout.write(JSON.stringify({
        name: recorded.name,
        description: recorded.args.description,
        enforcementLevel: recorded.args.enforcementLevel,
        policies: recorded.args.policies.map((p) => ({ name: p.name, enforcementLevel: p.enforcementLevel })),
        published: require(path.join(packDir, "lib", "policies")).POLICIES.map((p) => p.name),
        resolutions,
        runPolicyPack: require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] }),
        violations,
    }), () => process.exit(0));
})().catch((e) => {
    process.stderr.write(String(e && e.stack || e), () => process.exit(1));
});
`;

function readJson<T>(file: string): T {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/**
 * `npm pack` in policy/ as the Pulumi CLI runs it (`npm pack --loglevel=error`, stdout read as the
 * tarball's name, the tarball then read from policy/ and removed); `env` is npm's environment. Returns
 * npm's stdout and the tarball, copied to `dest`.
 */
function packAsTheCli(dest: string, env: NodeJS.ProcessEnv): { stdout: string; tarball: string } {
    const stdout = execFileSync("npm", ["pack", "--loglevel=error"], { cwd: POLICY_DIR, encoding: "utf8", env: shellEnv(env) });
    const packfile = path.join(POLICY_DIR, stdout.trim());
    try {
        assert.ok(stdout.trim().endsWith(".tgz") && fs.existsSync(packfile), `npm pack printed ${JSON.stringify(stdout.slice(0, 200))}, not the tarball's name`);
        const tarball = path.join(dest, path.basename(packfile));
        fs.copyFileSync(packfile, tarball);
        return { stdout, tarball };
    } finally {
        fs.rmSync(packfile, { force: true });
    }
}

/**
 * `env` as a shell that runs the Pulumi CLI has it: without the `npm_*` variables that `npm test` or
 * `npx mocha` export to their children (`npm_config_json`, `npm_config_local_prefix`, ...), which would
 * otherwise configure the inner npm as the project's.
 */
function shellEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

function extract(tarball: string, into: string): void {
    fs.mkdirSync(into, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", into, "--strip-components=1"]);
}

/** The package a bare require names: `@pulumi/policy` of `@pulumi/policy/policy`, `zod` of `zod/v4`. */
function packageOf(request: string): string {
    const parts = request.split("/");
    return request.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The files of a directory, recursively, relative to it. */
function filesOf(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** The modules a file requires or imports (`require("x")`, `from "x"`). */
function requestsOf(text: string): string[] {
    return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
}

describe("the llm-d-pd policy pack, packed as pulumi policy publish packs it and installed alone from the registry (offline)", function () {
    let packDir: string;
    let packJson: PackageJson;
    let run: PackRun;
    let cliStdout: string;
    let underJsonConfig: string;
    /** The top-level entries of the tarball, before the install adds to them. */
    let shipped: string[];

    before(async () => {
        const work = tempDir("pdstack-policy-pack-");
        ensureBuilt(); // `npm run build` compiles the pack's lib/
        const packed = packAsTheCli(work, process.env);
        cliStdout = packed.stdout;
        // A user whose own .npmrc turns on JSON output: policy/.npmrc keeps the name on stdout.
        const userNpmrc = path.join(work, "user.npmrc");
        fs.writeFileSync(userNpmrc, "json=true\n");
        underJsonConfig = packAsTheCli(work, { ...process.env, NPM_CONFIG_USERCONFIG: userNpmrc }).stdout;

        packDir = fs.realpathSync(fs.mkdtempSync(path.join(work, "pack-")));
        extract(packed.tarball, packDir);
        shipped = fs.readdirSync(packDir).sort();
        packJson = readJson<PackageJson>(path.join(packDir, "package.json"));
        // Installed as the CLI installs a published pack (`npm install` in the unpacked directory), from npm's
        // cache only: the project's lock file pins the versions (no registry metadata is cached), and npm
        // installs what the pack's package.json declares, nothing else, or fails offline.
        fs.copyFileSync(path.join(PROJECT_DIR, "package-lock.json"), path.join(packDir, "package-lock.json"));
        execFileSync("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
            cwd: packDir,
            encoding: "utf8",
            env: shellEnv(process.env),
            stdio: "pipe",
        });

        const { xpu } = await recordEachHardware();
        const plans: Record<string, PlannedResource[]> = {
            recorded: xpu,
            // A program's transformation renames the modelservice release: 17 characters after "ms-".
            renamed: mutate(xpu, (r) => {
                ms(r).inputs.name = `ms-${"a".repeat(17)}`;
            }),
        };
        const plansFile = path.join(work, "plans.json");
        fs.writeFileSync(plansFile, JSON.stringify(plans));
        const runner = path.join(work, "runner.js");
        fs.writeFileSync(runner, RUNNER);
        const child = spawnSync(process.execPath, [runner, packDir, plansFile, PROJECT_DIR], {
            cwd: packDir,
            encoding: "utf8",
            env: { ...process.env, NODE_PATH: "" },
            timeout: 600_000,
        });
        assert.strictEqual(child.status, 0, `the pack did not load: ${child.stderr}`);
        run = JSON.parse(child.stdout) as PackRun;
    });

    it("npm pack in policy/ prints only the tarball's name, as the CLI reads it, also under a user's json=true", () => {
        assert.match(cliStdout, /^pdstack-llm-d-pd-policy-\d+\.\d+\.\d+\.tgz\n?$/);
        assert.strictEqual(underJsonConfig, cliStdout);
        // policy/ is a package of its own: npm reads policy/.npmrc, not the project's (no workspace).
        const prefix = execFileSync("npm", ["prefix"], { cwd: POLICY_DIR, encoding: "utf8", env: shellEnv(process.env) }).trim();
        assert.strictEqual(fs.realpathSync(prefix), fs.realpathSync(POLICY_DIR));
    });

    it("ships PulumiPolicy.yaml, index.ts, the compiled policies (lib/) and a package.json with registry dependencies only", () => {
        assert.deepStrictEqual(shipped, ["PulumiPolicy.yaml", "README.md", "index.ts", "lib", "package.json", "tsconfig.json"]);
        assert.ok(fs.existsSync(path.join(packDir, "lib", "policies", "index.js")), "the pack ships no compiled policies");
        assert.ok(packJson.version, "PolicyPack reads the version from package.json");
        const root = readJson<PackageJson>(path.join(PROJECT_DIR, "package.json"));
        const rootSpecs: Record<string, string> = { ...root.devDependencies, ...root.dependencies };
        assert.ok(!packJson.bundleDependencies && !packJson.devDependencies && !packJson.peerDependencies);
        for (const [name, spec] of Object.entries(packJson.dependencies ?? {})) {
            // No file:, link:, git or URL spec: where the service installs the pack only the registry resolves.
            assert.match(spec, /^[~^]?\d+\.\d+\.\d+$/, `${name}: ${spec} is not a registry version range`);
            assert.strictEqual(spec, rootSpecs[name], `${name}: the pack asks for ${spec}, the project for ${rootSpecs[name]}`);
        }
    });

    it("declares exactly the third-party packages its files require", () => {
        const required = new Set<string>();
        for (const f of filesOf(packDir).filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith(".d.ts") && !f.startsWith("node_modules"))) {
            requestsOf(fs.readFileSync(path.join(packDir, f), "utf8"))
                .filter((r) => !r.startsWith(".") && !builtinModules.includes(r.replace(/^node:/, "")))
                .forEach((r) => required.add(packageOf(r)));
        }
        // @pulumi/pulumi is also what the CLI runs the pack with (run-policy-pack).
        assert.deepStrictEqual([...required, "@pulumi/pulumi"].filter((v, i, a) => a.indexOf(v) === i).sort(), Object.keys(packJson.dependencies ?? {}).sort());
    });

    it("constructs the PolicyPack only in policy/index.ts, from its own lib/ and @pulumi/policy", () => {
        const sources = filesOf(POLICY_DIR).filter((f) => f.endsWith(".ts") && !f.startsWith("lib") && !f.startsWith("node_modules"));
        const constructing = sources.filter((f) => /new PolicyPack\(/.test(fs.readFileSync(path.join(POLICY_DIR, f), "utf8")));
        assert.deepStrictEqual(constructing, ["index.ts"]);
        assert.deepStrictEqual(requestsOf(fs.readFileSync(path.join(POLICY_DIR, "index.ts"), "utf8")).sort(), ["./lib/policies", "@pulumi/policy"]);
    });

    it("resolves every import of the pack from the install: its own files, or declared dependencies", () => {
        assert.ok(run.resolutions.length > 0);
        const policiesEntry = run.resolutions.find((r) => r.request === "./lib/policies");
        assert.ok(policiesEntry, "the pack did not require ./lib/policies");
        assert.strictEqual(policiesEntry.to, path.join(packDir, "lib", "policies", "index.js"));
        const projectSources = path.join(PROJECT_DIR, path.sep);
        const projectModules = path.join(PROJECT_DIR, "node_modules", path.sep);
        for (const r of run.resolutions) {
            const where = `${r.request} from ${path.relative(packDir, r.from)}`;
            assert.ok(!(r.to.startsWith(projectSources) && !r.to.startsWith(projectModules)), `${where} resolved to the project's sources: ${r.to}`);
            if (r.request.startsWith(".")) {
                assert.ok(r.to.startsWith(path.join(packDir, path.sep)), `${where} left the install: ${r.to}`);
                continue;
            }
            if (builtinModules.includes(r.request.replace(/^node:/, ""))) {
                continue;
            }
            assert.ok(packageOf(r.request) in (packJson.dependencies ?? {}), `${where}: ${packageOf(r.request)} is not a declared dependency of the pack`);
            assert.ok(r.to.startsWith(path.join(packDir, "node_modules", path.sep)), `${where} resolved outside the pack's install: ${r.to}`);
        }
    });

    it("finds what the Pulumi CLI runs a nodejs pack with (@pulumi/pulumi/cmd/run-policy-pack)", () => {
        assert.match(run.runPolicyPack, /@pulumi[\\/]pulumi[\\/]cmd[\\/]run-policy-pack[\\/]index\.js$/);
        assert.ok(run.runPolicyPack.startsWith(path.join(packDir, "node_modules", path.sep)), run.runPolicyPack);
    });

    it("passes the published policies to PolicyPack under the pack's name", () => {
        assert.strictEqual(run.name, "llm-d-pd");
        assert.strictEqual(run.enforcementLevel, "advisory");
        assert.match(run.description, /llm-d prefill\/decode/);
        assert.deepStrictEqual(run.policies.map((p) => p.name), run.published);
        for (const name of ["pd-name-lengths", "pd-accelerator-resources", "pd-accelerator-budget", "pd-nixl-wiring", "pd-no-plaintext-secrets", "pd-pinned-versions", "pd-workload-fit"]) {
            assert.ok(run.published.includes(name), `the pack does not publish ${name}`);
        }
        assert.ok(run.policies.every((p) => p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory"));
    });

    it("runs on a recorded plan: nothing on PDStack's own resources, pd-name-lengths on a release renamed to a 17-character postfix", () => {
        assert.deepStrictEqual(run.violations.recorded, []);
        const vs = run.violations.renamed;
        assert.deepStrictEqual(vs.map((v) => [v.policy, v.level, v.resource]), [["pd-name-lengths", "mandatory", "llm-d-pd-ms"]], JSON.stringify(vs));
        assert.match(vs[0].message, /prefill pod hostname "ms-a{17}-llm-d-modelservice-prefill-.*" is 64 characters; the limit is 63/);
        assert.match(vs[0].message, /the longest postfix that fits is 16 characters/);
    });

    it("is a YAML PulumiPolicy.yaml with a description", () => {
        const manifest = YAML.parse(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"));
        assert.strictEqual(manifest.runtime, "nodejs");
        assert.ok(typeof manifest.description === "string" && manifest.description.length > 20);
    });
});
