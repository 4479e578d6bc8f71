/**
 * What the gateway control plane of an llm-d release is made of: the Gateway API CRDs, the Inference
 * Extension CRDs its InferencePools need, and the controllers of the gateway providers it runs with.
 * Each release profile holds its own (`RELEASE_PROFILES[release].controlPlane`, in
 * components/releases/<profile>/controlPlane.ts); the spec, the parts and the claims all read it there.
 */
import type { ClusterWide } from "../cluster";
import type { GatewayName } from "../pdstack/gateway";
import { RELEASE_PROFILES } from "../releases";
import type { LlmdRelease } from "../releases/releases";
import type { UpstreamSource } from "../releases/pins";
import type { ControlPlaneCharts, CrdManifest } from "./types";
import type { KedaChart } from "../autoscaling/keda";

/** The cluster-wide parts a CRD manifest installs. */
export type CrdPartName = Extract<ClusterWide, "gatewayApiCrds" | "inferenceExtensionCrds" | "inferencePoolV1Crds">;
/** The cluster-wide parts a provider's charts install. */
export type ControllerName = Extract<ClusterWide, "istio" | "kgateway" | "agentgateway">;

/** CRDs GKE installs on its clusters from a version on. */
export interface GkeBrings {
    minimumVersion: string;
    source: UpstreamSource;
}

/** A provider's control plane in one release: its charts and the values upstream gives the controller. */
export interface ControllerRelease {
    what: ControllerName;
    charts: ControlPlaneCharts;
    values: () => Record<string, unknown>;
}

export interface ControlPlaneRelease {
    gatewayApiCrds: { what: "gatewayApiCrds"; manifest: CrdManifest };
    /**
     * llm-d 0.2: InferencePool v1alpha2 and InferenceModel (x-k8s); llm-d 0.9: InferencePool v1. `fromGke`:
     * the GKE version from which GKE installs these CRDs itself, when it does.
     */
    inferenceCrds: { what: "inferenceExtensionCrds" | "inferencePoolV1Crds"; manifest: CrdManifest; fromGke?: GkeBrings };
    /** The providers whose controller this component installs; gke's runs in GKE, standalone has none. */
    controllers: Partial<Record<GatewayName, ControllerRelease>>;
    /** KEDA, which PDStack's autoscaling needs, when the release autoscales (`installKeda`). */
    keda?: KedaChart;
}

/** The control plane of a release, as its profile pins it. */
export function controlPlaneOf(release: LlmdRelease): ControlPlaneRelease {
    return RELEASE_PROFILES[release].controlPlane;
}
