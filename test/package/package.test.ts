import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR, tempDir } from "../support/planCli";
import { ensureBuilt } from "../support/build";
import { collectRefs, refProblem } from "../support/schemaRefs";
import { packageSchema, schemaInputsHash } from "../support/packageSchema";

/** Every input and output PDStackArgs documents, by component token. */
const DOCUMENTED: Record<string, { inputs: string[]; outputs: string[] }> = {
    "pdstack:index:PDStack": {
        inputs: [
            "hardware", "gateway", "llmdVersion", "namespace", "createNamespace", "releasePostfix", "benchmarking", "model", "vllmImage",
            "maxModelLen", "prefill", "decode", "hfToken", "existingHfTokenSecret", "installIntelGpuPlugin", "readyTimeoutSeconds", "workload",
            "installGatewayControlPlane", "monitoring",
            "modelCache", "autoscaling",
        ],
        outputs: ["hardware", "gateway", "namespace", "infraReleaseName", "gaieReleaseName", "msReleaseName", "routerReleaseName", "gatewayServiceName", "servedModelName", "portForwardCommand", "gatewayAddressCommand", "curlCommand", "smokeCommand"],
    },
    "pdstack:index:GatewayControlPlane": {
        inputs: ["gateway", "llmdVersion", "installGatewayApiCrds", "installInferenceExtensionCrds", "installControlPlane", "installKeda", "retainCrdsOnDelete"],
        outputs: ["gateway", "installs"],
    },
    "pdstack:index:GkeCluster": {
        inputs: [
            "region", "project", "clusterName", "gpuType", "gpuNodeCount", "gpuZones", "reservation", "spot", "gpuDiskSizeGb", "gpuDriverVersion",
            "systemMachineType", "releaseChannel", "deletionProtection", "nodesCidr", "podsCidr", "servicesCidr", "proxyOnlyCidr", "llmdVersion",
        ],
        // No `provider`: a k8s.Provider output is a $ref the CLI cannot bind; other languages build one from `kubeconfig`.
        outputs: ["clusterName", "totalGpus", "kubeconfig", "modelCacheStorageClass"],
    },
};

