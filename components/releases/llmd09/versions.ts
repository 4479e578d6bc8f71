/**
 * What llm-d 0.9 pins: llm-d v0.9.0's P/D disaggregation guide, each pin with the upstream file (and
 * the variable or field of it) it was read from, where that exact version is published, and which
 * floating reference of upstream's it replaces.
 *
 * The guide is read at llm-d/llm-d e3dbeca185fa91cf263f8135a681721cebcc057e (PR #2315 "Update env for
 * release v0.9.0", 2026-08-18): the commit that set every guide to branch `release-0.9` and pinned
 * `guides/env.sh`, from which `release-0.9` was cut and tagged v0.9.0. The tag itself could not be
 * read (no stored snapshot carries llm-d/llm-d's tags or release branches), so whatever the release
 * branch changed after that commit is not followed. The commit is read through the fork scydas/llm-d,
 * whose `main` mirrors upstream's to 2026-08-20. The next upstream commit on `main`,
 * cab4b7ded6094b3a25a8e067752eb7f0649aa640 (PR #2316), set the guides back to floating references;
 * those are the references {@link FloatingRef}s name.
 *
 * Nothing here floats: charts, images and CRD manifests are exact versions, so the policy pack's
 * pinned-versions check holds.
 */

import type { FloatingRef, UpstreamSource } from "../pins";

export type { UpstreamSource };

/** llm-d/llm-d at PR #2315, the v0.9.0 release commit of the guides. */
export const LLMD_V0_9_0_COMMIT = "e3dbeca185fa91cf263f8135a681721cebcc057e";
/** llm-d/llm-d `main` right after it (PR #2316), back on floating references. */
export const LLMD_MAIN_AFTER_V0_9_0_COMMIT = "cab4b7ded6094b3a25a8e067752eb7f0649aa640";
/** How the pins name llm-d/llm-d: read through the fork, whose history holds upstream's commits. */
export const LLMD_REPOSITORY = "llm-d/llm-d (read through the fork scydas/llm-d)";
/** llm-d-router at tag v0.10.0. */
const ROUTER_V0_10_0 = "71f4f0999f95b96c49a9d0c4afbd18dfdb943c26";
/** gateway-api-inference-extension at tag v1.5.0. */
const GAIE_V1_5_0 = "df9f8909fe06fe2dfd4a6fc0bd0c01a0acabf849";

/** A file of llm-d v0.9.0's guides. */
export function guideSource(path: string, key?: string, note?: string): UpstreamSource {
    return { repository: LLMD_REPOSITORY, path, commit: LLMD_V0_9_0_COMMIT, ...(key ? { key } : {}), ...(note ? { note } : {}) };
}

/** A floating reference llm-d/llm-d's `main` writes right after v0.9.0, in `guides/env.sh`. */
function mainEnvRef(ref: string, variable: string): FloatingRef {
    return { ref, source: { repository: LLMD_REPOSITORY, path: "guides/env.sh", commit: LLMD_MAIN_AFTER_V0_9_0_COMMIT, key: variable } };
}

export const ROUTER_VERSION = "v0.10.0";

/** What every pin below carries besides its value: where it was read, where it is published, what floating reference it replaces. */
export interface Pinned {
    source: UpstreamSource;
    published?: string;
    replaces?: readonly FloatingRef[];
}

/** A Helm chart served from an OCI registry, at an exact version. */
export interface OciChart extends Pinned {
    chart: string;
    version: string;
}

/** A chart at `version`, published as `<chart>:<version>` by `by`. */
function ociChart(chart: string, version: string, source: UpstreamSource, by: string, replaces?: readonly FloatingRef[]): OciChart {
    return { chart, version, source, published: `${chart}:${version}, ${by}`, ...(replaces ? { replaces } : {}) };
}

const ROUTER_CHART_PUBLISHED_BY = "pushed at the tag's version by llm-d/llm-d-router hack/push-chart.sh (tag v0.10.0, 71f4f0999f95b96c49a9d0c4afbd18dfdb943c26)";

