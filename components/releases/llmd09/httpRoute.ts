/**
 * The HTTPRoute from the install's Gateway to its InferencePool v1. Upstream lets the router chart
 * render it (`httpRoute.create`, `features/httproute-flags.yaml`); PDStack creates the same route
 * itself, under the name it has on 0.2, so that moving a stack to 0.9 updates the route in place.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { PDSpec } from "../../pdstack/spec";
import { GATEWAY_API_VERSION } from "./gateway";
import { Llmd09Names } from "./names";

/** The API group of InferencePool v1 (GA); 0.2's pool is `inference.networking.x-k8s.io`. */
export const INFERENCE_POOL_GROUP = "inference.networking.k8s.io";
export const INFERENCE_POOL_API_VERSION = `${INFERENCE_POOL_GROUP}/v1`;
/** httproute-flags.yaml's `requestTimeout`: on most providers 0s means the longest they allow. */
export const ROUTE_REQUEST_TIMEOUT = "0s";

export interface HttpRouteObject {
    apiVersion: typeof GATEWAY_API_VERSION;
    kind: "HTTPRoute";
    metadata: k8s.types.input.meta.v1.ObjectMeta;
    spec: {
        parentRefs: { group: string; kind: string; name: string }[];
        rules: {
            backendRefs: { group: string; kind: string; name: string }[];
            matches: { path: { type: string; value: string } }[];
            timeouts?: { request: string };
        }[];
    };
}

/** Every path on the Gateway to the pool; without timeouts on GKE, whose gateway rejects them. Undefined in standalone mode. */
export function buildLlmd09HttpRoute(spec: PDSpec, names: Llmd09Names): HttpRouteObject | undefined {
    if (!names.gateway || !names.route) {
        return undefined;
    }
    return {
        apiVersion: GATEWAY_API_VERSION,
        kind: "HTTPRoute",
        metadata: { name: names.route, namespace: spec.namespace },
        spec: {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: names.gateway }],
            rules: [
                {
                    backendRefs: [{ group: INFERENCE_POOL_GROUP, kind: "InferencePool", name: names.inferencePool }],
                    matches: [{ path: { type: "PathPrefix", value: "/" } }],
                    ...(spec.gatewayProfile.routeTimeouts ? { timeouts: { request: ROUTE_REQUEST_TIMEOUT } } : {}),
                },
            ],
        },
    };
}
