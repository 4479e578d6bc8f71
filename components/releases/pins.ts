/** Where each pinned upstream fact of a release profile was read. */

/** Where a pinned value was read. */
export interface UpstreamSource {
    repository: string;
    path: string;
    /** A full commit hash (tags are noted in `note`). */
    commit: string;
    /** The variable, field or key of the file that holds the value (`ROUTER_CHART_VERSION`, `images[0].newTag`), when the path alone does not say. */
    key?: string;
    note?: string;
}

/**
 * A floating reference (`latest`, `v0`, `main`, `nightly`) that upstream's guide writes where PDStack
 * pins an exact version: the reference, and the file (at a commit) that writes it.
 */
export interface FloatingRef {
    ref: string;
    source: UpstreamSource;
}

/** One thing a release profile pins (a chart, an image, a CRD manifest, a controller), with its source. */
export interface Pin {
    /** What it is, as the docs list it: `llm-d-modelservice chart`, `vLLM image (h200-ib, gke)`. */
    what: string;
    /** The exact version or reference PDStack deploys. */
    value: string;
    source: UpstreamSource;
    /** Where that exact version is published: the registry, chart repository or release asset it is pulled from. */
    published?: string;
    /** The floating references upstream writes in its place, each replaced by `value`. */
    replaces?: readonly FloatingRef[];
}

/** A Helm chart at an exact version. */
export interface ChartRef {
    /** Chart name, or the full `oci://` reference for charts served from an OCI registry. */
    chart: string;
    /** Helm repository URL; absent for OCI charts. */
    repo?: string;
    /** Exact chart version. */
    version: string;
}
