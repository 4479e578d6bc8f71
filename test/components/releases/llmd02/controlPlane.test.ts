/**
 * The gateway control plane as pure data: its args, what it installs on istio, kgateway and gke, and
 * the charts, versions, namespaces and values compared with upstream's helmfiles
 * (fixtures/upstream/gateway-control-plane/).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { controlPlaneParts, resolveGatewayControlPlaneSpec } from "../../../../components/controlplane";
import { GATEWAY_API_CRDS, INFERENCE_EXTENSION_CRDS } from "../../../../components/releases/llmd02";
import { controllerReleaseArgs, ControllerPart, crdChartArgs, crdManifestArgs, controlPlaneNamespaceArgs } from "../../../../components/controlplane/parts";
import { chartVersionProblem } from "../../../../components/policies/pinnedVersions";
import { REFERENCE_DIR, referenceYaml } from "../../../support/reference";

const spec = (args: Record<string, unknown>) => resolveGatewayControlPlaneSpec(args, "GatewayControlPlaneArgs");
const whats = (args: Record<string, unknown>, installed: string[] = []) =>
    controlPlaneParts(spec(args), (w) => installed.includes(w)).map((p) => p.what);

/** One release of an upstream helmfile, by name. */
function helmfileRelease(provider: "istio" | "kgateway", name: string): any {
    const release = referenceYaml(`gateway-control-plane/${provider}.helmfile.yaml`).releases.find((r: any) => r.name === name);
    assert.ok(release, `${name} not in ${provider}.helmfile.yaml`);
    return release;
}

