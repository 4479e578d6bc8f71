/**
 * The values upstream gives the control plane charts (the CRD charts get none): llm-d 0.2's helmfiles,
 * and llm-d 0.10's install commands (`docs/infrastructure/gateway/istio.md`, `agentgateway.md`).
 */
import { ISTIO_HUB, ISTIO_VERSION } from "./versions";

/** The feature flag istiod and its proxies need to route to InferencePools. */
export const ISTIO_INFERENCE_EXTENSION_FLAG = "SUPPORT_GATEWAY_API_INFERENCE_EXTENSION";

/** istiod: the Inference Extension flag for the control plane and the proxies, and the pinned build's images. */
export function buildIstiodValues(): Record<string, unknown> {
    return {
        meshConfig: { defaultConfig: { proxyMetadata: { [ISTIO_INFERENCE_EXTENSION_FLAG]: true } } },
        pilot: { env: { [ISTIO_INFERENCE_EXTENSION_FLAG]: true } },
        tag: ISTIO_VERSION,
        hub: ISTIO_HUB,
    };
}

/** kgateway: the Inference Extension on, in a restricted security context. */
export function buildKgatewayValues(): Record<string, unknown> {
    return {
        inferenceExtension: { enabled: true },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        podSecurityContext: { seccompProfile: { type: "RuntimeDefault" }, runAsNonRoot: true },
    };
}

/**
 * The feature flag istiod reads, from istio 1.28 on, to route Gateways to InferencePool v1
 * (istio/istio `pilot/pkg/features/experimental.go` at 1.29.2; default false).
 */
export const ISTIO_ENABLE_INFERENCE_EXTENSION_FLAG = "ENABLE_GATEWAY_API_INFERENCE_EXTENSION";

/**
 * istiod 1.29 (llm-d 0.10): the guide's `istioctl install --set values.pilot.env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true`,
 * as chart values (istioctl's `values.` are the charts' values; the istiod chart lifts `pilot.*` to its
 * top level). The release chart's own images (docker.io/istio, tag 1.29.2) stay.
 */
export function buildIstiod129Values(): Record<string, unknown> {
    return { pilot: { env: { [ISTIO_ENABLE_INFERENCE_EXTENSION_FLAG]: true } } };
}

/** agentgateway (llm-d 0.10): the guide's `--set inferenceExtension.enabled=true`. */
export function buildAgentgatewayValues(): Record<string, unknown> {
    return { inferenceExtension: { enabled: true } };
}
