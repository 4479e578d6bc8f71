/** Where each pinned upstream fact of a release profile was read. */

/** Where a pinned value was read. */
export interface UpstreamSource {
    repository: string;
    path: string;
    /** A full commit hash (tags are noted in `note`). */
    commit: string;
    note?: string;
}

/** One thing a release profile pins (a chart, an image, a CRD manifest, a controller), with its source. */
export interface Pin {
    /** What it is, as the docs list it: `llm-d-modelservice chart`, `vLLM image (h200-ib, gke)`. */
    what: string;
    /** The exact version or reference PDStack deploys. */
    value: string;
    source: UpstreamSource;
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
