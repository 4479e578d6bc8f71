/** The three Helm charts of llm-d 0.2's P/D path, pinned to the versions of the upstream quickstart. */
import type { ChartRef, UpstreamSource } from "../pins";
import { quickstart } from "./sources";

export type { ChartRef };

/** A chart of the quickstart's helmfile, with where its version was read. */
export interface QuickstartChart extends ChartRef {
    source: UpstreamSource;
}

const HELMFILE = "quickstart/examples/pd-disaggregation/helmfile.yaml.gotmpl";

export const CHARTS = {
    /** Gateway and, on istio, the DestinationRule to the EPP. */
    infra: {
        chart: "llm-d-infra",
        repo: "https://llm-d-incubation.github.io/llm-d-infra/",
        version: "v1.2.4",
        source: quickstart(HELMFILE, "the version the quickstart's `helm list` shows; the helmfile later pinned v1.3.0"),
    },
    /** InferencePool and the llm-d EPP (inference scheduler). */
    gaie: {
        chart: "oci://registry.k8s.io/gateway-api-inference-extension/charts/inferencepool",
        version: "v0.5.1",
        source: quickstart(HELMFILE),
    },
    /** vLLM prefill and decode Deployments, the routing sidecar and the InferenceModel. */
    modelservice: {
        chart: "llm-d-modelservice",
        repo: "https://llm-d-incubation.github.io/llm-d-modelservice/",
        version: "v0.2.7",
        source: quickstart(HELMFILE),
    },
} satisfies Record<string, QuickstartChart>;
