/**
 * The platform example (examples/gke-two-models) runs under mocks the way a consumer runs it: the
 * package is built, and the example imports "pdstack" through a node_modules link to the project,
 * as `npm install` makes for its `"pdstack": "file:../.."` dependency.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ResourceRecorder } from "../../plan/recorder";
import { evaluatePolicies, readPolicyConfigFile } from "../../plan/policyEvaluator";
import { PROJECT_DIR, tempDir } from "../support/planCli";
import { ensureBuilt } from "../support/build";
import { writeConsumerProgram } from "../support/consumerProgram";

const EXAMPLE_DIR = path.join(PROJECT_DIR, "examples", "gke-two-models");
const TOKEN = "hf_ExampleTokenThatMustNeverAppearInPlainText42";

/** A copy of the example whose node_modules links "pdstack" to the project and shares its Pulumi SDKs. */
function installExample(): string {
    const dir = tempDir("pdstack-example-");
    writeConsumerProgram(dir, "index", fs.readFileSync(path.join(EXAMPLE_DIR, "index.ts"), "utf8"));
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(PROJECT_DIR, path.join(dir, "node_modules", "pdstack"), "dir");
    // One @pulumi/pulumi instance for the example, the package and the mocks (Node resolves links to real paths).
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
    return dir;
}

describe("example: a GKE cluster with two PDStacks (examples/gke-two-models)", function () {
    let rec: ResourceRecorder;
    let program: Record<string, unknown>;

    before(async () => {
        ensureBuilt();
        const dir = installExample();
        rec = await ResourceRecorder.install("pdstack-gke-two-models", "dev");
        pulumi.runtime.setAllConfig(
            { "pdstack-gke-two-models:region": "us-east5", "pdstack-gke-two-models:reservation": "h200-resv", "pdstack-gke-two-models:hfToken": TOKEN, "gcp:project": "platform-prod" },
            ["pdstack-gke-two-models:hfToken"],
        );
        program = require(path.join(dir, "index.js"));
        await rec.settle();
    });

    it("imports the built package, not the sources", () => {
        const loaded = Object.keys(require.cache).filter((f) => f.includes(`${path.sep}bin${path.sep}components${path.sep}`));
        assert.ok(loaded.some((f) => f.endsWith("gkeCluster.js")), "the example did not load bin/components");
    });

    it("plans the cluster, its proxy-only subnet and both node pools", () => {
        assert.strictEqual(rec.ofType("pdstack:index:GkeCluster").length, 1);
        assert.strictEqual(rec.ofType("gcp:container/cluster:Cluster").length, 1);
        assert.deepStrictEqual(rec.ofType("gcp:container/nodePool:NodePool").map((r) => r.name).sort(), ["llm-d-gpu", "llm-d-system"]);
        assert.strictEqual((rec.get("gcp:compute/subnetwork:Subnetwork", "llm-d-proxy-only").inputs as any).purpose, "REGIONAL_MANAGED_PROXY");
        assert.strictEqual((rec.get("gcp:container/nodePool:NodePool", "llm-d-gpu").inputs as any).nodeCount, 2);
    });

    it("puts two complete PDStacks on the cluster's provider", () => {
        assert.deepStrictEqual(rec.ofType("pdstack:index:PDStack").map((r) => r.name).sort(), ["llama", "qwen"]);
        const provider = rec.get("pulumi:providers:kubernetes", "llm-d-k8s").urn;
        const kube = rec.resources.filter((r) => r.type.startsWith("kubernetes:"));
        const stacks = new Set(rec.ofType("pdstack:index:PDStack").map((r) => r.urn));
        assert.strictEqual(kube.filter((r) => stacks.has(r.parentUrn!)).length, 12, "namespace, secret, three releases and a route each");
        kube.forEach((r) => assert.strictEqual(r.providerUrn, provider, `${r.name} is not on the GKE cluster's provider`));
    });

    it("gives every Kubernetes object and cluster-scoped name of the two installs a distinct name", () => {
        const releases = rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => `${(r.inputs as any).namespace}/${(r.inputs as any).name}`);
        assert.deepStrictEqual(releases.sort(), [
            "llm-d-llama/gaie-llama", "llm-d-llama/infra-llama", "llm-d-llama/ms-llama",
            "llm-d-qwen/gaie-qwen", "llm-d-qwen/infra-qwen", "llm-d-qwen/ms-qwen",
        ]);
        const objects = rec.resources
            .filter((r) => r.type.startsWith("kubernetes:") && r.custom && r.type !== "kubernetes:helm.sh/v3:Release")
            .map((r) => `${r.type} ${(r.inputs as any).metadata.namespace ?? ""}/${(r.inputs as any).metadata.name}`);
        assert.strictEqual(new Set(objects).size, objects.length, `colliding objects: ${objects.join(", ")}`);
        const epp = rec.ofType("kubernetes:helm.sh/v3:Release")
            .filter((r) => (r.inputs as any).name.startsWith("gaie-"))
            .map((r) => `${(r.inputs as any).name}-epp`);
        assert.deepStrictEqual(epp.sort(), ["gaie-llama-epp", "gaie-qwen-epp"], "the ClusterRole names of the two schedulers");
    });

    it("sizes the second model's roles from its args and keeps the token secret", () => {
        const qwen = rec.get("kubernetes:helm.sh/v3:Release", "qwen-ms").inputs as any;
        assert.strictEqual(qwen.values.modelArtifacts.uri, "hf://Qwen/Qwen3-32B");
        assert.strictEqual(String(qwen.values.decode.containers[0].resources.limits["nvidia.com/gpu"]), "2");
        assert.strictEqual(qwen.values.prefill.replicas, 2);
        for (const r of rec.resources) {
            assert.ok(!JSON.stringify(r.inputs).includes(TOKEN), `${r.name} carries the token in plain text`);
        }
        assert.deepStrictEqual(rec.get("kubernetes:core/v1:Secret", "qwen-hf-token").secretInputs, ["stringData"]);
    });

    it("exports the kubeconfig as a secret and each model's commands", async () => {
        const secret = await new Promise<boolean>((resolve) => (program.kubeconfig as any).isSecret.then(resolve));
        assert.strictEqual(secret, true);
        const address = await new Promise<string>((resolve) => (program.qwenGatewayAddress as pulumi.Output<string>).apply(resolve));
        assert.strictEqual(address, "kubectl get gateway -n llm-d-qwen infra-qwen-inference-gateway -o jsonpath='{.status.addresses[0].value}'");
        assert.strictEqual(program.qwenPortForward, undefined, "no Service to port-forward to on GKE's gateway");
    });

    it("passes every mandatory policy with the example's policy-config.json (budget: the cluster's 16 GPUs)", async () => {
        const atDefault = await evaluatePolicies(rec.resources);
        assert.deepStrictEqual(atDefault.filter((v) => v.level === "mandatory").map((v) => v.policy), ["pd-accelerator-budget"]);
        assert.match(atDefault.find((v) => v.policy === "pd-accelerator-budget")!.message, /takes 12 accelerators .*above the budget of 8/);
        const withBudget = await evaluatePolicies(rec.resources, readPolicyConfigFile(path.join(EXAMPLE_DIR, "policy-config.json")));
        assert.deepStrictEqual(withBudget.filter((v) => v.level === "mandatory"), []);
    });
});
