/**
 * llm-d 0.9's gateway control plane as pure data: the args per gateway, what it installs, and the
 * CRD manifests, charts, versions, namespaces and values compared with upstream's own install steps
 * and chart files, as recorded from upstream (test/fixtures/llmd09/, see its SOURCE.md). Claims of two llm-d releases on
 * one cluster: shared where identical, refused where a cluster holds one version.
 */
import * as assert from "assert";
import { ClusterClaims } from "../../../../components/cluster";
import { controlPlaneParts, controlPlanePartsUsedBy, controlPlaneVersionConflicts, describePart, partVersion, resolveGatewayControlPlaneSpec } from "../../../../components/controlplane";
import { GATEWAY_API_CRDS, ISTIO_CONTROL_PLANE } from "../../../../components/releases/llmd02";
import {
    AGENTGATEWAY_CONTROL_PLANE,
    GATEWAY_API_CRDS_V1_5,
    GKE_INFERENCE_POOL_V1,
    INFERENCE_POOL_V1_CRDS,
    ISTIO_1_29_CONTROL_PLANE,
    ISTIO_ENABLE_INFERENCE_EXTENSION_FLAG,
} from "../../../../components/releases/llmd09";
import { controllerReleaseArgs, ControllerPart, crdChartArgs, crdManifestArgs, controlPlaneNamespaceArgs } from "../../../../components/controlplane/parts";
import { CONTROL_PLANE } from "../../../../components/releases/llmd09";
import { chartVersionProblem } from "../../../../components/policies/pinnedVersions";
import { llmd09Facts } from "../../../support/llmd09Records";
import { AGENTGATEWAY_CHART_VALUES, GATEWAY_DOCS, ISTIO_FILES, ROUTER_FILES } from "../../../support/upstream/llmd09";
import { gkeClusterArgsFromConfig } from "../../../../program/cluster";
import { resolveSpec } from "../../../../components/pdstack/spec";
import { minimumGkeVersionFor } from "../../../../components/gke/spec";

const spec = (args: Record<string, unknown>) => resolveGatewayControlPlaneSpec(args, "GatewayControlPlaneArgs");
const v010 = (args: Record<string, unknown>) => spec({ llmdVersion: "0.9", ...args });
const whats = (args: Record<string, unknown>, installed: string[] = []) => controlPlaneParts(v010(args), (w) => installed.includes(w)).map((p) => p.what);
const controller = (gateway: string) => controlPlaneParts(v010({ gateway })).find((p) => "charts" in p) as ControllerPart;

/** The guide's variables, defaults and install commands, as recorded from llm-d/llm-d. */
const GUIDE = llmd09Facts("guide");
const ROUTER = llmd09Facts("router");
const ISTIO = llmd09Facts("istio");
const AGENTGATEWAY = llmd09Facts("agentgateway");

/** `--set a.b.c=v` flags of an argv as a nested object (`true`/`false` as booleans), as Helm and istioctl read them. */
function setFlags(argv: string[], prefix = ""): Record<string, unknown> {
    const values: Record<string, any> = {};
    const flags = argv.flatMap((a, i) => (a === "--set" ? [argv[i + 1]] : []));
    for (const [, key, raw] of flags.map((f) => /^(\S+?)=(\S+)$/.exec(f)!)) {
        assert.ok(key.startsWith(prefix), `--set ${key} lacks ${prefix}`);
        const keys = key.slice(prefix.length).split(".");
        let at = values;
        for (const k of keys.slice(0, -1)) {
            at = at[k] ??= {};
        }
        at[keys[keys.length - 1]] = raw === "true" ? true : raw === "false" ? false : raw;
    }
    return values;
}

/** The argument after `flag`. */
const flagValue = (argv: string[], flag: string): string => argv[argv.indexOf(flag) + 1];

/** One `helm upgrade --install <release> <chart> ...` command of the agentgateway guide, read as Helm reads it. */
function helmInstall(release: string): { chart: string; namespace: string; version: string; values: Record<string, unknown> } {
    const commands: string[][] = GUIDE.installCommands[`${GATEWAY_DOCS}/agentgateway.md`];
    const argv = commands.find((c) => c.slice(0, 4).join(" ") === `helm upgrade --install ${release}`);
    assert.ok(argv, `no helm install of ${release} in agentgateway.md`);
    return { chart: argv[4], namespace: flagValue(argv, "--namespace"), version: flagValue(argv, "--version"), values: setFlags(argv) };
}

