import { llmd02NamesOf } from "../names";
import { PDSpec } from "../../../pdstack/spec";
import { MODEL_SERVER_PORT } from "../../vllm";

/**
 * The HTTPRoute upstream applies by hand: every path on the install's Gateway goes to its
 * InferencePool. Without timeouts on GKE, whose gateway rejects them.
 */
export function buildHttpRoute(spec: PDSpec): Record<string, any> {
    const rule: Record<string, unknown> = {
        backendRefs: [
            {
                group: "inference.networking.x-k8s.io",
                kind: "InferencePool",
                name: llmd02NamesOf(spec).inferencePool,
                port: MODEL_SERVER_PORT,
                weight: 1,
            },
        ],
        matches: [{ path: { type: "PathPrefix", value: "/" } }],
    };
    if (spec.gatewayProfile.routeTimeouts) {
        rule.timeouts = { backendRequest: "0s", request: "0s" };
    }
    return {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: llmd02NamesOf(spec).route, namespace: spec.namespace },
        spec: {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: llmd02NamesOf(spec).gateway }],
            rules: [rule],
        },
    };
}
