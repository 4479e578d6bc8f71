/**
 * Gateway provider profiles as data: the GatewayClass, and what each provider changes in the
 * gateway, scheduler and HTTPRoute of an install. Which llm-d releases a provider works with is the
 * release profile's (`RELEASE_PROFILES[release].gateways`).
 */

/** The gateway names accepted by `gateway` (stack config and {@link PDStackArgs}). */
export const GATEWAY_NAMES = ["istio", "kgateway", "gke", "agentgateway", "standalone"] as const;
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
    /**
     * The Gateway is a cloud load balancer outside the cluster (GKE's gateway classes): there is no
     * Service to port-forward to, and clients use the address in the Gateway's status.
     */
    loadBalancer?: boolean;
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
        loadBalancer: true,
        controlPlane: "GKE Gateway controller and a proxy-only subnet in the cluster's region",
    },
    agentgateway: {
        className: "agentgateway",
        serviceSuffix: "",
        istioDestinationRule: false,
        routeTimeouts: true,
        controlPlane: "agentgateway (charts agentgateway-crds and agentgateway) with inferenceExtension.enabled in agentgateway-system",
    },
    /** No Gateway API gateway: the llm-d-router-standalone chart runs Envoy in the EPP pod. */
    standalone: {
        className: "",
        serviceSuffix: "",
        istioDestinationRule: false,
        routeTimeouts: false,
        controlPlane: "nothing beyond the InferencePool v1 CRD: Envoy runs in the EPP pod",
    },
};
