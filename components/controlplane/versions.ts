/**
 * What upstream installs on a cluster before the llm-d P/D example, pinned as upstream pins it: for
 * llm-d 0.2 (llm-d-incubation/llm-d-infra `quickstart/gateway-control-plane-providers/` at commit
 * e9811e692b4038d22cecc9b1fdcd84d069f8405a) the Gateway API and Inference Extension CRDs and the istio
 * or kgateway control plane; for llm-d 0.10 (below, each with its source) the Gateway API CRDs, the
 * InferencePool v1 CRD and the istio or agentgateway control plane. PDStack fetches the CRD manifests
 * from their release URLs at deploy time; nothing of them is copied into this repository.
 */
import type { ChartRef } from "../pdstack/charts";
import { CONTROL_PLANE, UpstreamSource } from "../pdstack/llmd010/versions";

/** A set of CRDs that a project publishes as one manifest per release. */
export interface CrdManifest {
    /** What it is, as messages and the README name it. */
    title: string;
    version: string;
    /** The release asset (`kubectl apply -f` of it equals upstream's `kubectl apply -k <repo>/config/crd?ref=<version>`). */
    url: string;
    /** The CRDs it holds. */
    crds: readonly string[];
    /** Where the version was read, when it is llm-d 0.10's (0.2's are in this file's header). */
    source?: UpstreamSource;
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
    gateway: "istio" | "kgateway" | "agentgateway";
    namespace: string;
    /** The chart holding the provider's CRDs (istio `base`, `kgateway-crds`), installed first. */
    crds: ControlPlaneChart;
    /** The controller (istiod, kgateway, agentgateway), installed once the CRDs are. */
    controller: ControlPlaneChart;
    /** Where the charts and version were read, when they are llm-d 0.10's. */
    sources?: UpstreamSource[];
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

// ---------------------------------------------------------------------------------------------------
// llm-d 0.10: the versions are those of components/pdstack/llmd010/versions.ts (CONTROL_PLANE), which
// the llm-d guides and llm-d-router v0.10.0 name; the chart locations are the providers' own.

/** llm-d/llm-d guides as of 2026-06-27 (fork zetxqx/llm-d), as in components/pdstack/llmd010/versions.ts. */
const GUIDES = { repository: "llm-d/llm-d (fork zetxqx/llm-d)", commit: "7edda66d76ccdb55e8c1cb1d4ce0cf0a854eae3f" } as const;

/**
 * Gateway API v1.5.1, standard channel, as the guides install it (`install-gateway-crds.sh`,
 * `docs/infrastructure/gateway/install-crds.md`) and llm-d-router v0.10.0 does
 * (`deploy/components/crds-gateway-api`). The asset is every `config/crd/standard/gateway*.yaml` of the
 * tag: eight CRDs, and the ValidatingAdmissionPolicy `safe-upgrades.gateway.networking.k8s.io` with its
 * binding, which from then on refuses Gateway API CRDs older than v1.5.0 (llm-d 0.2's v1.3.0 among them).
 */
export const GATEWAY_API_CRDS_V1_5: CrdManifest = {
    title: "Gateway API CRDs",
    version: CONTROL_PLANE.gatewayApiCrds.version,
    url: CONTROL_PLANE.gatewayApiCrds.url,
    crds: [
        "backendtlspolicies.gateway.networking.k8s.io",
        "gatewayclasses.gateway.networking.k8s.io",
        "gateways.gateway.networking.k8s.io",
        "grpcroutes.gateway.networking.k8s.io",
        "httproutes.gateway.networking.k8s.io",
        "listenersets.gateway.networking.k8s.io",
        "referencegrants.gateway.networking.k8s.io",
        "tlsroutes.gateway.networking.k8s.io",
    ],
    source: {
        repository: "kubernetes-sigs/gateway-api",
        path: "hack/build-install-yaml.sh, config/crd/standard/",
        commit: "e7677b70ae75d14a4448fba94870e7deea6cf0ad",
        note: `tag v1.5.1; the version from ${CONTROL_PLANE.gatewayApiCrds.source.path} at ${GUIDES.commit}`,
    },
};

/**
 * The InferencePool v1 CRD (`inference.networking.k8s.io`): `v1-manifests.yaml` of Gateway API Inference
 * Extension v1.5.0, the Makefile's `artifacts` target keeping the CRDs with a `v1` version, which is
 * InferencePool alone. What the guides and llm-d-router v0.10.0 install.
 */
export const INFERENCE_POOL_V1_CRDS: CrdManifest = {
    title: "Gateway API Inference Extension CRDs",
    version: CONTROL_PLANE.gaieCrds.version,
    url: CONTROL_PLANE.gaieCrds.url,
    crds: ["inferencepools.inference.networking.k8s.io"],
    source: {
        repository: "kubernetes-sigs/gateway-api-inference-extension",
        path: "Makefile (artifacts: v1-manifests.yaml), config/crd/bases/",
        commit: "df9f8909fe06fe2dfd4a6fc0bd0c01a0acabf849",
        note: `tag v1.5.0; the version from ${CONTROL_PLANE.gaieCrds.source.repository} ${CONTROL_PLANE.gaieCrds.source.path}`,
    },
};

/**
 * GKE installs the GA Gateway API and Inference Extension CRDs itself from this version on; the guides
 * tell GKE users to install the InferencePool v1 CRD by hand only on older clusters.
 */
export const GKE_INFERENCE_POOL_V1 = {
    minimumVersion: "1.34.0-gke.1626000",
    source: { repository: GUIDES.repository, path: "docs/infrastructure/gateway/gke.md, docs/infrastructure/gateway/install-crds.md", commit: GUIDES.commit },
} as const;

/** istio 1.29.2, the version the guides install (`istioctl install`) and llm-d-router v0.10.0 renders its dev control plane from. */
export const ISTIO_1_29_VERSION = CONTROL_PLANE.istio.version;
/** Where istio publishes the charts of its releases as OCI artifacts (besides its Helm repository). */
const ISTIO_RELEASE_CHARTS = "oci://gcr.io/istio-release/charts";

/**
 * istio 1.29.2 as two charts, `base` (its CRDs and cluster-wide objects) then `istiod`, in istio-system:
 * the charts `istioctl install` renders (the guide's command), under the release names llm-d 0.2 used,
 * so that a control plane moving from 0.2 to 0.10 is upgraded in place. Without istioctl's default
 * ingress gateway, which Gateway API gateways do not use (llm-d-router's own istio install disables it).
 */
export const ISTIO_1_29_CONTROL_PLANE: ControlPlaneCharts = {
    gateway: "istio",
    namespace: "istio-system",
    crds: { releaseName: "istio-base", chart: { chart: `${ISTIO_RELEASE_CHARTS}/base`, version: ISTIO_1_29_VERSION } },
    controller: { releaseName: "istiod", chart: { chart: `${ISTIO_RELEASE_CHARTS}/istiod`, version: ISTIO_1_29_VERSION } },
    sources: [
        CONTROL_PLANE.istio.source,
        {
            repository: "istio/istio",
            path: "manifests/charts/README.md (charts published to oci://gcr.io/istio-release/charts/), manifests/charts/istio-control/istio-discovery",
            commit: "0c774325b938c4dbda4ea4ad4fb6156e80a12de8",
            note: "tag 1.29.2",
        },
        {
            repository: "llm-d/llm-d-router",
            path: "deploy/components/istio-control-plane/deployment.yaml (helm.sh/chart: istiod-1.29.2), scripts/istio/istio-cp.yaml (ingressGateways disabled)",
            commit: "71f4f0999f95b96c49a9d0c4afbd18dfdb943c26",
            note: "tag v0.10.0",
        },
    ],
};

export const AGENTGATEWAY_VERSION = CONTROL_PLANE.agentgateway.version;

/** agentgateway v1.1.0: `agentgateway-crds` then `agentgateway`, in agentgateway-system, as the guide's `helm upgrade --install` commands. */
export const AGENTGATEWAY_CONTROL_PLANE: ControlPlaneCharts = {
    gateway: "agentgateway",
    namespace: "agentgateway-system",
    crds: { releaseName: "agentgateway-crds", chart: { chart: "oci://cr.agentgateway.dev/charts/agentgateway-crds", version: AGENTGATEWAY_VERSION } },
    controller: { releaseName: "agentgateway", chart: { chart: "oci://cr.agentgateway.dev/charts/agentgateway", version: AGENTGATEWAY_VERSION } },
    sources: [
        CONTROL_PLANE.agentgateway.source,
        {
            repository: "agentgateway/agentgateway",
            path: ".github/workflows/release.yml (cr.agentgateway.dev/charts/agentgateway[-crds]:v<version>), controller/install/helm/agentgateway/values.yaml",
            commit: "d204f9ce1ac785d4b23145cce64c4a34a5c540c9",
            note: "tag v1.1.0",
        },
    ],
};
