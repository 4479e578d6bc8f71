/**
 * What a control plane installs, in order, as pure data: the CRD manifests, then the provider's
 * namespace, CRD chart and controller release. The component turns each into resources.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { ClusterWide } from "../cluster";
import type { GatewayName } from "../pdstack/gateway";
import type { LlmdRelease } from "../releases/releases";
import { ControllerName, CrdPartName, controlPlaneOf } from "./releases";
import { GatewayControlPlaneSpec } from "./spec";
import { ControlPlaneCharts, CrdManifest } from "./types";
import type { KedaChart } from "../autoscaling/keda";

/** How long `pulumi up` waits for a controller release (istiod, kgateway) to be ready, in seconds. */
export const CONTROLLER_RELEASE_TIMEOUT_SECONDS = 600;

/** A set of CRDs from a release manifest. */
export interface CrdManifestPart {
    what: CrdPartName;
    manifest: CrdManifest;
}

/** A provider's control plane: namespace, CRD chart, controller release with its values. */
export interface ControllerPart {
    what: ControllerName;
    charts: ControlPlaneCharts;
    controllerValues: Record<string, unknown>;
}

/** KEDA: its namespace and chart (CRDs included). */
export interface KedaPart {
    what: "keda";
    keda: KedaChart;
}

export type ControlPlanePart = CrdManifestPart | ControllerPart | KedaPart;

/**
 * The control plane charts of a gateway provider in an llm-d release; none for gke, whose controller
 * GKE runs, for standalone, which has none, nor for a gateway the release does not run with.
 */
export function controlPlaneChartsOf(gateway: GatewayName, llmdVersion: LlmdRelease): ControllerPart | undefined {
    const controller = controlPlaneOf(llmdVersion).controllers[gateway];
    return controller ? { what: controller.what, charts: controller.charts, controllerValues: controller.values() } : undefined;
}

/** The version a part installs: its manifest's, or its charts'. */
export function partVersion(part: ControlPlanePart): string {
    return "manifest" in part ? part.manifest.version : "keda" in part ? part.keda.chart.version : part.charts.controller.chart.version;
}

/**
 * Every part an install on this gateway and llm-d release uses on its cluster, whoever installs it:
 * the Gateway API CRDs (not in standalone mode), the release's Inference Extension CRDs, and the
 * provider's controller when this component installs it.
 */
export function controlPlanePartsUsedBy(gateway: GatewayName, llmdVersion: LlmdRelease): ControlPlanePart[] {
    const release = controlPlaneOf(llmdVersion);
    const controller = controlPlaneChartsOf(gateway, llmdVersion);
    return [
        ...(gateway !== "standalone" ? [release.gatewayApiCrds] : []),
        release.inferenceCrds,
        ...(controller ? [controller] : []),
    ];
}

/**
 * What a control plane with this spec installs, in install order, leaving out what `installedOnCluster`
 * says the cluster already gets from another component of the program.
 */
export function controlPlaneParts(spec: GatewayControlPlaneSpec, installedOnCluster: (what: ClusterWide) => boolean = () => false): ControlPlanePart[] {
    const release = controlPlaneOf(spec.llmdVersion);
    const parts: ControlPlanePart[] = [];
    if (spec.installGatewayApiCrds) {
        parts.push(release.gatewayApiCrds);
    }
    if (spec.installInferenceExtensionCrds) {
        parts.push(release.inferenceCrds);
    }
    const controller = spec.installControlPlane ? controlPlaneChartsOf(spec.gateway, spec.llmdVersion) : undefined;
    if (controller) {
        parts.push(controller);
    }
    if (spec.installKeda && release.keda) {
        parts.push({ what: "keda", keda: release.keda });
    }
    return parts.filter((p) => !installedOnCluster(p.what));
}

/** One line per part, for the component's `installs` output and the plan. */
export function describePart(part: ControlPlanePart): string {
    if ("manifest" in part) {
        return `${part.manifest.title} ${part.manifest.version} (${part.manifest.url})`;
    }
    if ("keda" in part) {
        const k = part.keda;
        return `KEDA ${k.appVersion} in ${k.namespace}: ${k.releaseName} (${k.chart.repo} ${k.chart.chart} ${k.chart.version})`;
    }
    const { namespace, crds, controller } = part.charts;
    return `${part.what} ${controller.chart.version} in ${namespace}: ${crds.releaseName} (${crds.chart.chart}), then ${controller.releaseName} (${controller.chart.chart})`;
}

/** The ConfigFile that applies a CRD manifest, fetched by the Kubernetes provider at deploy time. */
export function crdManifestArgs(manifest: CrdManifest): k8s.yaml.v2.ConfigFileArgs {
    return { file: manifest.url };
}

/** The provider's namespace (upstream's helmfile creates it; istio's `base` chart needs it to exist). */
export function controlPlaneNamespaceArgs(charts: ControlPlaneCharts): k8s.core.v1.NamespaceArgs {
    return { metadata: { name: charts.namespace } };
}

/**
 * The provider's CRD chart, rendered by Pulumi (helm.sh/v4 Chart) rather than installed as a Helm
 * release: each object is then a Pulumi resource, kept on destroy with the chart's `retainOnDelete` and
 * adopted on a cluster that already has it when the provider sets `upsertExistingObjects`.
 */
export function crdChartArgs(charts: ControlPlaneCharts): k8s.helm.v4.ChartArgs {
    return { name: charts.crds.releaseName, chart: charts.crds.chart.chart, version: charts.crds.chart.version, namespace: charts.namespace };
}

/** The controller, a Helm release as upstream's helmfile installs it. */
export function controllerReleaseArgs(part: ControllerPart): k8s.helm.v3.ReleaseArgs {
    const { controller, namespace } = part.charts;
    return {
        name: controller.releaseName,
        chart: controller.chart.chart,
        version: controller.chart.version,
        namespace,
        values: part.controllerValues,
        timeout: CONTROLLER_RELEASE_TIMEOUT_SECONDS,
    };
}

/** KEDA's namespace (its chart README installs it with `--create-namespace`). */
export function kedaNamespaceArgs(keda: KedaChart): k8s.core.v1.NamespaceArgs {
    return { metadata: { name: keda.namespace } };
}

/** KEDA as a Helm release, as its chart README installs it; `pulumi up` waits for it (CRDs, operator, metrics server). */
export function kedaReleaseArgs(keda: KedaChart): k8s.helm.v3.ReleaseArgs {
    return {
        name: keda.releaseName,
        chart: keda.chart.chart,
        version: keda.chart.version,
        repositoryOpts: { repo: keda.chart.repo },
        namespace: keda.namespace,
        timeout: CONTROLLER_RELEASE_TIMEOUT_SECONDS,
    };
}