describe("GatewayControlPlane on llm-d 0.9 (pure)", () => {
    describe("args", () => {
        it("istio and agentgateway: the Gateway API CRDs, the InferencePool v1 CRD and the provider's charts, CRDs kept on destroy", () => {
            for (const gateway of ["istio", "agentgateway"]) {
                assert.deepStrictEqual(v010({ gateway }), {
                    gateway,
                    llmdVersion: "0.9",
                    installGatewayApiCrds: true,
                    installInferenceExtensionCrds: true,
                    installControlPlane: true,
                    installKeda: false,
                    retainCrdsOnDelete: true,
                });
            }
            assert.deepStrictEqual(whats({ gateway: "istio" }), ["gatewayApiCrds", "inferencePoolV1Crds", "istio"]);
            assert.deepStrictEqual(whats({ gateway: "agentgateway" }), ["gatewayApiCrds", "inferencePoolV1Crds", "agentgateway"]);
        });

        it("gke: nothing by default (GKE 1.34.0-gke.1626000 and later brings both CRD sets); the InferencePool v1 CRD when asked, for an older GKE", () => {
            assert.deepStrictEqual(whats({ gateway: "gke" }), []);
            assert.deepStrictEqual(whats({ gateway: "gke", installInferenceExtensionCrds: true }), ["inferencePoolV1Crds"]);
            assert.strictEqual(GUIDE.gkeBringsGaCrdsFrom.version, GKE_INFERENCE_POOL_V1.minimumVersion, "the GKE version gke.md says brings both GA CRD sets");
            // llm-d 0.2's x-k8s CRDs are never GKE's.
            assert.deepStrictEqual(controlPlaneParts(spec({ gateway: "gke" })).map((p) => p.what), ["inferenceExtensionCrds"]);
        });

        it("standalone: only the InferencePool v1 CRD (the router chart still creates a pool; no Gateway, no controller)", () => {
            assert.deepStrictEqual(whats({ gateway: "standalone" }), ["inferencePoolV1Crds"]);
            assert.deepStrictEqual(whats({ gateway: "standalone", installGatewayApiCrds: true }), ["gatewayApiCrds", "inferencePoolV1Crds"]);
            assert.throws(() => v010({ gateway: "standalone", installControlPlane: true }), (e: Error) => {
                assert.strictEqual(e.name, "InputError");
                assert.match(e.message, /GatewayControlPlaneArgs\.installControlPlane: gateway standalone has no control plane to install \(Envoy runs in the EPP pod\)/);
                return true;
            });
        });

        it("refuses a gateway the release does not run with, saying why, as PDStack does", () => {
            assert.throws(() => v010({ gateway: "kgateway" }), (e: Error) => {
                assert.match(e.message, /GatewayControlPlaneArgs\.gateway: gateway "kgateway" does not work with llmdVersion "0\.9": kgateway is deprecated in llm-d 0\.9 .*use gateway agentgateway or istio/);
                return true;
            });
            assert.throws(() => spec({ gateway: "agentgateway" }), /GatewayControlPlaneArgs\.gateway: gateway "agentgateway" does not work with llmdVersion "0\.2": llm-d 0\.2 \(llm-d-infra v1\.2\.4\) has no agentgateway support/);
            assert.throws(() => spec({ gateway: "istio", llmdVersion: "0.3" }), /GatewayControlPlaneArgs\.llmdVersion: must be one of 0\.2, 0\.9 \(got "0\.3"\)/);
        });
    });

    describe("CRDs: the guide's versions and release manifests, fetched at deploy time", () => {
        const vars: Record<string, string> = GUIDE.keys[`${GATEWAY_DOCS}/install-crds.md`];

        it("Gateway API v1.5.1 standard-install.yaml and GAIE v1.5.0 v1-manifests.yaml, as install-crds.md applies them", () => {
            assert.strictEqual(GATEWAY_API_CRDS_V1_5.version, vars.GATEWAY_API_VERSION);
            assert.strictEqual(INFERENCE_POOL_V1_CRDS.version, vars.GAIE_VERSION);
            assert.deepStrictEqual(crdManifestArgs(GATEWAY_API_CRDS_V1_5), { file: vars.GATEWAY_API_INSTALL_URL });
            assert.deepStrictEqual(crdManifestArgs(INFERENCE_POOL_V1_CRDS), { file: vars.GAIE_INSTALL_URL });
        });

        it("the same versions as the guide's install-gateway-crds.sh and llm-d-router v0.10.0's own CRD kustomizations", () => {
            const script = GUIDE.keys["guides/recipes/gateway/install-gateway-crds.sh"];
            assert.strictEqual(script.GATEWAY_API_VERSION, GATEWAY_API_CRDS_V1_5.version);
            assert.strictEqual(script.GATEWAY_API_INFERENCE_EXTENSION_VERSION, INFERENCE_POOL_V1_CRDS.version);
            assert.deepStrictEqual(ROUTER[ROUTER_FILES.gatewayApiCrds].resources, [`https://github.com/kubernetes-sigs/gateway-api/config/crd?ref=${GATEWAY_API_CRDS_V1_5.version}`]);
            assert.deepStrictEqual(ROUTER[ROUTER_FILES.gieCrds].resources, [INFERENCE_POOL_V1_CRDS.url]);
        });

        it("the pins are llm-d 0.9's (components/releases/llmd09/versions.ts), not 0.2's", () => {
            assert.strictEqual(GATEWAY_API_CRDS_V1_5.url, CONTROL_PLANE.gatewayApiCrds.url);
            assert.strictEqual(INFERENCE_POOL_V1_CRDS.url, CONTROL_PLANE.gaieCrds.url);
            assert.notStrictEqual(GATEWAY_API_CRDS_V1_5.version, GATEWAY_API_CRDS.version);
            assert.deepStrictEqual(INFERENCE_POOL_V1_CRDS.crds, ["inferencepools.inference.networking.k8s.io"]);
        });
    });

    describe("istio 1.29.2: istio.md's istioctl install, as the base and istiod charts", () => {
        const doc = `${GATEWAY_DOCS}/istio.md`;
        const [istioctl] = GUIDE.installCommands[doc] as string[][];
        const part = controller("istio");

        it("the guide's version, from istio's release charts (oci://gcr.io/istio-release/charts), under 0.2's release names in istio-system", () => {
            assert.strictEqual(GUIDE.keys[doc].ISTIO_VERSION, "1.29.2");
            assert.deepStrictEqual(istioctl.slice(0, 2), ["istioctl", "install"]);
            const releaseCharts = ISTIO[ISTIO_FILES.chartsReadme].releaseChartsOci;
            assert.strictEqual(releaseCharts, "oci://gcr.io/istio-release/charts/");
            assert.deepStrictEqual(crdChartArgs(part.charts), { name: "istio-base", chart: `${releaseCharts}base`, version: "1.29.2", namespace: "istio-system" });
            const args = controllerReleaseArgs(part);
            assert.deepStrictEqual([args.name, args.chart, args.version, args.namespace], ["istiod", `${releaseCharts}istiod`, "1.29.2", "istio-system"]);
            assert.deepStrictEqual(controlPlaneNamespaceArgs(part.charts), { metadata: { name: "istio-system" } });
            // 0.2's release names: a stack moving to 0.9 upgrades its istio in place.
            assert.deepStrictEqual(
                [part.charts.crds.releaseName, part.charts.controller.releaseName],
                [ISTIO_CONTROL_PLANE.crds.releaseName, ISTIO_CONTROL_PLANE.controller.releaseName],
            );
        });

        it("istiod's values are the guide's --set values.… (istioctl's values are the charts', and istiod lifts pilot.* to its top level)", () => {
            assert.deepStrictEqual(controllerReleaseArgs(part).values, setFlags(istioctl, "values."));
            assert.deepStrictEqual(controllerReleaseArgs(part).values, { pilot: { env: { [ISTIO_ENABLE_INFERENCE_EXTENSION_FLAG]: true } } });
            // istiod's chart copies .Values.pilot onto .Values: istioctl's values.pilot.env is the chart's pilot.env.
            assert.deepStrictEqual(ISTIO[ISTIO_FILES.descopeTemplate].valuesMergedIntoTopLevel, ["pilot"]);
            assert.strictEqual(controllerReleaseArgs(part).timeout, 600);
        });

        it("renders as llm-d-router v0.10.0's own istiod: chart istiod-1.29.2, its release image, the flag on", () => {
            const istiod = ROUTER[ROUTER_FILES.istiod];
            assert.strictEqual(istiod['metadata.labels["helm.sh/chart"]'], `istiod-${part.charts.controller.chart.version}`);
            assert.strictEqual(istiod["containers[discovery].image"], `docker.io/istio/pilot:${part.charts.controller.chart.version}`, "the release chart's own image: no hub or tag values");
            assert.strictEqual(istiod["containers[discovery].env (values)"][ISTIO_ENABLE_INFERENCE_EXTENSION_FLAG], "true");
            // No ingress gateway: Gateway API gateways get their own proxies.
            assert.deepStrictEqual(ROUTER[ROUTER_FILES.istioctlProfile]["spec.components.ingressGateways"], [{ name: "istio-ingressgateway", enabled: false }]);
            assert.deepStrictEqual(Object.keys(controllerReleaseArgs(part).values as object), ["pilot"]);
        });
    });

    describe("agentgateway v1.1.0: agentgateway.md's two helm installs", () => {
        const part = controller("agentgateway");

        it("agentgateway-crds: same chart, version and namespace (rendered by Pulumi, no values, as upstream gives none)", () => {
            const upstream = helmInstall("agentgateway-crds");
            assert.deepStrictEqual(crdChartArgs(part.charts), { name: "agentgateway-crds", chart: upstream.chart, version: upstream.version, namespace: upstream.namespace });
            assert.deepStrictEqual(upstream.values, {});
            assert.deepStrictEqual(controlPlaneNamespaceArgs(part.charts), { metadata: { name: upstream.namespace } });
        });

        it("agentgateway: same chart, version, namespace and values, after its CRD chart", () => {
            const upstream = helmInstall("agentgateway");
            const args = controllerReleaseArgs(part);
            assert.deepStrictEqual(
                { chart: args.chart, version: args.version, namespace: args.namespace, values: args.values },
                { chart: upstream.chart, version: upstream.version, namespace: upstream.namespace, values: upstream.values },
            );
            assert.strictEqual(args.name, "agentgateway");
            assert.strictEqual(upstream.version, CONTROL_PLANE.agentgateway.version);
            // The key exists in the chart at v1.1.0 (off by default).
            assert.deepStrictEqual(AGENTGATEWAY[AGENTGATEWAY_CHART_VALUES].inferenceExtension, { enabled: false });
        });
    });

    it("pins every chart exactly, as the pd-pinned-versions policy reads it", () => {
        for (const charts of [ISTIO_1_29_CONTROL_PLANE, AGENTGATEWAY_CONTROL_PLANE]) {
            for (const { chart } of [charts.crds, charts.controller]) {
                assert.strictEqual(chartVersionProblem(chart.version, chart.chart), undefined, `${chart.chart} ${chart.version}`);
            }
        }
    });

    it("describes each part for the plan and the component's installs output", () => {
        assert.deepStrictEqual(controlPlaneParts(v010({ gateway: "istio" })).map(describePart), [
            "Gateway API CRDs v1.5.1 (https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml)",
            "Gateway API Inference Extension CRDs v1.5.0 (https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.5.0/v1-manifests.yaml)",
            "istio 1.29.2 in istio-system: istio-base (oci://gcr.io/istio-release/charts/base), then istiod (oci://gcr.io/istio-release/charts/istiod)",
        ]);
    });

    describe("a GKE cluster the program creates follows the stack's llmdVersion", () => {
        const created = { create: true, region: "us-central1", reservation: "r" };
        const argsFor = (config: Record<string, unknown>, block: Record<string, unknown> = created) =>
            gkeClusterArgsFromConfig(block, resolveSpec({ hardware: "gke", ...config }, "llm-d-pd:"), "llm-d-pd-gke", "llm-d-pd:");

        it("0.9 reaches GkeClusterArgs.llmdVersion; 0.2 leaves the args as they were", () => {
            assert.deepStrictEqual(argsFor({ llmdVersion: "0.9" }), { region: "us-central1", reservation: "r", llmdVersion: "0.9" });
            assert.deepStrictEqual(argsFor({}), { region: "us-central1", reservation: "r" });
        });

        it("the cluster's lowest version: on 0.9 the one from which GKE brings InferencePool v1; none on 0.2", () => {
            assert.strictEqual(minimumGkeVersionFor("0.9"), GKE_INFERENCE_POOL_V1.minimumVersion);
            assert.strictEqual(minimumGkeVersionFor("0.9"), "1.34.0-gke.1626000");
            assert.strictEqual(minimumGkeVersionFor("0.2"), undefined);
        });

        it("llmdVersion is the stack's key, not one of the gkeCluster block", () => {
            assert.throws(() => argsFor({}, { ...created, llmdVersion: "0.9" }), /llm-d-pd:gkeCluster\.llmdVersion: is not a known key/);
        });
    });

    describe("one cluster, two llm-d releases (ClusterClaims)", () => {
        /** Claims holding what a control plane of this gateway and release installs, as that component records it. */
        const claimsWith = (gateway: "istio" | "gke" | "standalone" | "kgateway", llmdVersion: "0.2" | "0.9") => {
            const claims = new ClusterClaims("prod");
            const by = `GatewayControlPlane "first" (llm-d ${llmdVersion})`;
            for (const part of controlPlaneParts(spec({ gateway, llmdVersion }))) {
                claims.recordInstalled(part.what, {} as any, { version: partVersion(part), by });
            }
            return claims;
        };

        it("0.2's and 0.9's istio clash on the Gateway API CRDs and on istio, naming both versions and who installs them", () => {
            assert.deepStrictEqual(controlPlaneVersionConflicts("istio", "0.9", claimsWith("istio", "0.2")), [
                'needs the Gateway API CRDs v1.5.1, but GatewayControlPlane "first" (llm-d 0.2) installs the Gateway API CRDs v1.3.0 on cluster "prod"',
                'needs the istio control plane 1.29.2, but GatewayControlPlane "first" (llm-d 0.2) installs the istio control plane 1.28-alpha.89f30b26ba71bf5e538083a4720d0bc2d8c06401 on cluster "prod"',
            ]);
            assert.strictEqual(controlPlaneVersionConflicts("agentgateway", "0.9", claimsWith("kgateway", "0.2")).length, 1, "the Gateway API CRDs");
        });

        it("the Inference Extension CRDs of the two releases are different objects: they coexist", () => {
            assert.deepStrictEqual(controlPlaneVersionConflicts("standalone", "0.9", claimsWith("istio", "0.2")), []);
            assert.deepStrictEqual(controlPlaneVersionConflicts("gke", "0.9", claimsWith("gke", "0.2")), []);
            assert.deepStrictEqual(controlPlaneVersionConflicts("gke", "0.2", claimsWith("standalone", "0.9")), []);
        });

        it("identical parts are shared: a second 0.9 install finds nothing to clash with", () => {
            assert.deepStrictEqual(controlPlaneVersionConflicts("istio", "0.9", claimsWith("istio", "0.9")), []);
            assert.deepStrictEqual(controlPlaneVersionConflicts("standalone", "0.9", claimsWith("istio", "0.9")), []);
        });

        it("a part the cluster brings at a version the program does not choose (GKE's Gateway API CRDs) serves every release", () => {
            const claims = new ClusterClaims("gke");
            claims.recordInstalled("gatewayApiCrds", {} as any);
            assert.deepStrictEqual(controlPlaneVersionConflicts("istio", "0.9", claims), []);
            assert.deepStrictEqual(controlPlaneVersionConflicts("istio", "0.2", claims), []);
        });

        it("what each install uses: the Gateway API CRDs (not standalone), its release's Inference Extension CRDs, its controller", () => {
            const used = (g: any, v: any) => controlPlanePartsUsedBy(g, v).map((p) => `${p.what} ${partVersion(p)}`);
            assert.deepStrictEqual(used("istio", "0.9"), ["gatewayApiCrds v1.5.1", "inferencePoolV1Crds v1.5.0", "istio 1.29.2"]);
            assert.deepStrictEqual(used("gke", "0.9"), ["gatewayApiCrds v1.5.1", "inferencePoolV1Crds v1.5.0"]);
            assert.deepStrictEqual(used("standalone", "0.9"), ["inferencePoolV1Crds v1.5.0"]);
            assert.deepStrictEqual(used("kgateway", "0.2"), ["gatewayApiCrds v1.3.0", "inferenceExtensionCrds v0.5.1", "kgateway v2.0.4"]);
        });
    });
});
