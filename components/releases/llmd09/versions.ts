/**
 * What llm-d 0.9 pins, each with the upstream file it was read from. Nothing here floats: charts,
 * images and CRD manifests are exact versions, so the policy pack's pinned-versions check holds.
 *
 * llm-d-router v0.10.0 is the first router release after the llm-d guides moved to it; the guides
 * themselves (llm-d/llm-d, read from the fork zetxqx/llm-d, whose history runs to 2026-06-27) still
 * name router v0.9.0, so the router pins come from the router's own tag and release process and the
 * model-server pins from the guides.
 */

import type { UpstreamSource } from "../pins";

export type { UpstreamSource };

/** llm-d-router at tag v0.10.0. */
const ROUTER_V0_10_0 = "71f4f0999f95b96c49a9d0c4afbd18dfdb943c26";
/** llm-d/llm-d guides as of 2026-06-27 (fork zetxqx/llm-d, main). */
const GUIDES_COMMIT = "7edda66d76ccdb55e8c1cb1d4ce0cf0a854eae3f";
/** gateway-api-inference-extension at tag v1.5.0. */
const GAIE_V1_5_0 = "df9f8909fe06fe2dfd4a6fc0bd0c01a0acabf849";

export const ROUTER_VERSION = "v0.10.0";

/** A Helm chart served from an OCI registry, at an exact version. */
export interface OciChart {
    chart: string;
    version: string;
    source: UpstreamSource;
}

/** The two charts of the llm-d Router; both wrap the `routerlib` library chart. */
export const ROUTER_CHARTS = {
    /** EPP and InferencePool (inference.networking.k8s.io/v1) behind a Gateway API gateway. */
    gateway: {
        chart: "oci://ghcr.io/llm-d/charts/llm-d-router-gateway",
        version: ROUTER_VERSION,
        source: {
            repository: "llm-d/llm-d-router",
            path: "hack/push-chart.sh, .github/ISSUE_TEMPLATE/new-release.md",
            commit: ROUTER_V0_10_0,
            note: "tag v0.10.0: released charts are pushed to oci://ghcr.io/llm-d/charts at the tag's version",
        },
    },
    /** EPP with an Envoy proxy in its pod: no Gateway needed. */
    standalone: {
        chart: "oci://ghcr.io/llm-d/charts/llm-d-router-standalone",
        version: ROUTER_VERSION,
        source: {
            repository: "llm-d/llm-d-router",
            path: "hack/push-chart.sh, .github/ISSUE_TEMPLATE/new-release.md",
            commit: ROUTER_V0_10_0,
            note: "tag v0.10.0",
        },
    },
} satisfies Record<string, OciChart>;

/** An image, written as upstream writes it (`vllm/vllm-openai` leaves Docker Hub implied). */
export interface ImagePin {
    name: string;
    tag: string;
    source: UpstreamSource;
}

/** `name:tag`. */
export function imageRef(image: ImagePin): string {
    return `${image.name}:${image.tag}`;
}

/** The endpoint picker (EPP); the released chart defaults to this image, PDStack names it anyway. */
export const EPP_IMAGE: ImagePin = {
    name: "ghcr.io/llm-d/llm-d-router-endpoint-picker",
    tag: ROUTER_VERSION,
    source: {
        repository: "llm-d/llm-d-router",
        path: "hack/push-chart.sh",
        commit: ROUTER_V0_10_0,
        note: "release charts set router.epp.image to ghcr.io/llm-d/llm-d-router-endpoint-picker:<tag>, pullPolicy IfNotPresent",
    },
};

/** The disaggregation sidecar in front of decode's vLLM (native sidecar, `--kv-connector=nixlv2`). */
export const DISAGG_SIDECAR_IMAGE: ImagePin = {
    name: "ghcr.io/llm-d/llm-d-router-disagg-sidecar",
    tag: ROUTER_VERSION,
    source: {
        repository: "llm-d/llm-d-router",
        path: ".github/workflows/ci-release.yaml (sidecar_name <repo>-disagg-sidecar), cmd/pd-sidecar",
        commit: ROUTER_V0_10_0,
        note: "the guides at the commit below still pin v0.9.0 (guides/recipes/modelserver/components/images/routing-sidecar)",
    },
};

/** Model-server images of the guide, per accelerator family. */
export const VLLM_IMAGES = {
    /** Upstream vLLM, as the guide's `gpu-vllm` image component pins it. */
    nvidia: {
        name: "vllm/vllm-openai",
        tag: "v0.23.0",
        source: { repository: "llm-d/llm-d (fork zetxqx/llm-d)", path: "guides/recipes/modelserver/components/images/gpu-vllm/kustomization.yaml", commit: GUIDES_COMMIT },
    },
    /** vLLM publishes no XPU image the guide uses; llm-d builds one (`xpu-vllm` image component). */
    xpu: {
        name: "ghcr.io/llm-d/llm-d-xpu",
        tag: "v0.7.0",
        source: { repository: "llm-d/llm-d (fork zetxqx/llm-d)", path: "guides/recipes/modelserver/components/images/xpu-vllm/kustomization.yaml", commit: GUIDES_COMMIT },
    },
} satisfies Record<string, ImagePin>;

/** The cluster-wide prerequisites of 0.9, installed once per cluster before PDStack (not by it). */
export const CONTROL_PLANE = {
    /** InferencePool v1 (and, in v1.5, the x-k8s InferenceObjective/InferenceModelRewrite the EPP still watches). */
    gaieCrds: {
        version: "v1.5.0",
        url: "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.5.0/v1-manifests.yaml",
        source: {
            repository: "llm-d/llm-d-router",
            path: "deploy/components/crds-gie/kustomization.yaml",
            commit: ROUTER_V0_10_0,
            note: `same version in llm-d guides/env.sh (GAIE_VERSION) at ${GUIDES_COMMIT}; GAIE tag v1.5.0 is ${GAIE_V1_5_0}. GAIE v1.6.0 ships only the InferencePool v1 and InferencePoolImport CRDs`,
        },
    },
    gatewayApiCrds: {
        version: "v1.5.1",
        url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml",
        source: { repository: "llm-d/llm-d (fork zetxqx/llm-d)", path: "docs/infrastructure/gateway/install-crds.md", commit: GUIDES_COMMIT },
    },
    istio: {
        version: "1.29.2",
        source: { repository: "llm-d/llm-d (fork zetxqx/llm-d)", path: "docs/infrastructure/gateway/istio.md", commit: GUIDES_COMMIT },
    },
    agentgateway: {
        version: "v1.1.0",
        source: {
            repository: "llm-d/llm-d (fork zetxqx/llm-d)",
            path: "docs/infrastructure/gateway/agentgateway.md",
            commit: GUIDES_COMMIT,
            note: "docs/api-reference/artifacts.md lists v1.0.x as tested",
        },
    },
} as const;

/** Every upstream commit the 0.9 profile was read from, for the README and SOURCE.md. */
export const UPSTREAM_COMMITS = {
    "llm-d/llm-d-router": { commit: ROUTER_V0_10_0, ref: "tag v0.10.0" },
    "llm-d/llm-d (fork zetxqx/llm-d)": { commit: GUIDES_COMMIT, ref: "main, 2026-06-27" },
    "kubernetes-sigs/gateway-api-inference-extension": { commit: GAIE_V1_5_0, ref: "tag v1.5.0" },
} as const;
