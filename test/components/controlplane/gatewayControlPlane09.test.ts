/**
 * llm-d 0.9's gateway control plane under mocks: GatewayControlPlane's resources, versions, ordering
 * and retention on istio, agentgateway, gke and standalone; under PDStack (`installGatewayControlPlane`
 * with `llmdVersion: "0.9"`), ahead of the Gateway, the router release and the route; one cluster with
 * both llm-d releases (shared, or refused with the versions); and the Inference Extension CRDs of a
 * created GKE cluster following the llm-d release.
 */
import * as assert from "assert";
import type * as Components from "../../../components";
import { PlannedResource, ResourceRecorder } from "../../../plan/recorder";
import { CHART, CONFIG_FILE, CONTROL_PLANE, DEPLOYMENT, GATEWAY, GKE_CLUSTER, NAMESPACE, PDSTACK, RELEASE, ROUTE, TOKEN } from "../../support/tokens";


const GATEWAY_API_V1_5_1 = "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml";
const INFERENCE_POOL_V1 = "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.5.0/v1-manifests.yaml";
const INFERENCE_EXTENSION_V0_5_1 = "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v0.5.1/manifests.yaml";

let c: typeof Components;

const inputs = (r: PlannedResource) => r.inputs as Record<string, any>;
const dependsOn = (r: PlannedResource, on: PlannedResource) => r.dependencyUrns.includes(on.urn);
const installs = (cp: { installs: any }) => new Promise<string[]>((resolve) => cp.installs.apply(resolve));
/** Every resource but PDStack's own components, as `<type> <name>`. */
const created = (rec: ResourceRecorder) => rec.resources.filter((r) => !r.type.startsWith("pdstack:")).map((r) => `${r.type} ${r.name}`).sort();

