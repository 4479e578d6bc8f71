/**
 * The gateway control plane llm-d 0.9 needs on its cluster, each part with the upstream file it was read
 * from: the Gateway API CRDs, the InferencePool v1 CRD, and the istio or agentgateway control plane with
 * the values of the guides' install commands. GKE brings its own. PDStack fetches the CRD manifests from
 * their release URLs at deploy time; nothing of them is copied into this repository.
 */
import type { ControlPlaneRelease } from "../../controlplane/releases";
import type { ControlPlaneCharts, CrdManifest } from "../../controlplane/types";
import { KEDA_CHART } from "./autoscaling";
import { CONTROL_PLANE, guideSource, LLMD_V0_9_0_COMMIT } from "./versions";

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
        note: `tag v1.5.1; the version from llm-d ${CONTROL_PLANE.gatewayApiCrds.source.path} at ${LLMD_V0_9_0_COMMIT}`,
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
        note: `tag v1.5.0; the version from llm-d ${CONTROL_PLANE.gaieCrds.source.path} at ${LLMD_V0_9_0_COMMIT}`,
    },
};

/**
 * GKE installs the GA Gateway API and Inference Extension CRDs itself from this version on; the guides
 * tell GKE users to install the InferencePool v1 CRD by hand only on older clusters.
 */
export const GKE_INFERENCE_POOL_V1 = {
    minimumVersion: "1.34.0-gke.1626000",
    source: guideSource("docs/infrastructure/gateway/gke.md, docs/infrastructure/gateway/install-crds.md"),
} as const;

/** istio 1.29.2, the version the guides install (`istioctl install`) and llm-d-router v0.10.0 renders its dev control plane from. */
export const ISTIO_1_29_VERSION = CONTROL_PLANE.istio.version;
/** Where istio publishes the charts of its releases as OCI artifacts (besides its Helm repository). */
const ISTIO_RELEASE_CHARTS = "oci://gcr.io/istio-release/charts";

/**
 * istio 1.29.2 as two charts, `base` (its CRDs and cluster-wide objects) then `istiod`, in istio-system:
 * the charts `istioctl install` renders (the guide's command), under the release names llm-d 0.2 used,
 * so that a control plane moving from 0.2 to 0.9 is upgraded in place. Without istioctl's default
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
/**
 * The feature flag istiod reads, from istio 1.28 on, to route Gateways to InferencePool v1
 * (istio/istio `pilot/pkg/features/experimental.go` at 1.29.2; default false).
 */
export const ISTIO_ENABLE_INFERENCE_EXTENSION_FLAG = "ENABLE_GATEWAY_API_INFERENCE_EXTENSION";

/**
 * istiod 1.29 (llm-d 0.9): the guide's `istioctl install --set values.pilot.env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true`,
 * as chart values (istioctl's `values.` are the charts' values; the istiod chart lifts `pilot.*` to its
 * top level). The release chart's own images (docker.io/istio, tag 1.29.2) stay.
 */
export function buildIstiod129Values(): Record<string, unknown> {
    return { pilot: { env: { [ISTIO_ENABLE_INFERENCE_EXTENSION_FLAG]: true } } };
}

/** agentgateway (llm-d 0.9): the guide's `--set inferenceExtension.enabled=true`. */
export function buildAgentgatewayValues(): Record<string, unknown> {
    return { inferenceExtension: { enabled: true } };
}

/** llm-d 0.9's control plane: Gateway API v1.5.1, the InferencePool v1 CRD (GAIE v1.5.0), istio 1.29.2 or agentgateway v1.1.0. */
export const LLMD09_CONTROL_PLANE: ControlPlaneRelease = {
    gatewayApiCrds: { what: "gatewayApiCrds", manifest: GATEWAY_API_CRDS_V1_5 },
    inferenceCrds: { what: "inferencePoolV1Crds", manifest: INFERENCE_POOL_V1_CRDS, fromGke: GKE_INFERENCE_POOL_V1 },
    controllers: {
        istio: { what: "istio", charts: ISTIO_1_29_CONTROL_PLANE, values: buildIstiod129Values },
        agentgateway: { what: "agentgateway", charts: AGENTGATEWAY_CONTROL_PLANE, values: buildAgentgatewayValues },
    },
    keda: KEDA_CHART,
};