describe("GatewayControlPlane (pure)", () => {
    describe("args", () => {
        it("defaults: every CRD set and the provider's charts on istio and kgateway, CRDs kept on destroy", () => {
            for (const gateway of ["istio", "kgateway"]) {
                assert.deepStrictEqual(spec({ gateway }), {
                    gateway,
                    llmdVersion: "0.2",
                    installGatewayApiCrds: true,
                    installInferenceExtensionCrds: true,
                    installControlPlane: true,
                    installKeda: false,
                    retainCrdsOnDelete: true,
                });
            }
        });

        it("on gke only the Inference Extension CRDs: GKE's controller brings the Gateway API CRDs and the control plane", () => {
            assert.deepStrictEqual(spec({ gateway: "gke" }), {
                gateway: "gke",
                llmdVersion: "0.2",
                installGatewayApiCrds: false,
                installInferenceExtensionCrds: true,
                installControlPlane: false,
                installKeda: false,
                retainCrdsOnDelete: true,
            });
            assert.deepStrictEqual(whats({ gateway: "gke" }), ["inferenceExtensionCrds"]);
        });

        it("rejects a missing or unknown gateway, unknown keys and non-booleans, naming each key", () => {
            assert.throws(() => spec({}), (e: Error) => {
                assert.strictEqual(e.name, "InputError");
                assert.match(e.message, /^invalid GatewayControlPlane configuration:\n {2}GatewayControlPlaneArgs\.gateway: is required$/);
                return true;
            });
            assert.throws(() => spec({ gateway: "nginx", retainCrds: true, installControlPlane: "yes" }), (e: Error) => {
                assert.match(e.message, /GatewayControlPlaneArgs\.gateway: must be one of istio, kgateway, gke, agentgateway, standalone \(got "nginx"\)/);
                assert.match(e.message, /GatewayControlPlaneArgs\.retainCrds: is not a known key; known keys: gateway, llmdVersion, installGatewayApiCrds/);
                assert.match(e.message, /GatewayControlPlaneArgs\.installControlPlane: must be true or false \(got "yes"\)/);
                return true;
            });
        });

        it("rejects asking gke for what GKE manages itself", () => {
            assert.throws(() => spec({ gateway: "gke", installGatewayApiCrds: true, installControlPlane: true }), (e: Error) => {
                assert.match(e.message, /GatewayControlPlaneArgs\.installGatewayApiCrds: on gateway gke, GKE's gateway controller installs and manages the Gateway API CRDs/);
                assert.match(e.message, /GatewayControlPlaneArgs\.installControlPlane: gateway gke has no control plane to install/);
                return true;
            });
        });
    });

    describe("what it installs", () => {
        it("in upstream's order: Gateway API CRDs, Inference Extension CRDs, then the provider's charts", () => {
            assert.deepStrictEqual(whats({ gateway: "istio" }), ["gatewayApiCrds", "inferenceExtensionCrds", "istio"]);
            assert.deepStrictEqual(whats({ gateway: "kgateway" }), ["gatewayApiCrds", "inferenceExtensionCrds", "kgateway"]);
        });

        it("skips what a flag turns off, and what the cluster already gets from another component", () => {
            assert.deepStrictEqual(whats({ gateway: "istio", installGatewayApiCrds: false, installControlPlane: false }), ["inferenceExtensionCrds"]);
            assert.deepStrictEqual(whats({ gateway: "kgateway" }, ["gatewayApiCrds", "inferenceExtensionCrds"]), ["kgateway"]);
            assert.deepStrictEqual(whats({ gateway: "istio" }, ["gatewayApiCrds", "inferenceExtensionCrds", "istio"]), []);
        });

        it("pins every chart exactly, as the pd-pinned-versions policy reads it (istio's OCI build tag 1.28-alpha.<commit> included)", () => {
            for (const gateway of ["istio", "kgateway"]) {
                const part = controlPlaneParts(spec({ gateway })).find((p) => p.what === gateway) as ControllerPart;
                for (const { chart } of [part.charts.crds, part.charts.controller]) {
                    assert.strictEqual(chartVersionProblem(chart.version, chart.chart), undefined, `${chart.chart} ${chart.version}`);
                }
            }
            // The exception is for OCI tags only, and not for a partial version without a pre-release.
            assert.ok(chartVersionProblem("1.28-alpha.89f30b26ba71bf5e538083a4720d0bc2d8c06401", "istiod"));
            assert.ok(chartVersionProblem("1.28", "oci://gcr.io/istio-testing/charts/istiod"));
        });

        it("fetches the CRDs from the pinned release manifests (what upstream's script applies), not from a branch", () => {
            assert.deepStrictEqual(crdManifestArgs(GATEWAY_API_CRDS), {
                file: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml",
            });
            assert.deepStrictEqual(crdManifestArgs(INFERENCE_EXTENSION_CRDS), {
                file: "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v0.5.1/manifests.yaml",
            });
            const script = fs.readFileSync(path.join(REFERENCE_DIR, "gateway-control-plane", "install-gateway-provider-dependencies.sh"), "utf8");
            assert.match(script, new RegExp(`GATEWAY_API_CRD_REVISION:-"${GATEWAY_API_CRDS.version}"`));
            assert.match(script, new RegExp(`GATEWAY_API_INFERENCE_EXTENSION_CRD_REVISION:-"${INFERENCE_EXTENSION_CRDS.version}"`));
        });
    });

    for (const [provider, crdRelease, controllerRelease] of [
        ["istio", "istio-base", "istiod"],
        ["kgateway", "kgateway-crds", "kgateway"],
    ] as const) {
        describe(`${provider}: equals ${provider}.helmfile.yaml`, () => {
            const part = controlPlaneParts(spec({ gateway: provider })).find((p) => p.what === provider) as ControllerPart;

            it(`${crdRelease}: same chart, version and namespace (rendered by Pulumi, no values, as upstream gives none)`, () => {
                const upstream = helmfileRelease(provider, crdRelease);
                assert.deepStrictEqual(crdChartArgs(part.charts), {
                    name: upstream.name,
                    chart: upstream.chart,
                    version: upstream.version,
                    namespace: upstream.namespace,
                });
                assert.strictEqual(upstream.values, undefined);
                assert.deepStrictEqual(controlPlaneNamespaceArgs(part.charts), { metadata: { name: upstream.namespace } });
            });

            it(`${controllerRelease}: same chart, version, namespace and values, after ${crdRelease}`, () => {
                const upstream = helmfileRelease(provider, controllerRelease);
                const args = controllerReleaseArgs(part);
                assert.deepStrictEqual(
                    { name: args.name, chart: args.chart, version: args.version, namespace: args.namespace, values: args.values },
                    { name: upstream.name, chart: upstream.chart, version: upstream.version, namespace: upstream.namespace, values: upstream.values[0] },
                );
                assert.deepStrictEqual(upstream.needs, [`${upstream.namespace}/${crdRelease}`]);
                assert.strictEqual(args.timeout, 600);
            });
        });
    }
});
