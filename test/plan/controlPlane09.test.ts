/**
 * The offline plan (`npm run plan -- --stack <name> --config-file <file>`) of llm-d 0.9 stacks with
 * `installGatewayControlPlane`: 0.9's control plane ahead of the Gateway and the router release, no
 * policy violation; and a created GKE cluster whose Inference Extension CRDs follow the stack's llmdVersion.
 */
import * as assert from "assert";
import { planInProcess, writeStackFile } from "../support/planCli";

/** The resources of a plan, by name (each must be there). */
function byName(resources: any[]) {
    return (name: string) => {
        const r = resources.find((x) => x.name === name);
        assert.ok(r, `${name} missing from the plan`);
        return r;
    };
}

describe("plan: llm-d 0.9's gateway control plane", () => {
    it("xpu, llmdVersion 0.9, installGatewayControlPlane: the CRDs and istio 1.29.2 ahead of the Gateway and the router; exit 0, no violation", async () => {
        const file = writeStackFile("cp010", { hardware: "xpu", llmdVersion: "0.9", installGatewayControlPlane: true });
        const run = await planInProcess("--stack", "cp010", "--config-file", file, "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        const plan = run.json();
        const get = byName(plan.resources);
        assert.strictEqual(get("llm-d-pd-gateway-control-plane").parent, "llm-d-pd");
        assert.strictEqual(get("llm-d-pd-gateway-control-plane-gateway-api-crds").inputs.file, "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml");
        assert.strictEqual(
            get("llm-d-pd-gateway-control-plane-inference-pool-v1-crds").inputs.file,
            "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.5.0/v1-manifests.yaml",
        );
        assert.deepStrictEqual([get("llm-d-pd-gateway-control-plane-istio-base").inputs.chart, get("llm-d-pd-gateway-control-plane-istio-base").inputs.version], ["oci://gcr.io/istio-release/charts/base", "1.29.2"]);
        assert.strictEqual(get("llm-d-pd-gateway-control-plane-istiod").inputs.version, "1.29.2");
        for (const r of ["llm-d-pd-gateway", "llm-d-pd-router"]) {
            for (const before of ["llm-d-pd-gateway-control-plane-istiod", "llm-d-pd-gateway-control-plane-gateway-api-crds", "llm-d-pd-gateway-control-plane-inference-pool-v1-crds"]) {
                assert.ok(get(r).dependsOn.includes(before), `${r} does not wait for ${before}`);
            }
        }
        assert.ok(!plan.resources.some((r: any) => /inference-extension-crds|kgateway/.test(r.name)), "nothing of llm-d 0.2's control plane");
        assert.deepStrictEqual(plan.violations, []);

        const text = await planInProcess("--stack", "cp010", "--config-file", file);
        assert.strictEqual(text.status, 0, text.stderr);
        assert.match(text.stdout, /^ {2}pdstack:index:GatewayControlPlane {2}llm-d-pd-gateway-control-plane$/m);
        assert.match(text.stdout, /^--- Helm release istiod \(oci:\/\/gcr\.io\/istio-release\/charts\/istiod 1\.29\.2\) in namespace istio-system: values\npilot:\n {2}env:\n {4}ENABLE_GATEWAY_API_INFERENCE_EXTENSION: true$/m);
        assert.match(text.stdout, /^Policy violations: none$/m);
    });

    it("a created GKE cluster follows llmdVersion 0.9: GKE 1.34 or later brings InferencePool v1, no v0.5.1 CRDs; the shipped gke stack's cluster is unchanged", async () => {
        const cluster = { create: true, region: "us-central1", reservation: "h200-resv" };
        const plan010 = await planInProcess(
            "--stack",
            "gke010",
            "--config-file",
            writeStackFile("gke010", { hardware: "gke", llmdVersion: "0.9", "gcp:project": "my-project", gkeCluster: cluster }),
            "--json",
        );
        assert.strictEqual(plan010.status, 0, plan010.stderr);
        const resources010: any[] = plan010.json().resources;
        assert.strictEqual(byName(resources010)("llm-d-pd-gke-cluster").inputs.minMasterVersion, "1.34.1-gke.1829001", "the offline answer's REGULAR default");
        assert.deepStrictEqual(resources010.filter((r) => r.type === "kubernetes:yaml/v2:ConfigFile"), []);
        assert.ok(byName(resources010)("llm-d-pd-router").dependsOn.includes("llm-d-pd-gke-cluster"), "the router waits for the cluster and its CRDs");

        const plan02 = await planInProcess("--stack", "gke02", "--config-file", writeStackFile("gke02", { hardware: "gke", "gcp:project": "my-project", gkeCluster: cluster }), "--json");
        assert.strictEqual(plan02.status, 0, plan02.stderr);
        const resources02: any[] = plan02.json().resources;
        assert.strictEqual(byName(resources02)("llm-d-pd-gke-cluster").inputs.minMasterVersion, undefined);
        assert.deepStrictEqual(
            resources02.filter((r) => r.type === "kubernetes:yaml/v2:ConfigFile").map((r) => r.inputs.file),
            ["https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v0.5.1/manifests.yaml"],
        );
    });

    it("kgateway with 0.9 stays refused, naming the key (exit 1, nothing planned)", async () => {
        const file = writeStackFile("kgw010", { hardware: "h200-ib", llmdVersion: "0.9", gateway: "kgateway", installGatewayControlPlane: true });
        const run = await planInProcess("--stack", "kgw010", "--config-file", file);
        assert.strictEqual(run.status, 1);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /llm-d-pd:gateway: gateway "kgateway" does not work with llmdVersion "0\.9"/);
        assert.doesNotMatch(run.stderr, /installGatewayControlPlane/);
    });
});
