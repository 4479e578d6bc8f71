/**
 * KEDA as PDStack installs or expects it: the chart of a pinned release, and the CRD a ScaledObject
 * needs on the cluster. Which KEDA release a llm-d release runs with is its profile's
 * (`RELEASE_PROFILES[release].controlPlane.keda`).
 */
import type { ChartRef, UpstreamSource } from "../releases/pins";

/** The CRD of `keda.sh/v1alpha1` ScaledObject; its absence makes every ScaledObject fail ("no matches for kind"). */
export const SCALED_OBJECT_CRD = "scaledobjects.keda.sh";
export const KEDA_API_VERSION = "keda.sh/v1alpha1";
export const SCALED_OBJECT_KIND = "ScaledObject";

/** KEDA's Helm chart at an exact version, with the release name and namespace its README installs it as. */
export interface KedaChart {
    releaseName: string;
    namespace: string;
    chart: ChartRef & { repo: string };
    /** The KEDA release the chart installs (its appVersion). */
    appVersion: string;
    sources: UpstreamSource[];
}
