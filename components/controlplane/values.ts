/** The values upstream's helmfiles give the control plane charts (the CRD charts get none). */
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