describe("GatewayControlPlane on llm-d 0.9 under mocks", () => {
    before(async () => {
        await ResourceRecorder.install();
        c = await import("../../../components");
    });

    describe("alone in a platform program", () => {
        it("istio: Gateway API CRDs v1.5.1 and the InferencePool v1 CRD, istio-system, base then istiod 1.29.2 with the guide's values", async () => {
            const rec = await ResourceRecorder.install();
            const cp = new c.GatewayControlPlane("gw", { gateway: "istio", llmdVersion: "0.9" });
            await rec.settle();
            const gatewayApi = rec.get(CONFIG_FILE, "gw-gateway-api-crds");
            const pool = rec.get(CONFIG_FILE, "gw-inference-pool-v1-crds");
            assert.strictEqual(inputs(gatewayApi).file, GATEWAY_API_V1_5_1);
            assert.strictEqual(inputs(pool).file, INFERENCE_POOL_V1);
            const ns = rec.get(NAMESPACE, "gw-istio-system");
            const base = rec.get(CHART, "gw-istio-base");
            assert.deepStrictEqual(
                { name: inputs(base).name, chart: inputs(base).chart, version: inputs(base).version, namespace: inputs(base).namespace },
                { name: "istio-base", chart: "oci://gcr.io/istio-release/charts/base", version: "1.29.2", namespace: "istio-system" },
            );
            const istiod = rec.get(RELEASE, "gw-istiod");
            assert.deepStrictEqual(
                { name: inputs(istiod).name, chart: inputs(istiod).chart, version: inputs(istiod).version, namespace: inputs(istiod).namespace },
                { name: "istiod", chart: "oci://gcr.io/istio-release/charts/istiod", version: "1.29.2", namespace: "istio-system" },
            );
            assert.deepStrictEqual(inputs(istiod).values, { pilot: { env: { ENABLE_GATEWAY_API_INFERENCE_EXTENSION: true } } });
            assert.ok(dependsOn(base, ns), "the base chart installs into istio-system");
            for (const before of [ns, base, gatewayApi, pool]) {
                assert.ok(dependsOn(istiod, before), `istiod must wait for ${before.name}`);
            }
            assert.strictEqual(inputs(rec.get(CONTROL_PLANE, "gw")).llmdVersion, "0.9");
            assert.deepStrictEqual(await installs(cp), [
                `Gateway API CRDs v1.5.1 (${GATEWAY_API_V1_5_1})`,
                `Gateway API Inference Extension CRDs v1.5.0 (${INFERENCE_POOL_V1})`,
                "istio 1.29.2 in istio-system: istio-base (oci://gcr.io/istio-release/charts/base), then istiod (oci://gcr.io/istio-release/charts/istiod)",
            ]);
        });

        it("agentgateway: agentgateway-crds then agentgateway v1.1.0 in agentgateway-system, the Inference Extension on; CRDs kept on destroy", async () => {
            const rec = await ResourceRecorder.install();
            new c.GatewayControlPlane("gw", { gateway: "agentgateway", llmdVersion: "0.9" });
            await rec.settle();
            const crds = rec.get(CHART, "gw-agentgateway-crds");
            const controller = rec.get(RELEASE, "gw-agentgateway");
            assert.deepStrictEqual([inputs(crds).chart, inputs(crds).version, inputs(crds).namespace], ["oci://cr.agentgateway.dev/charts/agentgateway-crds", "v1.1.0", "agentgateway-system"]);
            assert.deepStrictEqual(
                [inputs(controller).name, inputs(controller).chart, inputs(controller).version, inputs(controller).namespace],
                ["agentgateway", "oci://cr.agentgateway.dev/charts/agentgateway", "v1.1.0", "agentgateway-system"],
            );
            assert.deepStrictEqual(inputs(controller).values, { inferenceExtension: { enabled: true } });
            for (const before of [crds, rec.get(NAMESPACE, "gw-agentgateway-system"), rec.get(CONFIG_FILE, "gw-gateway-api-crds"), rec.get(CONFIG_FILE, "gw-inference-pool-v1-crds")]) {
                assert.ok(dependsOn(controller, before), `agentgateway must wait for ${before.name}`);
            }
            assert.deepStrictEqual(
                rec.resources.filter((r) => r.type !== CONTROL_PLANE && r.retainOnDelete).map((r) => r.name).sort(),
                ["gw-agentgateway-crds", "gw-gateway-api-crds", "gw-inference-pool-v1-crds"],
            );
            assert.strictEqual(controller.retainOnDelete, false);
        });

        it("standalone: the InferencePool v1 CRD only", async () => {
            const rec = await ResourceRecorder.install();
            new c.GatewayControlPlane("gw", { gateway: "standalone", llmdVersion: "0.9" });
            await rec.settle();
            assert.deepStrictEqual(created(rec), [`${CONFIG_FILE} gw-inference-pool-v1-crds`]);
        });

        it("gke: nothing by default; the InferencePool v1 CRD for an older GKE when asked", async () => {
            let rec = await ResourceRecorder.install();
            const cp = new c.GatewayControlPlane("gw", { gateway: "gke", llmdVersion: "0.9" });
            await rec.settle();
            assert.deepStrictEqual(created(rec), []);
            assert.deepStrictEqual(await installs(cp), []);

            rec = await ResourceRecorder.install();
            new c.GatewayControlPlane("gw", { gateway: "gke", llmdVersion: "0.9", installInferenceExtensionCrds: true });
            await rec.settle();
            assert.deepStrictEqual(created(rec), [`${CONFIG_FILE} gw-inference-pool-v1-crds`]);
            assert.strictEqual(inputs(rec.get(CONFIG_FILE, "gw-inference-pool-v1-crds")).file, INFERENCE_POOL_V1);
        });

        it("kgateway on 0.9 is refused before anything is registered", async () => {
            const rec = await ResourceRecorder.install();
            assert.throws(() => new c.GatewayControlPlane("gw", { gateway: "kgateway", llmdVersion: "0.9" }), (e: Error) => {
                assert.strictEqual(e.name, "InputError");
                assert.match(e.message, /GatewayControlPlaneArgs\.gateway: gateway "kgateway" does not work with llmdVersion "0\.9"/);
                return true;
            });
            await rec.settle();
            assert.deepStrictEqual(rec.resources, []);
        });
    });

    describe("one cluster, both llm-d releases", () => {
        it("a 0.9 control plane after a 0.2 one on the same claims is refused with both versions; nothing of it is registered", async () => {
            const rec = await ResourceRecorder.install();
            const cluster = new c.ClusterClaims("prod");
            new c.GatewayControlPlane("old", { gateway: "istio" }, { clusterClaims: cluster });
            assert.throws(() => new c.GatewayControlPlane("new", { gateway: "istio", llmdVersion: "0.9" }, { clusterClaims: cluster }), (e: Error) => {
                assert.strictEqual(e.name, "InputError");
                assert.match(
                    e.message,
                    /GatewayControlPlane "new" \(llm-d 0\.9, gateway istio\) needs the Gateway API CRDs v1\.5\.1, but GatewayControlPlane "old" \(llm-d 0\.2\) installs the Gateway API CRDs v1\.3\.0 on cluster "prod"; and needs the istio control plane 1\.29\.2, but GatewayControlPlane "old" \(llm-d 0\.2\) installs the istio control plane 1\.28-alpha\.[0-9a-f]+ on cluster "prod": a cluster holds one version of each, so installs of llm-d 0\.2 and 0\.9 cannot share a gateway control plane\. Put them on separate clusters/,
                );
                return true;
            });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONTROL_PLANE).map((r) => r.name), ["old"]);
        });

        it("two PDStacks, 0.2 and 0.9, each installing the control plane on one cluster: the second is refused before it registers", async () => {
            const rec = await ResourceRecorder.install();
            const cluster = new c.ClusterClaims("prod");
            new c.PDStack("a", { hardware: "h200-ib", hfToken: TOKEN, namespace: "a", releasePostfix: "a", installGatewayControlPlane: true }, { clusterClaims: cluster });
            assert.throws(
                () =>
                    new c.PDStack(
                        "b",
                        { hardware: "h200-ib", llmdVersion: "0.9", gateway: "agentgateway", hfToken: TOKEN, namespace: "b", releasePostfix: "b", installGatewayControlPlane: true },
                        { clusterClaims: cluster },
                    ),
                /PDStack "b" \(llm-d 0\.9, gateway agentgateway\) needs the Gateway API CRDs v1\.5\.1, but GatewayControlPlane "a-gateway-control-plane" \(llm-d 0\.2\) installs the Gateway API CRDs v1\.3\.0 on cluster "prod": /,
            );
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(PDSTACK).map((r) => r.name), ["a"]);
        });

        it("shared where they can be: a 0.9 standalone install beside 0.2's istio adds only the InferencePool v1 CRD, which 0.2's x-k8s CRDs leave alone", async () => {
            const rec = await ResourceRecorder.install();
            const cluster = new c.ClusterClaims("prod");
            new c.PDStack("a", { hardware: "h200-ib", hfToken: TOKEN, namespace: "a", releasePostfix: "a", installGatewayControlPlane: true }, { clusterClaims: cluster });
            new c.PDStack(
                "b",
                { hardware: "h200-ib", llmdVersion: "0.9", gateway: "standalone", hfToken: TOKEN, namespace: "b", releasePostfix: "b", installGatewayControlPlane: true },
                { clusterClaims: cluster },
            );
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONFIG_FILE).map((r) => inputs(r).file).sort(), [
                "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml",
                INFERENCE_EXTENSION_V0_5_1,
                INFERENCE_POOL_V1,
            ].sort());
            const router = rec.get(RELEASE, "b-router");
            assert.ok(dependsOn(router, rec.get(CONFIG_FILE, "b-gateway-control-plane-inference-pool-v1-crds")));
            assert.ok(!dependsOn(router, rec.get(RELEASE, "a-gateway-control-plane-istiod")), "standalone needs no istio");
        });

        it("two 0.9 PDStacks share one control plane, and both wait for it", async () => {
            const rec = await ResourceRecorder.install();
            const cluster = new c.ClusterClaims("prod");
            for (const n of ["a", "b"]) {
                new c.PDStack(n, { hardware: "h200-ib", llmdVersion: "0.9", hfToken: TOKEN, namespace: n, releasePostfix: n, installGatewayControlPlane: true }, { clusterClaims: cluster });
            }
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONTROL_PLANE).map((r) => r.name), ["a-gateway-control-plane"]);
            for (const n of ["a", "b"]) {
                assert.ok(dependsOn(rec.get(RELEASE, `${n}-router`), rec.get(RELEASE, "a-gateway-control-plane-istiod")), `${n}'s router waits for istiod`);
            }
        });
    });

    describe("under PDStack (installGatewayControlPlane, llmdVersion 0.9)", () => {
        it("xpu on istio: istio 1.29.2 as a child of the PDStack, ahead of the Gateway and the router release (and so of the route)", async () => {
            const rec = await ResourceRecorder.install();
            new c.PDStack("llm-d-pd", { hardware: "xpu", llmdVersion: "0.9", hfToken: TOKEN, installGatewayControlPlane: true });
            await rec.settle();
            const cp = rec.get(CONTROL_PLANE, "llm-d-pd-gateway-control-plane");
            assert.strictEqual(cp.parentUrn, rec.get(PDSTACK, "llm-d-pd").urn);
            assert.deepStrictEqual([inputs(cp).gateway, inputs(cp).llmdVersion], ["istio", "0.9"]);
            assert.strictEqual(inputs(rec.get(PDSTACK, "llm-d-pd")).installGatewayControlPlane, true);
            const controlPlane = [
                rec.get(CONFIG_FILE, "llm-d-pd-gateway-control-plane-gateway-api-crds"),
                rec.get(CONFIG_FILE, "llm-d-pd-gateway-control-plane-inference-pool-v1-crds"),
                rec.get(RELEASE, "llm-d-pd-gateway-control-plane-istiod"),
            ];
            assert.strictEqual(inputs(controlPlane[2]).version, "1.29.2");
            const gateway = rec.get(GATEWAY, "llm-d-pd-gateway");
            const router = rec.get(RELEASE, "llm-d-pd-router");
            for (const r of [gateway, router]) {
                for (const before of controlPlane) {
                    assert.ok(dependsOn(r, before), `${r.name} must wait for ${before.name}`);
                }
            }
            // The route waits for both, hence for the control plane.
            assert.ok(dependsOn(rec.get(ROUTE, "llm-d-pd-route"), gateway) && dependsOn(rec.get(ROUTE, "llm-d-pd-route"), router));
            // The model servers use no CRD and no controller: they start (and download the model) meanwhile.
            const istiod = controlPlane[2];
            for (const r of [
                rec.get(DEPLOYMENT, "llm-d-pd-prefill"),
                rec.get(DEPLOYMENT, "llm-d-pd-decode"),
                rec.get(NAMESPACE, "llm-d-pd-namespace"),
                rec.get("kubernetes:core/v1:Secret", "llm-d-pd-hf-token"),
                rec.get("kubernetes:apps/v1:DaemonSet", "llm-d-pd-intel-gpu-plugin"),
            ]) {
                assert.ok(!controlPlane.some((x) => dependsOn(r, x)), `${r.name} must not wait for the control plane`);
                assert.ok(!dependsOn(r, istiod));
            }
            assert.deepStrictEqual(rec.ofType(RELEASE).map((r) => r.name).sort(), ["llm-d-pd-gateway-control-plane-istiod", "llm-d-pd-router"]);
        });

        it("agentgateway and standalone install their own control planes; gke installs none", async () => {
            let rec = await ResourceRecorder.install();
            new c.PDStack("llm-d-pd", { hardware: "h200-ib", llmdVersion: "0.9", gateway: "agentgateway", hfToken: TOKEN, installGatewayControlPlane: true });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(RELEASE).map((r) => r.name).sort(), ["llm-d-pd-gateway-control-plane-agentgateway", "llm-d-pd-router"]);
            assert.ok(dependsOn(rec.get(GATEWAY, "llm-d-pd-gateway"), rec.get(RELEASE, "llm-d-pd-gateway-control-plane-agentgateway")));

            rec = await ResourceRecorder.install();
            new c.PDStack("llm-d-pd", { hardware: "h200-ib", llmdVersion: "0.9", gateway: "standalone", hfToken: TOKEN, installGatewayControlPlane: true });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONFIG_FILE).map((r) => r.name), ["llm-d-pd-gateway-control-plane-inference-pool-v1-crds"]);
            assert.ok(dependsOn(rec.get(RELEASE, "llm-d-pd-router"), rec.get(CONFIG_FILE, "llm-d-pd-gateway-control-plane-inference-pool-v1-crds")));

            rec = await ResourceRecorder.install();
            new c.PDStack("llm-d-pd", { hardware: "gke", llmdVersion: "0.9", hfToken: TOKEN, installGatewayControlPlane: true });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONTROL_PLANE), [], "GKE brings the Gateway API CRDs, the InferencePool v1 CRD and the controller");
        });
    });

    describe("on a created GKE cluster", () => {
        it("llmdVersion 0.9: the cluster is created at GKE 1.34 or later, which installs the InferencePool v1 CRD; no v0.5.1 CRDs; the router waits for the cluster", async () => {
            const rec = await ResourceRecorder.install();
            const gke = new c.GkeCluster("gke", { region: "us-central1", project: "p", reservation: "h200", llmdVersion: "0.9" });
            new c.PDStack("llm-d-pd", { hardware: "gke", llmdVersion: "0.9", hfToken: TOKEN, installGatewayControlPlane: true }, { clusterClaims: gke.clusterClaims });
            await rec.settle();
            const cluster = rec.get(GKE_CLUSTER, "gke-cluster");
            // The REGULAR channel's default of the mocks' getEngineVersions (plan/recorder OFFLINE_GKE_ENGINE_VERSIONS).
            assert.strictEqual(inputs(cluster).minMasterVersion, "1.34.1-gke.1829001");
            assert.deepStrictEqual(rec.ofType(CONFIG_FILE), []);
            assert.deepStrictEqual(rec.ofType(CONTROL_PLANE), []);
            assert.deepStrictEqual([inputs(rec.get("pdstack:index:GkeCluster", "gke")).llmdVersion, inputs(rec.get("pdstack:index:GkeCluster", "gke")).minimumGkeVersion], ["0.9", "1.34.0-gke.1626000"]);
            for (const r of [rec.get(RELEASE, "llm-d-pd-router"), rec.get(GATEWAY, "llm-d-pd-gateway")]) {
                assert.ok(dependsOn(r, cluster), `${r.name} must wait for the cluster's Gateway API and InferencePool v1 CRDs`);
            }
        });

        it("llmdVersion 0.2 (the default): GKE's default version, and the v0.5.1 CRDs installed for the PDStacks, as before", async () => {
            const rec = await ResourceRecorder.install();
            new c.GkeCluster("gke", { region: "us-central1", project: "p", reservation: "h200" });
            await rec.settle();
            assert.strictEqual(inputs(rec.get(GKE_CLUSTER, "gke-cluster")).minMasterVersion, undefined);
            assert.deepStrictEqual(rec.ofType(CONFIG_FILE).map((r) => inputs(r).file), [INFERENCE_EXTENSION_V0_5_1]);
            assert.strictEqual(inputs(rec.get("pdstack:index:GkeCluster", "gke")).llmdVersion, undefined, "the 0.2 cluster's inputs are unchanged");
        });

        it("a 0.2 PDStack on a 0.9 cluster gets its x-k8s CRDs installed beside GKE's InferencePool v1 when it asks", async () => {
            const rec = await ResourceRecorder.install();
            const gke = new c.GkeCluster("gke", { region: "us-central1", project: "p", reservation: "h200", llmdVersion: "0.9" });
            new c.PDStack("old", { hardware: "gke", hfToken: TOKEN, installGatewayControlPlane: true }, { clusterClaims: gke.clusterClaims });
            await rec.settle();
            assert.deepStrictEqual(rec.ofType(CONFIG_FILE).map((r) => [r.name, inputs(r).file]), [["old-gateway-control-plane-inference-extension-crds", INFERENCE_EXTENSION_V0_5_1]]);
        });
    });
});
