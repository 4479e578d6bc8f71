/**
 * GatewayControlPlane under mocks: its resources, versions, ordering and retention on istio, kgateway
 * and gke, alone and under PDStack; once per cluster through ClusterClaims; the CRDs a created GKE
 * cluster gets, ordered before the releases (issue 13.5).
 */
import * as assert from "assert";
import type * as K8s from "@pulumi/kubernetes";
import type * as Components from "../../../components";
import { PlannedResource, ResourceRecorder } from "../../../plan/recorder";
import { CHART, CONFIG_FILE, CONTROL_PLANE, NAMESPACE, RELEASE, ROUTE, TOKEN } from "../../support/tokens";


let k8s: typeof K8s;
let c: typeof Components;

/** Every resource whose URN is among `urns`, by name. */
const namesOf = (rec: ResourceRecorder, urns: string[]) => rec.resources.filter((r) => urns.includes(r.urn)).map((r) => r.name).sort();
const inputs = (r: PlannedResource) => r.inputs as Record<string, any>;
const dependsOn = (r: PlannedResource, on: PlannedResource) => r.dependencyUrns.includes(on.urn);

describe("GatewayControlPlane under mocks", () => {
    before(async () => {
        await ResourceRecorder.install();
        k8s = await import("@pulumi/kubernetes");
        c = await import("../../../components");
    });

    describe("alone in a platform program", () => {
        it("istio: both CRD manifests, istio-system, the base chart, then istiod with upstream's values", async () => {
            const rec = await ResourceRecorder.install();
            const cp = new c.GatewayControlPlane("gw", { gateway: "istio" });
            await rec.settle();
            assert.deepStrictEqual(rec.get(CONTROL_PLANE, "gw").parentUrn, null);
            const gatewayApi = rec.get(CONFIG_FILE, "gw-gateway-api-crds");
            const inference = rec.get(CONFIG_FILE, "gw-inference-extension-crds");
            assert.strictEqual(inputs(gatewayApi).file, "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml");
            assert.strictEqual(inputs(inference).file, "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v0.5.1/manifests.yaml");
            const ns = rec.get(NAMESPACE, "gw-istio-system");
            assert.strictEqual(inputs(ns).metadata.name, "istio-system");
            const base = rec.get(CHART, "gw-istio-base");
            assert.deepStrictEqual(
                { name: inputs(base).name, chart: inputs(base).chart, version: inputs(base).version, namespace: inputs(base).namespace },
                { name: "istio-base", chart: "oci://gcr.io/istio-testing/charts/base", version: "1.28-alpha.89f30b26ba71bf5e538083a4720d0bc2d8c06401", namespace: "istio-system" },
            );
            const istiod = rec.get(RELEASE, "gw-istiod");
            assert.strictEqual(inputs(istiod).chart, "oci://gcr.io/istio-testing/charts/istiod");
            assert.strictEqual(inputs(istiod).version, "1.28-alpha.89f30b26ba71bf5e538083a4720d0bc2d8c06401");
            assert.strictEqual(inputs(istiod).values.pilot.env.SUPPORT_GATEWAY_API_INFERENCE_EXTENSION, true);
            assert.ok(dependsOn(base, ns), "the base chart installs into istio-system");
            for (const before of [ns, base, gatewayApi, inference]) {
                assert.ok(dependsOn(istiod, before), `istiod must wait for ${before.name}`);
            }
            assert.deepStrictEqual(await new Promise((resolve) => cp.installs.apply(resolve)), [
                "Gateway API CRDs v1.3.0 (https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml)",
                "Gateway API Inference Extension CRDs v0.5.1 (https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v0.5.1/manifests.yaml)",
                "istio 1.28-alpha.89f30b26ba71bf5e538083a4720d0bc2d8c06401 in istio-system: istio-base (oci://gcr.io/istio-testing/charts/base), then istiod (oci://gcr.io/istio-testing/charts/istiod)",
            ]);
        });

        it("keeps the CRDs on destroy (CRD manifests and CRD chart retainOnDelete), removes the controller; retainCrdsOnDelete false deletes them", async () => {
            let rec = await ResourceRecorder.install();
            new c.GatewayControlPlane("gw", { gateway: "kgateway" });
            await rec.settle();
            const retained = (r: ResourceRecorder) => r.resources.filter((x) => x.custom || x.type !== CONTROL_PLANE).filter((x) => x.retainOnDelete).map((x) => x.name).sort();
            assert.deepStrictEqual(retained(rec), ["gw-gateway-api-crds", "gw-inference-extension-crds", "gw-kgateway-crds"]);
            assert.strictEqual(rec.get(RELEASE, "gw-kgateway").retainOnDelete, false);
            assert.strictEqual(rec.get(NAMESPACE, "gw-kgateway-system").retainOnDelete, false);

            rec = await ResourceRecorder.install();
            new c.GatewayControlPlane("gw", { gateway: "kgateway", retainCrdsOnDelete: false });
            await rec.settle();
            assert.deepStrictEqual(retained(rec), []);
        });

        it("kgateway: kgateway-crds then kgateway v2.0.4 in kgateway-system, with the Inference Extension on", async () => {
            const rec = await ResourceRecorder.install();
            new c.GatewayControlPlane("gw", { gateway: "kgateway" });
            await rec.settle();
            const crds = rec.get(CHART, "gw-kgateway-crds");
            const controller = rec.get(RELEASE, "gw-kgateway");
            assert.deepStrictEqual([inputs(crds).chart, inputs(crds).version], ["oci://cr.kgateway.dev/kgateway-dev/charts/kgateway-crds", "v2.0.4"]);
            assert.deepStrictEqual([inputs(controller).chart, inputs(controller).version, inputs(controller).namespace], ["oci://cr.kgateway.dev/kgateway-dev/charts/kgateway", "v2.0.4", "kgateway-system"]);
            assert.deepStrictEqual(inputs(controller).values.inferenceExtension, { enabled: true });
            assert.ok(dependsOn(controller, crds));
            assert.deepStrictEqual(rec.ofType(CHART).map((r) => r.name), ["gw-kgateway-crds"], "no istio");
        });

        it("gke: only the Inference Extension CRDs", async () => {
            const rec = await ResourceRecorder.install();
            new c.GatewayControlPlane("gw", { gateway: "gke" });
            await rec.settle();
            assert.deepStrictEqual(
                rec.resources.filter((r) => r.type !== CONTROL_PLANE).map((r) => `${r.type} ${r.name}`),
                [`${CONFIG_FILE} gw-inference-extension-crds`],
            );
        });

        it("skips what the flags turn off (CRDs or control plane already on the cluster)", async () => {
            const rec = await ResourceRecorder.install();
            new c.GatewayControlPlane("gw", { gateway: "istio", installGatewayApiCrds: false, installControlPlane: false });
            await rec.settle();
            assert.deepStrictEqual(rec.resources.filter((r) => r.type !== CONTROL_PLANE).map((r) => r.name), ["gw-inference-extension-crds"]);
        });

        it("deploys through the provider of its clusterClaims", async () => {
            const rec = await ResourceRecorder.install();
            const provider = new k8s.Provider("prod", { kubeconfig: "fake" });
            new c.GatewayControlPlane("gw", { gateway: "istio" }, { clusterClaims: new c.ClusterClaims("prod", provider) });
            await rec.settle();
            const urn = rec.get("pulumi:providers:kubernetes", "prod").urn;
            for (const r of rec.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
                assert.strictEqual(r.providerUrn, urn, `${r.name} is not on the claims' provider`);
            }
        });
    });

    describe("once per cluster", () => {
        it("a second control plane on the same claims installs only what the cluster lacks, after the CRDs the first installs", async () => {
            const rec = await ResourceRecorder.install();
            const cluster = new c.ClusterClaims("prod");
            new c.GatewayControlPlane("istio", { gateway: "istio" }, { clusterClaims: cluster });
            const again = new c.GatewayControlPlane("istio-again", { gateway: "istio" }, { clusterClaims: cluster });
            new c.GatewayControlPlane("kgw", { gateway: "kgateway" }, { clusterClaims: cluster });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONFIG_FILE).map((r) => r.name).sort(), ["istio-gateway-api-crds", "istio-inference-extension-crds"]);
            assert.deepStrictEqual(rec.ofType(RELEASE).map((r) => r.name).sort(), ["istio-istiod", "kgw-kgateway"]);
            assert.deepStrictEqual(await new Promise((resolve) => again.installs.apply(resolve)), []);
            assert.deepStrictEqual(
                namesOf(rec, rec.get(RELEASE, "kgw-kgateway").dependencyUrns).filter((n) => n.endsWith("-crds")),
                ["istio-gateway-api-crds", "istio-inference-extension-crds", "kgw-kgateway-crds"],
            );
        });
    });

    describe("under PDStack (installGatewayControlPlane)", () => {
        it("is off by default: nothing new, and the releases wait for nothing of the cluster", async () => {
            const rec = await ResourceRecorder.install();
            new c.PDStack("llm-d-pd", { hardware: "h200-ib", hfToken: TOKEN });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONTROL_PLANE), []);
            assert.ok(!rec.resources.some((r) => [CONFIG_FILE, CHART].includes(r.type)));
            assert.deepStrictEqual(rec.ofType(RELEASE).map((r) => (r.inputs as any).name).sort(), ["gaie-pd", "infra-pd", "ms-pd"]);
        });

        it("installs it as a child of the PDStack; the three releases and the route wait for it, the namespace, Secret and Intel plugin do not", async () => {
            const rec = await ResourceRecorder.install();
            new c.PDStack("llm-d-pd", { hardware: "xpu", hfToken: TOKEN, installGatewayControlPlane: true });
            await rec.settle();
            const cp = rec.get(CONTROL_PLANE, "llm-d-pd-gateway-control-plane");
            assert.strictEqual(cp.parentUrn, rec.get("pdstack:index:PDStack", "llm-d-pd").urn);
            assert.strictEqual((cp.inputs as any).gateway, "istio");
            const istiod = rec.get(RELEASE, "llm-d-pd-gateway-control-plane-istiod");
            const crds = rec.ofType(CONFIG_FILE);
            assert.strictEqual(crds.length, 2);
            for (const r of [...["infra", "gaie", "ms"].map((n) => rec.get(RELEASE, `llm-d-pd-${n}`)), rec.get(ROUTE, "llm-d-pd-route")]) {
                for (const before of [istiod, ...crds]) {
                    assert.ok(dependsOn(r, before), `${r.name} must wait for ${before.name}`);
                }
            }
            for (const r of [rec.get(NAMESPACE, "llm-d-pd-namespace"), rec.get("kubernetes:core/v1:Secret", "llm-d-pd-hf-token"), rec.get("kubernetes:apps/v1:DaemonSet", "llm-d-pd-intel-gpu-plugin")]) {
                assert.ok(!r.dependencyUrns.includes(istiod.urn), `${r.name} must not wait for the control plane`);
            }
        });

        it("kgateway installs kgateway's control plane; the PDStack's outputs and summary say it was asked for", async () => {
            const rec = await ResourceRecorder.install();
            new c.PDStack("llm-d-pd", { hardware: "h200-ib", gateway: "kgateway", hfToken: TOKEN, installGatewayControlPlane: true });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(RELEASE).map((r) => r.name).sort(), ["llm-d-pd-gaie", "llm-d-pd-gateway-control-plane-kgateway", "llm-d-pd-infra", "llm-d-pd-ms"]);
            assert.strictEqual((rec.get("pdstack:index:PDStack", "llm-d-pd").inputs as any).installGatewayControlPlane, true);
        });

        it("two PDStacks on one cluster: one control plane, and both installs wait for it", async () => {
            const rec = await ResourceRecorder.install();
            const cluster = new c.ClusterClaims("prod");
            new c.PDStack("a", { hardware: "h200-ib", hfToken: TOKEN, namespace: "a", releasePostfix: "a", installGatewayControlPlane: true }, { clusterClaims: cluster });
            new c.PDStack("b", { hardware: "h200-ib", hfToken: TOKEN, namespace: "b", releasePostfix: "b", installGatewayControlPlane: true }, { clusterClaims: cluster });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONTROL_PLANE).map((r) => r.name), ["a-gateway-control-plane"]);
            const istiod = rec.get(RELEASE, "a-gateway-control-plane-istiod");
            assert.ok(dependsOn(rec.get(RELEASE, "b-infra"), istiod), "the second install waits for the first one's control plane");
        });

        it("a platform's GatewayControlPlane on the same claims: the PDStacks wait for it and install none, even when asked", async () => {
            const rec = await ResourceRecorder.install();
            const cluster = new c.ClusterClaims("prod");
            new c.GatewayControlPlane("platform-gateway", { gateway: "istio" }, { clusterClaims: cluster });
            new c.PDStack("llama", { hardware: "h200-ib", hfToken: TOKEN, installGatewayControlPlane: true }, { clusterClaims: cluster });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONTROL_PLANE).map((r) => r.name), ["platform-gateway"]);
            assert.ok(dependsOn(rec.get(RELEASE, "llama-ms"), rec.get(RELEASE, "platform-gateway-istiod")));
        });
    });

    describe("on a created GKE cluster (issue 13.5)", () => {
        it("the cluster gets the Inference Extension CRDs without being asked, and the PDStack's releases and route wait for them", async () => {
            const rec = await ResourceRecorder.install();
            const gke = new c.GkeCluster("gke", { region: "us-central1", project: "p", reservation: "h200" });
            new c.PDStack("llm-d-pd", { hardware: "gke", hfToken: TOKEN }, { clusterClaims: gke.clusterClaims });
            await rec.settle();
            const crds = rec.get(CONFIG_FILE, "gke-gateway-inference-extension-crds");
            assert.strictEqual(inputs(crds).file, "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v0.5.1/manifests.yaml");
            assert.strictEqual(crds.providerUrn, rec.get("pulumi:providers:kubernetes", "gke-k8s").urn, "on the new cluster");
            assert.deepStrictEqual(rec.ofType(CONFIG_FILE).length, 1, "GKE brings the Gateway API CRDs itself");
            for (const r of [...["infra", "gaie", "ms"].map((n) => rec.get(RELEASE, `llm-d-pd-${n}`)), rec.get(ROUTE, "llm-d-pd-route")]) {
                assert.ok(dependsOn(r, crds), `${r.name} must wait for the Inference Extension CRDs`);
            }
        });

        it("installGatewayControlPlane on that cluster adds nothing for gke, and only istio's charts for istio", async () => {
            let rec = await ResourceRecorder.install();
            let gke = new c.GkeCluster("gke", { region: "us-central1", project: "p", reservation: "h200" });
            new c.PDStack("llm-d-pd", { hardware: "gke", hfToken: TOKEN, installGatewayControlPlane: true }, { clusterClaims: gke.clusterClaims });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONTROL_PLANE).map((r) => r.name), ["gke-gateway"]);

            rec = await ResourceRecorder.install();
            gke = new c.GkeCluster("gke", { region: "us-central1", project: "p", reservation: "h200" });
            new c.PDStack("llm-d-pd", { hardware: "gke", gateway: "istio", hfToken: TOKEN, installGatewayControlPlane: true }, { clusterClaims: gke.clusterClaims });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONFIG_FILE).map((r) => r.name), ["gke-gateway-inference-extension-crds"]);
            assert.deepStrictEqual(rec.ofType(CHART).map((r) => r.name), ["llm-d-pd-gateway-control-plane-istio-base"]);
            const istiod = rec.get(RELEASE, "llm-d-pd-gateway-control-plane-istiod");
            assert.ok(dependsOn(istiod, rec.get(CONFIG_FILE, "gke-gateway-inference-extension-crds")));
            assert.ok(dependsOn(istiod, rec.get("gcp:container/cluster:Cluster", "gke-cluster")), "after GKE's Gateway API CRDs");
        });
    });
});
