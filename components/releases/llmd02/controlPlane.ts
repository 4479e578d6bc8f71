/**
 * The gateway control plane llm-d 0.2 needs on its cluster, pinned as upstream pins it (llm-d-infra
 * `quickstart/gateway-control-plane-providers/` at e9811e692b4038d22cecc9b1fdcd84d069f8405a): the Gateway
 * API and Inference Extension CRDs, and the istio or kgateway control plane with the values of its
 * helmfile. PDStack fetches the CRD manifests from their release URLs at deploy time; nothing of them is
 * copied into this repository.
 */
import type { ControlPlaneRelease } from "../../controlplane/releases";
import type { ControlPlaneCharts, CrdManifest } from "../../controlplane/types";
import { quickstart } from "./sources";

const PROVIDERS = "quickstart/gateway-control-plane-providers";
const CRD_SCRIPT = quickstart(`${PROVIDERS}/install-gateway-provider-dependencies.sh`, "kubectl apply -k of the repository's config/crd at the tag");

/**
 * Gateway API v1.3.0, standard channel. The asset is `hack/build-install-yaml.sh` of the tag: every
 * `config/crd/standard/gateway*.yaml`, the same five CRDs as the `config/crd` kustomization upstream applies.
 */
export const GATEWAY_API_CRDS: CrdManifest = {
    title: "Gateway API CRDs",
    version: "v1.3.0",
    url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml",
    source: CRD_SCRIPT,
    crds: [
        "gatewayclasses.gateway.networking.k8s.io",
        "gateways.gateway.networking.k8s.io",
        "grpcroutes.gateway.networking.k8s.io",
        "httproutes.gateway.networking.k8s.io",
        "referencegrants.gateway.networking.k8s.io",
    ],
};

/**
 * Gateway API Inference Extension v0.5.1 (`inference.networking.x-k8s.io/v1alpha2`). The asset is the
 * Makefile's `artifacts` target of the tag: `kustomize build config/crd`, what upstream applies.
 */
export const INFERENCE_EXTENSION_CRDS: CrdManifest = {
    title: "Gateway API Inference Extension CRDs",
    version: "v0.5.1",
    url: "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v0.5.1/manifests.yaml",
    crds: ["inferencepools.inference.networking.x-k8s.io", "inferencemodels.inference.networking.x-k8s.io"],
    source: CRD_SCRIPT,
};

/** The istio build upstream pins: a 1.28 pre-release with Inference Extension support. */
export const ISTIO_VERSION = "1.28-alpha.89f30b26ba71bf5e538083a4720d0bc2d8c06401";
/** Where that build's images are (`hub` of istiod's values). */
export const ISTIO_HUB = "gcr.io/istio-testing";
export const KGATEWAY_VERSION = "v2.0.4";

/** `istio.helmfile.yaml`: `istio-base` then `istiod`, in istio-system. */
export const ISTIO_CONTROL_PLANE: ControlPlaneCharts = {
    gateway: "istio",
    namespace: "istio-system",
    crds: { releaseName: "istio-base", chart: { chart: "oci://gcr.io/istio-testing/charts/base", version: ISTIO_VERSION } },
    controller: { releaseName: "istiod", chart: { chart: "oci://gcr.io/istio-testing/charts/istiod", version: ISTIO_VERSION } },
    sources: [quickstart(`${PROVIDERS}/istio.helmfile.yaml`)],
};

/** `kgateway.helmfile.yaml`: `kgateway-crds` then `kgateway`, in kgateway-system. */
export const KGATEWAY_CONTROL_PLANE: ControlPlaneCharts = {
    gateway: "kgateway",
    namespace: "kgateway-system",
    crds: { releaseName: "kgateway-crds", chart: { chart: "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway-crds", version: KGATEWAY_VERSION } },
    controller: { releaseName: "kgateway", chart: { chart: "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway", version: KGATEWAY_VERSION } },
    sources: [quickstart(`${PROVIDERS}/kgateway.helmfile.yaml`)],
};

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

/** llm-d 0.2's control plane: Gateway API v1.3.0, the x-k8s Inference Extension CRDs v0.5.1, istio or kgateway. */
export const LLMD02_CONTROL_PLANE: ControlPlaneRelease = {
    gatewayApiCrds: { what: "gatewayApiCrds", manifest: GATEWAY_API_CRDS },
    inferenceCrds: { what: "inferenceExtensionCrds", manifest: INFERENCE_EXTENSION_CRDS },
    controllers: {
        istio: { what: "istio", charts: ISTIO_CONTROL_PLANE, values: buildIstiodValues },
        kgateway: { what: "kgateway", charts: KGATEWAY_CONTROL_PLANE, values: buildKgatewayValues },
    },
};
