/**
 * The shapes of what a gateway control plane installs: a CRD manifest a project publishes per release,
 * and a provider's charts. Each release profile pins its own (components/releases/<profile>/controlPlane.ts).
 */
import type { ChartRef, UpstreamSource } from "../releases/pins";

/** A set of CRDs that a project publishes as one manifest per release. */
export interface CrdManifest {
    /** What it is, as messages and the README name it. */
    title: string;
    version: string;
    /** The release asset (`kubectl apply -f` of it equals upstream's `kubectl apply -k <repo>/config/crd?ref=<version>`). */
    url: string;
    /** The CRDs it holds. */
    crds: readonly string[];
    /** Where the version was read. */
    source: UpstreamSource;
}

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
    /** Where the charts and version were read. */
    sources: UpstreamSource[];
}