/** The two charts of the llm-d Router; both wrap the `routerlib` library chart. */
export const ROUTER_CHARTS = {
    /** EPP and InferencePool (inference.networking.k8s.io/v1) behind a Gateway API gateway. */
    gateway: ociChart(
        "oci://ghcr.io/llm-d/charts/llm-d-router-gateway",
        ROUTER_VERSION,
        guideSource("guides/env.sh", "ROUTER_GATEWAY_CHART, ROUTER_CHART_VERSION"),
        ROUTER_CHART_PUBLISHED_BY,
        [mainEnvRef("v0", "ROUTER_CHART_VERSION")],
    ),
    /** EPP with an Envoy proxy in its pod: no Gateway needed. */
    standalone: ociChart(
        "oci://ghcr.io/llm-d/charts/llm-d-router-standalone",
        ROUTER_VERSION,
        guideSource("guides/env.sh", "ROUTER_STANDALONE_CHART, ROUTER_CHART_VERSION"),
        ROUTER_CHART_PUBLISHED_BY,
        [mainEnvRef("v0", "ROUTER_CHART_VERSION")],
    ),
} satisfies Record<string, OciChart>;

/** An image, written as upstream writes it. */
export interface ImagePin extends Pinned {
    name: string;
    tag: string;
}

/** `name:tag`. */
export function imageRef(image: Pick<ImagePin, "name" | "tag">): string {
    return `${image.name}:${image.tag}`;
}

/** An image `name:tag`, published by `by`. */
function image(name: string, tag: string, source: UpstreamSource, by: string, replaces?: readonly FloatingRef[]): ImagePin {
    return { name, tag, source, published: `${name}:${tag}, ${by}`, ...(replaces ? { replaces } : {}) };
}

const ROUTER_IMAGES_PUBLISHED_BY = "built and pushed for the release by llm-d/llm-d-router .github/workflows/ci-release.yaml (tag v0.10.0, 71f4f0999f95b96c49a9d0c4afbd18dfdb943c26)";

/**
 * The endpoint picker (EPP). The released v0.10.0 chart defaults to this image (hack/push-chart.sh sets
 * `router.epp.image` to the release tag, pullPolicy IfNotPresent); PDStack names it anyway.
 */
export const EPP_IMAGE: ImagePin = image(
    "ghcr.io/llm-d/llm-d-router-endpoint-picker",
    ROUTER_VERSION,
    guideSource("guides/env.sh", "ROUTER_EPP_IMAGE, ROUTER_EPP_VERSION"),
    ROUTER_IMAGES_PUBLISHED_BY,
    [mainEnvRef("main", "ROUTER_EPP_VERSION")],
);

/** The image components under `guides/recipes/modelserver/components/images/`. */
const IMAGE_COMPONENTS = "guides/recipes/modelserver/components/images";
/** What an image component names. */
const COMPONENT_IMAGE = "images[0].newName, images[0].newTag";

/**
 * The disaggregation sidecar in front of decode's vLLM (native sidecar, `--kv-connector=nixlv2`): the
 * guide's `routing-sidecar/release` component. The P/D overlays themselves name `routing-sidecar/nightly`,
 * whose tag is `main`, at the release commit; PDStack pins the release component's version instead.
 */
export const DISAGG_SIDECAR_IMAGE: ImagePin = image(
    "ghcr.io/llm-d/llm-d-router-disagg-sidecar",
    ROUTER_VERSION,
    guideSource(`${IMAGE_COMPONENTS}/routing-sidecar/release/kustomization.yaml`, COMPONENT_IMAGE),
    ROUTER_IMAGES_PUBLISHED_BY,
    [
        {
            ref: "main",
            source: guideSource(
                `${IMAGE_COMPONENTS}/routing-sidecar/nightly/kustomization.yaml`,
                "images[0].newTag",
                "the component guides/pd-disaggregation/modelserver/gpu/vllm/base and xpu/vllm name",
            ),
        },
    ],
);

/** Model-server images of the guide, per accelerator family, from the image component each P/D overlay names. */
export const VLLM_IMAGES = {
    /**
     * Upstream vLLM, as the `gpu-vllm/release` component writes it (`docker.io/` included), which the
     * coreweave and gke/base overlays name. Fully qualified, so that runtimes that refuse short names
     * (CRI-O with `short-name-mode = "enforcing"`) pull it too.
     */
    nvidia: image(
        "docker.io/vllm/vllm-openai",
        "v0.26.0",
        guideSource(`${IMAGE_COMPONENTS}/gpu-vllm/release/kustomization.yaml`, COMPONENT_IMAGE),
        "vLLM's release image (llm-d v0.9.0's release notes: vllm-project/vllm v0.26.0)",
    ),
    /** llm-d's own XPU build, the `xpu-vllm/llm-d` component the xpu overlay names (vLLM v0.26.0 inside). */
    xpu: image(
        "ghcr.io/llm-d/llm-d-xpu",
        "v0.9.0",
        guideSource(`${IMAGE_COMPONENTS}/xpu-vllm/llm-d/kustomization.yaml`, COMPONENT_IMAGE),
        "llm-d's release image (llm-d v0.9.0's release notes; docs/api-reference/artifacts.md at the same commit)",
    ),
} satisfies Record<string, ImagePin>;

