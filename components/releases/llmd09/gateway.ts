/**
 * The gateway side of llm-d 0.9. llm-d-infra, which created the Gateway on 0.2, is frozen; the guide
 * has the user apply a Gateway recipe (`guides/recipes/gateway/<provider>`) and lets the router chart
 * wire the provider (`provider.name`). PDStack creates the recipe's objects itself, one Gateway per
 * install, or none in standalone mode.
 */
import type * as k8s from "@pulumi/kubernetes";
import { GatewayName, GATEWAYS } from "../../pdstack/gateway";
import type { PDSpec } from "../../pdstack/spec";
import { Llmd09Names } from "./names";

export const GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1";

/** Which router chart serves an install, and the gateway chart's `provider.name`. */
export interface RouterMode {
    chart: "gateway" | "standalone";
    /** `provider.name` of llm-d-router-gateway: `istio` renders a DestinationRule to the EPP, `gke` health-check and backend policies. */
    provider?: "istio" | "gke" | "none";
}

/** A gateway 0.9 does not serve, and why. */
export interface NoRouterMode {
    unavailable: string;
}

/** The router mode of every gateway, or why 0.9 does not serve it. */
export const ROUTER_MODES: Record<GatewayName, RouterMode | NoRouterMode> = {
    istio: { chart: "gateway", provider: "istio" },
    gke: { chart: "gateway", provider: "gke" },
    agentgateway: { chart: "gateway", provider: "none" },
    standalone: { chart: "standalone" },
    kgateway: {
        unavailable: 'kgateway is deprecated in llm-d 0.9 (its gateway recipe now renders an agentgateway Gateway); use gateway agentgateway or istio',
    },
};

/** The router mode of a spec the schema accepted for 0.9. */
export function routerMode(spec: Pick<PDSpec, "gateway">): RouterMode {
    const mode = ROUTER_MODES[spec.gateway];
    if ("unavailable" in mode) {
        throw new Error(`gateway "${spec.gateway}" has no llm-d 0.9 router mode; the schema should have rejected it`);
    }
    return mode;
}

/** The label Istio (1.28+) reads to send the Gateway's traffic through the InferencePool's EPP. */
export const ISTIO_INFERENCE_LABEL = "istio.io/enable-inference-extproc";

/**
 * The Istio gateway's Deployment and Service overrides of the guide's istio recipe: quieter proxy
 * logs, cpu 2 / 4Gi requested and 8 / 16Gi at most, and a ClusterIP Service (clients port-forward or
 * route to it in the cluster).
 */
export const ISTIO_GATEWAY_PARAMETERS: Record<string, string> = {
    deployment: `spec:
  template:
    spec:
      containers:
      - name: istio-proxy
        args:
          - proxy
          - router
          - --domain
          - $(POD_NAMESPACE).svc.cluster.local
          - --proxyLogLevel
          - warn
          - --proxyComponentLogLevel
          - misc:warn
          - --log_output_level
          - default:warn
        resources:
          limits:
            cpu: "8"
            memory: 16Gi
          requests:
            cpu: 2
            memory: 4Gi
`,
    service: `spec:
  type: ClusterIP
`,
};

/** A Gateway API Gateway, with the fields PDStack sets. */
export interface GatewayObject {
    apiVersion: typeof GATEWAY_API_VERSION;
    kind: "Gateway";
    metadata: k8s.types.input.meta.v1.ObjectMeta;
    spec: {
        gatewayClassName: string;
        listeners: { name: string; port: number; protocol: string; allowedRoutes: { namespaces: { from: string } } }[];
        infrastructure?: { parametersRef: { group: string; kind: string; name: string } };
    };
}

/** The install's Gateway: one HTTP listener on port 80; undefined in standalone mode. */
export function buildGateway(spec: PDSpec, names: Llmd09Names): GatewayObject | undefined {
    if (!names.gateway) {
        return undefined;
    }
    const istio = spec.gateway === "istio";
    return {
        apiVersion: GATEWAY_API_VERSION,
        kind: "Gateway",
        metadata: {
            name: names.gateway,
            namespace: spec.namespace,
            ...(istio ? { labels: { [ISTIO_INFERENCE_LABEL]: "true" } } : {}),
        },
        spec: {
            gatewayClassName: GATEWAYS[spec.gateway].className,
            listeners: [{ name: "default", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "All" } } }],
            ...(istio && names.gatewayParameters
                ? { infrastructure: { parametersRef: { group: "", kind: "ConfigMap", name: names.gatewayParameters } } }
                : {}),
        },
    };
}

/** The ConfigMap the istio Gateway's `parametersRef` names; undefined for other providers. */
export function buildGatewayParameters(spec: PDSpec, names: Llmd09Names): k8s.types.input.core.v1.ConfigMap | undefined {
    if (!names.gateway || !names.gatewayParameters) {
        return undefined;
    }
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
            name: names.gatewayParameters,
            namespace: spec.namespace,
            labels: { "app.kubernetes.io/gateway": names.gateway, "app.kubernetes.io/component": "inference-gateway" },
        },
        data: { ...ISTIO_GATEWAY_PARAMETERS },
    };
}
