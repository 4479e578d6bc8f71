/** The three Helm charts of the llm-d P/D path, pinned to the versions of the upstream quickstart. */

export interface ChartRef {
    /** Chart name, or the full `oci://` reference for charts served from an OCI registry. */
    chart: string;
    /** Helm repository URL; absent for OCI charts. */
    repo?: string;
    /** Exact chart version. */
    version: string;
}

export const CHARTS = {
    /** Gateway and, on istio, the DestinationRule to the EPP. */
    infra: {
        chart: "llm-d-infra",
        repo: "https://llm-d-incubation.github.io/llm-d-infra/",
        version: "v1.2.4",
    },
    /** InferencePool and the llm-d EPP (inference scheduler). */
    gaie: {
        chart: "oci://registry.k8s.io/gateway-api-inference-extension/charts/inferencepool",
        version: "v0.5.1",
    },
    /** vLLM prefill and decode Deployments, the routing sidecar and the InferenceModel. */
    modelservice: {
        chart: "llm-d-modelservice",
        repo: "https://llm-d-incubation.github.io/llm-d-modelservice/",
        version: "v0.2.7",
    },
} satisfies Record<string, ChartRef>;