/** A CRD manifest's version and the release asset PDStack applies. */
export interface CrdPin extends Pinned {
    version: string;
    url: string;
}

/** The cluster-wide prerequisites of 0.9, installed once per cluster before PDStack (not by it). */
export const CONTROL_PLANE = {
    /** InferencePool v1 (and, in v1.5, the x-k8s InferenceObjective/InferenceModelRewrite the EPP still watches). */
    gaieCrds: {
        version: "v1.5.0",
        url: "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.5.0/v1-manifests.yaml",
        source: guideSource(
            "guides/env.sh",
            "GAIE_VERSION",
            `the same version in docs/infrastructure/gateway/install-crds.md and in llm-d/llm-d-router deploy/components/crds-gie at tag v0.10.0; GAIE tag v1.5.0 is ${GAIE_V1_5_0}. GAIE v1.6.0 ships only the InferencePool v1 and InferencePoolImport CRDs`,
        ),
        published: "the release asset v1-manifests.yaml of kubernetes-sigs/gateway-api-inference-extension v1.5.0",
        replaces: [mainEnvRef("latest", "GAIE_VERSION")],
    },
    gatewayApiCrds: {
        version: "v1.5.1",
        url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml",
        source: guideSource("guides/env.sh", "GATEWAY_API_VERSION", "the same version in docs/infrastructure/gateway/install-crds.md"),
        published: "the release asset standard-install.yaml of kubernetes-sigs/gateway-api v1.5.1",
        replaces: [mainEnvRef("latest", "GATEWAY_API_VERSION")],
    },
    istio: {
        version: "1.29.2",
        source: guideSource("docs/infrastructure/gateway/istio.md", "ISTIO_VERSION", "docs/api-reference/artifacts.md lists 1.29.x as tested"),
        published: "oci://gcr.io/istio-release/charts/base and …/istiod at 1.29.2 (istio/istio manifests/charts/README.md, tag 1.29.2)",
    },
    agentgateway: {
        version: "v1.1.0",
        source: guideSource(
            "docs/infrastructure/gateway/agentgateway.md",
            "AGENTGATEWAY_VERSION",
            "docs/api-reference/artifacts.md at the same commit lists v1.4.x as tested; PDStack installs what the install guide installs",
        ),
        published: "oci://cr.agentgateway.dev/charts/agentgateway-crds and …/agentgateway at v1.1.0 (agentgateway/agentgateway .github/workflows/release.yml, tag v1.1.0)",
    },
} as const satisfies { gaieCrds: CrdPin; gatewayApiCrds: CrdPin; istio: Pinned & { version: string }; agentgateway: Pinned & { version: string } };

/**
 * The guide's manifests PDStack builds its own objects from (the P/D model-server overlays, the router
 * values files, the Gateway recipes), at the release commit. Upstream's gateway docs apply the recipes
 * at `LLM_D_VERSION=main`; the guide's README checks out branch `release-0.9`, cut from this commit.
 */
export const GUIDE_MANIFESTS: Pinned & { value: string } = {
    value: LLMD_V0_9_0_COMMIT,
    source: guideSource("guides/pd-disaggregation/, guides/recipes/", undefined, 'PR #2315 "Update env for release v0.9.0"; the README checks out branch release-0.9, cut from this commit'),
    published: "github.com/llm-d/llm-d",
    replaces: [
        { ref: "main", source: guideSource("docs/infrastructure/gateway/istio.md", "LLM_D_VERSION") },
        { ref: "main", source: guideSource("docs/infrastructure/gateway/agentgateway.md", "LLM_D_VERSION") },
    ],
};

/** Every upstream commit the 0.9 profile was read from. */
export const UPSTREAM_COMMITS = {
    [LLMD_REPOSITORY]: { commit: LLMD_V0_9_0_COMMIT, ref: 'PR #2315 "Update env for release v0.9.0", 2026-08-18' },
    "llm-d/llm-d-router": { commit: ROUTER_V0_10_0, ref: "tag v0.10.0" },
    "kubernetes-sigs/gateway-api-inference-extension": { commit: GAIE_V1_5_0, ref: "tag v1.5.0" },
} as const;
