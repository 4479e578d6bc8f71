/**
 * Gateway provider profiles as data: the GatewayClass, and what each provider changes in the
 * llm-d-infra and inferencepool values and in the HTTPRoute.
 */

/** The gateway names accepted by `gateway` (stack config and {@link PDStackArgs}). */
export const GATEWAY_NAMES = ["istio", "kgateway", "gke"] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];

export interface GatewayProfile {
    /** `gateway.gatewayClassName` given to llm-d-infra. */
    className: string;
    /** Suffix the provider adds to the Gateway's name for its Service (`-istio` for istio). */
    serviceSuffix: string;
    /** Whether llm-d-infra renders an Istio DestinationRule (TLS to the EPP). */
    istioDestinationRule: boolean;
    /** Whether the HTTPRoute carries `timeouts` (GKE's gateway rejects them). */
    routeTimeouts: boolean;
    /** `provider.name` for the inferencepool chart, when the provider needs one. */
    inferencePoolProvider?: string;
    /** Hardware this provider requires, when it is tied to one. */
    requiresHardware?: string;
    /** What must run on the cluster beforehand (README, error messages). */
    controlPlane: string;
}

export const GATEWAYS: Record<GatewayName, GatewayProfile> = {
    istio: {
        className: "istio",
        serviceSuffix: "-istio",
        istioDestinationRule: true,
        routeTimeouts: true,
        controlPlane: "Istio (base + istiod with SUPPORT_GATEWAY_API_INFERENCE_EXTENSION) in istio-system",
    },
    kgateway: {
        className: "kgateway",
        serviceSuffix: "",
        istioDestinationRule: false,
        routeTimeouts: true,
        controlPlane: "kgateway v2.0.4 with inferenceExtension.enabled in kgateway-system",
    },
    gke: {
        className: "gke-l7-regional-external-managed",
        serviceSuffix: "",
        istioDestinationRule: false,
        routeTimeouts: false,
        inferencePoolProvider: "gke",
        requiresHardware: "gke",
        controlPlane: "GKE Gateway controller and a proxy-only subnet in the cluster's region",
    },
};