describe("component package", () => {
    it("generates a cross-language schema offline with every documented input and output", async () => {
        const schema = await packageSchema();
        assert.strictEqual(schema.name, "pdstack");
        for (const [token, want] of Object.entries(DOCUMENTED)) {
            const resource = schema.resources[token];
            assert.ok(resource?.isComponent, `${token} missing from the schema`);
            assert.deepStrictEqual(Object.keys(resource.inputProperties).sort(), [...want.inputs].sort(), token);
            assert.deepStrictEqual(Object.keys(resource.properties).sort(), [...want.outputs].sort(), token);
            for (const [name, prop] of Object.entries<any>({ ...resource.inputProperties, ...resource.properties })) {
                assert.ok(prop.description?.length > 10, `${token}.${name} has no doc comment`);
            }
        }
        assert.ok(!schema.resources["pdstack:index:PDStack"].inputProperties.hfToken.plain, "hfToken stays an Input");
        const scaling = schema.types["pdstack:index:AutoscalingArgs"];
        assert.deepStrictEqual(Object.keys(scaling?.properties ?? {}).sort(), ["deciderFallback", "decode", "enabled", "installKeda", "prefill", "prometheusAddress"]);
        assert.deepStrictEqual(Object.keys(schema.types["pdstack:index:RoleScalingArgs"]?.properties ?? {}).sort(), ["maxReplicas", "metric", "minReplicas", "target"]);
    });

    it("every $ref of the schema resolves as the CLI's schema binder resolves it", async () => {
        const schema = await packageSchema();
        const refs = collectRefs(schema);
        assert.ok(refs.length > 0, "the schema has no $ref: the walk found nothing to check");
        const unresolved = refs.map(({ at, ref }) => ({ at, ref, problem: refProblem(schema, ref) })).filter((r) => r.problem);
        assert.deepStrictEqual(unresolved, []);
    });

    it("the schema the tests share is built anew when any of its inputs changes (its cache key)", () => {
        const root = tempDir("pdstack-schema-key-");
        fs.mkdirSync(path.join(root, "components", "pdstack"), { recursive: true });
        for (const f of ["tsconfig.json", "package.json", "package-lock.json"]) {
            fs.writeFileSync(path.join(root, f), "{}");
        }
        fs.writeFileSync(path.join(root, "components", "pdstack", "args.ts"), "export interface A { a: string }");
        const first = schemaInputsHash(root);
        assert.strictEqual(schemaInputsHash(root), first, "the same inputs, the same key");
        fs.writeFileSync(path.join(root, "components", "pdstack", "args.ts"), "export interface A { a: number }");
        const edited = schemaInputsHash(root);
        assert.notStrictEqual(edited, first, "an edited component");
        fs.writeFileSync(path.join(root, "components", "index.ts"), "");
        const added = schemaInputsHash(root);
        assert.notStrictEqual(added, edited, "a new component file");
        fs.writeFileSync(path.join(root, "package-lock.json"), '{"lockfileVersion":3}');
        assert.notStrictEqual(schemaInputsHash(root), added, "another lock file (another @pulumi/pulumi or TypeScript)");
        assert.notStrictEqual(schemaInputsHash(), first, "the project's own inputs");
    });

    it("the binder rules refuse what the CLI refuses (a k8s.Provider output's ref) and take what it takes", () => {
        const schema = { name: "pdstack", version: "0.1.0", types: { "pdstack:index:T": {} }, resources: {}, dependencies: [{ name: "kubernetes", version: "4.34.2" }] };
        const problem = (ref: string) => refProblem(schema, ref);
        assert.strictEqual(problem("/kubernetes/v4.34.2/schema.json#/resources/kubernetes"), "resource type kubernetes not found in package kubernetes");
        assert.strictEqual(problem("/kubernetes/v4.34.2/schema.json#/provider"), undefined);
        assert.strictEqual(problem("/kubernetes/v4.34.2/schema.json#/resources/kubernetes:core%2Fv1:Namespace"), undefined);
        assert.strictEqual(problem("#/types/pdstack:index:T"), undefined);
        assert.strictEqual(problem("#/types/pdstack:index:Missing"), "type pdstack:index:Missing not found in package pdstack");
        assert.strictEqual(problem("/gcp/v9.0.0/schema.json#/provider"), "package gcp is not among the schema's dependencies");
        assert.strictEqual(problem("pulumi.json#/Any"), undefined);
        assert.strictEqual(problem("/kubernetes/vlatest/schema.json#/provider"), "failed to parse package version 'vlatest'");
        assert.strictEqual(problem("kubernetes/latest/schema.json#/provider"), "failed to parse path 'kubernetes/latest/schema.json'");
    });

    it("npm pack ships the built JavaScript, declarations and plugin manifest, and a consumer can import PDStack", function () {
        const out = tempDir("pdstack-pack-");
        ensureBuilt();
        // --ignore-scripts: the build above is what prepack would run.
        execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", out, "--loglevel=error"], { cwd: PROJECT_DIR, stdio: "pipe" });
        const tarball = fs.readdirSync(out).find((f) => f.endsWith(".tgz"));
        assert.ok(tarball, "npm pack produced no tarball");
        const consumer = path.join(out, "consumer");
        const pkgDir = path.join(consumer, "node_modules", "pdstack");
        fs.mkdirSync(pkgDir, { recursive: true });
        execFileSync("tar", ["-xzf", path.join(out, tarball), "-C", pkgDir, "--strip-components=1"]);
        for (const f of ["bin/components/index.js", "bin/components/index.d.ts", "bin/components/pdstack/pdStack.d.ts", "PulumiPlugin.yaml", "package.json"]) {
            assert.ok(fs.existsSync(path.join(pkgDir, f)), `${f} is not in the package`);
        }
        assert.ok(!fs.existsSync(path.join(pkgDir, "test")) && !fs.existsSync(path.join(pkgDir, "plan.ts")), "tests or the plan leaked into the package");
        assert.match(fs.readFileSync(path.join(pkgDir, "bin/components/pdstack/pdStack.d.ts"), "utf8"), /export declare class PDStack extends pulumi\.ComponentResource/);
        // A plain Node consumer, resolving the package through its "exports", with the project's dependencies.
        fs.writeFileSync(path.join(consumer, "use.js"), 'const { PDStack, resolveSpec } = require("pdstack"); console.log(typeof PDStack, resolveSpec({ hardware: "xpu" }, "x").vllmImage);');
        const run = spawnSync(process.execPath, ["use.js"], { cwd: consumer, encoding: "utf8", env: { ...process.env, NODE_PATH: path.join(PROJECT_DIR, "node_modules") } });
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual(run.stdout.trim(), "function ghcr.io/llm-d/llm-d-xpu:v0.2.2");
    });
});
