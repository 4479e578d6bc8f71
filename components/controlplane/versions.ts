/**
 * What upstream installs on a cluster before the llm-d P/D example, pinned as upstream pins it
 * (llm-d-incubation/llm-d-infra `quickstart/gateway-control-plane-providers/` at commit
 * e9811e692b4038d22cecc9b1fdcd84d069f8405a): the Gateway API and Inference Extension CRDs, and the
 * istio or kgateway control plane. PDStack fetches the CRD manifests from their release URLs at
 * deploy time; nothing of them is copied into this repository.
 */
import type { ChartRef } from "../pdstack/charts";

/** A set of CRDs that a project publishes as one manifest per release. */
export interface CrdManifest {
    /** What it is, as messages and the README name it. */
    title: string;
    version: string;
    /** The release asset (`kubectl apply -f` of it equals upstream's `kubectl apply -k <repo>/config/crd?ref=<version>`). */
    url: string;
    /** The CRDs it holds. */
    crds: readonly string[];
}

/**
 * Gateway API v1.3.0, standard channel. The asset is `hack/build-install-yaml.sh` of the tag: every
 * `config/crd/standard/gateway*.yaml`, the same five CRDs as the `config/crd` kustomization upstream applies.
 */
export const GATEWAY_API_CRDS: CrdManifest = {
    title: "Gateway API CRDs",
    version: "v1.3.0",
    url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml",
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
};

/** One chart of a control plane, with the release name and namespace upstream's helmfile gives it. */
export interface ControlPlaneChart {
    releaseName: string;
    chart: ChartRef;
}

/** A gateway provider's control plane: a chart of its CRDs, then its controller, in one namespace. */
export interface ControlPlaneCharts {
    /** The provider, as `gateway` names it. */
    gateway: "istio" | "kgateway";
    namespace: string;
    /** The chart holding the provider's CRDs (istio `base`, `kgateway-crds`), installed first. */
    crds: ControlPlaneChart;
    /** The controller (istiod, kgateway), installed once the CRDs are. */
    controller: ControlPlaneChart;
}

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
};

/** `kgateway.helmfile.yaml`: `kgateway-crds` then `kgateway`, in kgateway-system. */
export const KGATEWAY_CONTROL_PLANE: ControlPlaneCharts = {
    gateway: "kgateway",
    namespace: "kgateway-system",
    crds: { releaseName: "kgateway-crds", chart: { chart: "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway-crds", version: KGATEWAY_VERSION } },
    controller: { releaseName: "kgateway", chart: { chart: "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway", version: KGATEWAY_VERSION } },
};
