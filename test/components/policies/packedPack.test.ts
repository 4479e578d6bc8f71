/**
 * The policy pack as it is published: `npm pack` of the pdstack package and of policy/, installed in
 * a temporary directory with their declared dependencies and nothing else (third-party packages are
 * links to this project's installed ones; no network). A child process loads the pack's index with
 * the real @pulumi/policy whose PolicyPack is intercepted, so it records its arguments instead of
 * starting the policy server, and runs the recorded policies with plan/policyEvaluator on a recorded
 * plan.
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
    peerDependencies?: Record<string, string>;
}

/** What the child process reports. */
interface PackRun {
    name: string;
    description: string;
    enforcementLevel: string;
    policies: { name: string; enforcementLevel: string }[];
    /** The names of the POLICIES the installed pdstack/policies exports. */
    published: string[];
    /** Every require made by a file of the installed pack or of the installed pdstack. */
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
    if (parent && parent.filename && parent.filename.startsWith(packDir + path.sep)) {
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
        published: require(require.resolve("pdstack/policies", { paths: [packDir] })).POLICIES.map((p) => p.name),
        resolutions,
        runPolicyPack: require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] }),
        violations,
    }));
    process.exit(0);
})().catch((e) => {
    process.stderr.write(String(e && e.stack || e));
    process.exit(1);
});
`;

function readJson<T>(file: string): T {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/**
 * A copy of the pdstack package (what `npm pack` reads: package.json, its "files", the build config)
 * with the project's build of it copied in (bin/components, built once for the run), so that what is
 * packed is exactly the package's "files", whatever else the project directory holds.
 */
function stagePackage(dest: string): string {
    const stage = path.join(dest, "pdstack");
    fs.mkdirSync(stage);
    const pkg = readJson<{ files: string[] }>(path.join(PROJECT_DIR, "package.json"));
    const sources = [...pkg.files.filter((f) => !f.startsWith("bin/")), "package.json", "tsconfig.build.json"];
    for (const f of new Set(sources.map((f) => f.replace(/\/$/, "")))) {
        fs.cpSync(path.join(PROJECT_DIR, f), path.join(stage, f), { recursive: true });
    }
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(stage, "node_modules"), "dir");
    ensureBuilt();
    fs.cpSync(path.join(PROJECT_DIR, "bin", "components"), path.join(stage, "bin", "components"), { recursive: true });
    return stage;
}

/** `npm pack` of `dir` into `dest`; returns the tarball's path. */
function npmPack(dir: string, dest: string): string {
    const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dest, "--loglevel=error"], { cwd: dir, encoding: "utf8" });
    const [{ filename }] = JSON.parse(out) as { filename: string }[];
    return path.join(dest, filename);
}

function extract(tarball: string, into: string): void {
    fs.mkdirSync(into, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", into, "--strip-components=1"]);
}

/** Links node_modules/<name> of `dir` to the project's installed package. */
function linkInstalled(dir: string, name: string): void {
    const target = path.join(PROJECT_DIR, "node_modules", name);
    assert.ok(fs.existsSync(target), `${name} is not installed in the project`);
    const link = path.join(dir, "node_modules", name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    if (!fs.existsSync(link)) {
        fs.symlinkSync(target, link, "dir");
    }
}

/** The package a bare require names: `@pulumi/policy` of `@pulumi/policy/policy`, `zod` of `zod/v4`. */
function packageOf(request: string): string {
    const parts = request.split("/");
    return request.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The `.ts` files of policy/ (outside node_modules) and the relative imports they make. */
function packSources(): { file: string; imports: string[] }[] {
    return fs
        .readdirSync(POLICY_DIR, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.split(path.sep).includes("node_modules"))
        .map((f) => {
            const text = fs.readFileSync(path.join(POLICY_DIR, f), "utf8");
            const imports = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
            return { file: f, imports };
        });
}

describe("the llm-d-pd policy pack, packed and installed alone", function () {
    let packDir: string;
    let pdstackDir: string;
    let packJson: PackageJson;
    let pdstackJson: PackageJson;
    let run: PackRun;

    before(async () => {
        const work = tempDir("pdstack-policy-pack-");
        // The package ships its build: build a copy once, then pack both without lifecycle scripts.
        const pdstackTarball = npmPack(stagePackage(work), work);
        const packTarball = npmPack(POLICY_DIR, work);

        packDir = fs.realpathSync(fs.mkdtempSync(path.join(work, "pack-")));
        extract(packTarball, packDir);
        packJson = readJson<PackageJson>(path.join(packDir, "package.json"));
        pdstackDir = path.join(packDir, "node_modules", "pdstack");
        extract(pdstackTarball, pdstackDir);
        pdstackJson = readJson<PackageJson>(path.join(pdstackDir, "package.json"));
        // Third-party dependencies, as declared: the pack's, and the pdstack package's own.
        const declared = new Set([
            ...Object.keys(packJson.dependencies ?? {}).filter((d) => d !== "pdstack"),
            ...Object.keys(pdstackJson.dependencies ?? {}),
        ]);
        declared.forEach((d) => linkInstalled(packDir, d));

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

    it("ships PulumiPolicy.yaml, index.ts, tsconfig.json, README.md and a package.json that declares pdstack and @pulumi/policy", () => {
        const files = fs.readdirSync(packDir).filter((f) => f !== "node_modules").sort();
        assert.deepStrictEqual(files, ["PulumiPolicy.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"]);
        assert.match(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
        assert.ok(packJson.version, "PolicyPack reads the version from package.json");
        for (const d of ["pdstack", "@pulumi/policy", "@pulumi/pulumi"]) {
            assert.ok(packJson.dependencies?.[d], `the pack does not declare ${d}`);
        }
        assert.ok(fs.existsSync(path.join(pdstackDir, "bin", "components", "policies", "index.js")), "pdstack ships no built policies");
    });

    it("constructs the PolicyPack only in policy/index.ts, and imports nothing outside policy/ by relative path", () => {
        const sources = packSources();
        const constructing = sources.filter(({ file }) => /new PolicyPack\(/.test(fs.readFileSync(path.join(POLICY_DIR, file), "utf8")));
        assert.deepStrictEqual(constructing.map((s) => s.file), ["index.ts"]);
        for (const { file, imports } of sources) {
            for (const spec of imports.filter((i) => i.startsWith("."))) {
                const target = path.resolve(POLICY_DIR, path.dirname(file), spec);
                assert.ok(!path.relative(POLICY_DIR, target).startsWith(".."), `${file} imports ${spec}, outside policy/`);
            }
        }
        assert.deepStrictEqual(sources.find((s) => s.file === "index.ts")!.imports.sort(), ["@pulumi/policy", "pdstack/policies"]);
    });

    it("resolves every import of the pack and of pdstack from the install: pdstack/policies from the tarball, the rest from declared dependencies", () => {
        assert.ok(run.resolutions.length > 0);
        const policiesEntry = run.resolutions.find((r) => r.request === "pdstack/policies");
        assert.ok(policiesEntry, "the pack did not require pdstack/policies");
        assert.strictEqual(policiesEntry.to, path.join(pdstackDir, "bin", "components", "policies", "index.js"));
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
            const owner = r.from.startsWith(path.join(pdstackDir, path.sep)) ? pdstackJson : packJson;
            const declared = { ...owner.dependencies, ...owner.peerDependencies };
            assert.ok(packageOf(r.request) in declared, `${where}: ${packageOf(r.request)} is not a declared dependency of ${owner.name}`);
        }
        const fromPdstack = new Set(run.resolutions.filter((r) => r.from.startsWith(pdstackDir) && !r.request.startsWith(".")).map((r) => packageOf(r.request)));
        assert.ok(fromPdstack.has("@pulumi/policy"), "pdstack/policies loads @pulumi/policy (its optional peer dependency, which the pack provides)");
    });

    it("finds what the Pulumi CLI runs a nodejs pack with (@pulumi/pulumi/cmd/run-policy-pack)", () => {
        assert.match(run.runPolicyPack, /@pulumi[\\/]pulumi[\\/]cmd[\\/]run-policy-pack[\\/]index\.js$/);
    });

    it("passes the published policies to PolicyPack under the pack's name", () => {
        assert.strictEqual(run.name, "llm-d-pd");
        assert.strictEqual(run.enforcementLevel, "advisory");
        assert.match(run.description, /llm-d prefill\/decode/);
        assert.deepStrictEqual(run.policies.map((p) => p.name), run.published);
        for (const name of ["pd-name-lengths", "pd-accelerator-resources", "pd-accelerator-budget", "pd-nixl-wiring", "pd-no-plaintext-secrets", "pd-pinned-versions", "pd-workload-fit"]) {
            assert.ok(run.published.includes(name), `pdstack/policies does not publish ${name}`);
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
