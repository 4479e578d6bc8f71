/**
 * What the gateway control plane of each llm-d release (`llmdVersion`) is made of, as data: the Gateway
 * API CRDs, the Inference Extension CRDs its InferencePools need, and the controllers of the gateway
 * providers it runs with. The spec, the parts and the claims all read this one table.
 */
import type { ClusterWide } from "../cluster";
import type { GatewayName } from "../pdstack/gateway";
import type { LlmdVersion } from "../pdstack/llmdVersions";
import { buildAgentgatewayValues, buildIstiod129Values, buildIstiodValues, buildKgatewayValues } from "./values";
import {
    AGENTGATEWAY_CONTROL_PLANE,
    ControlPlaneCharts,
    CrdManifest,
    GATEWAY_API_CRDS,
    GATEWAY_API_CRDS_V1_5,
    INFERENCE_EXTENSION_CRDS,
    INFERENCE_POOL_V1_CRDS,
    ISTIO_1_29_CONTROL_PLANE,
    ISTIO_CONTROL_PLANE,
    KGATEWAY_CONTROL_PLANE,
} from "./versions";

/** The cluster-wide parts a CRD manifest installs. */
export type CrdPartName = Extract<ClusterWide, "gatewayApiCrds" | "inferenceExtensionCrds" | "inferencePoolV1Crds">;
/** The cluster-wide parts a provider's charts install. */
export type ControllerName = Extract<ClusterWide, "istio" | "kgateway" | "agentgateway">;

/** A provider's control plane in one release: its charts and the values upstream gives the controller. */
export interface ControllerRelease {
    what: ControllerName;
    charts: ControlPlaneCharts;
    values: () => Record<string, unknown>;
}

export interface ControlPlaneRelease {
    gatewayApiCrds: { what: "gatewayApiCrds"; manifest: CrdManifest };
    /** llm-d 0.2: InferencePool v1alpha2 and InferenceModel (x-k8s); llm-d 0.10: InferencePool v1. */
    inferenceCrds: { what: "inferenceExtensionCrds" | "inferencePoolV1Crds"; manifest: CrdManifest };
    /** The providers whose controller this component installs; gke's runs in GKE, standalone has none. */
    controllers: Partial<Record<GatewayName, ControllerRelease>>;
}

export const CONTROL_PLANE_RELEASES: Record<LlmdVersion, ControlPlaneRelease> = {
    "0.2": {
        gatewayApiCrds: { what: "gatewayApiCrds", manifest: GATEWAY_API_CRDS },
        inferenceCrds: { what: "inferenceExtensionCrds", manifest: INFERENCE_EXTENSION_CRDS },
        controllers: {
            istio: { what: "istio", charts: ISTIO_CONTROL_PLANE, values: buildIstiodValues },
            kgateway: { what: "kgateway", charts: KGATEWAY_CONTROL_PLANE, values: buildKgatewayValues },
        },
    },
    "0.10": {
        gatewayApiCrds: { what: "gatewayApiCrds", manifest: GATEWAY_API_CRDS_V1_5 },
        inferenceCrds: { what: "inferencePoolV1Crds", manifest: INFERENCE_POOL_V1_CRDS },
        controllers: {
            istio: { what: "istio", charts: ISTIO_1_29_CONTROL_PLANE, values: buildIstiod129Values },
            agentgateway: { what: "agentgateway", charts: AGENTGATEWAY_CONTROL_PLANE, values: buildAgentgatewayValues },
        },
    },
};
