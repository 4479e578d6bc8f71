/**
 * The metric names of llm-d-router v0.10.0's EPP that PDStack reads (the smoke check, the alerts and the
 * autoscaling queries of llm-d 0.9), each with where it was read.
 */

/** llm-d-router tag v0.10.0 (commit 71f4f0999f95b96c49a9d0c4afbd18dfdb943c26). */
const ROUTER_V0_10_0 = "llm-d/llm-d-router@71f4f0999f95b96c49a9d0c4afbd18dfdb943c26 (tag v0.10.0)";

/**
 * The EPP's routing-decision counters, in the order the check prefers them. llm-d-router v0.10.0,
 * pkg/epp/framework/plugins/scheduling/profilehandler/disagg/metrics.go: `disagg-profile-handler`
 * (the handler PDStack's 0.9 EPP config uses) increments `llm_d_epp_disagg_decision_total`; the
 * deprecated `pd-profile-handler` increments `llm_d_epp_pd_decision_total`; each also increments a
 * deprecated `llm_d_inference_scheduler_*` twin with the labels `model_name`, `decision_type` only.
 * Labels of the `llm_d_epp_*` ones: `plugin_name`, `plugin_type`, `model_name`, `decision_type`.
 * llm-d-inference-scheduler v0.4.0 (pkg/metrics/metrics.go) introduced
 * `llm_d_inference_scheduler_pd_decision_total{decision_type}`; v0.2.x (llm-d 0.2) has no such counter.
 */
export const EPP_DECISION_COUNTERS = {
    /** Read when any of them is on the page (a profile handler increments only one of the two). */
    current: ["llm_d_epp_disagg_decision_total", "llm_d_epp_pd_decision_total"],
    /** Deprecated twins, read only when no current one is on the page (older EPPs). */
    deprecated: ["llm_d_inference_scheduler_disagg_decision_total", "llm_d_inference_scheduler_pd_decision_total"],
    source: `${ROUTER_V0_10_0} pkg/epp/framework/plugins/scheduling/profilehandler/disagg/metrics.go`,
} as const;

/** `decision_type` values (same file): requests that went through prefill and decode, and decode alone. */
export const DECISION_PREFILL_DECODE = "prefill-decode";
export const DECISION_DECODE_ONLY = "decode-only";
/** With an encode stage (E/PD, E/P/D): counted as prefill+decode only when prefill ran. */
export const DECISION_ENCODE_DECODE = "encode-decode";
export const DECISION_ENCODE_PREFILL_DECODE = "encode-prefill-decode";

/**
 * The in-flight load producer's gauge (`inflight-load-producer`): uncached prompt tokens dispatched to an
 * endpoint and not yet prefilled, labels `endpoint_name` (`<pod>-rank-<n>`), `namespace`, `producer_name`
 * (the plugin's name, its type when it has none), `fairness_id`, `priority`. Its series are not removed
 * when an endpoint leaves the pool on v0.10.0 (llm-d-router#2529, fixed after v0.10.0 by #2577).
 */
export const EPP_INFLIGHT_TOKENS = "llm_d_epp_inflight_tokens";
export const INFLIGHT_LOAD_PRODUCER = "inflight-load-producer";
/**
 * Rebuilt from the pool's live, Ready endpoints at every scrape (pkg/epp/metrics/collectors/inference_pool.go):
 * labels `name` (the InferencePool) and `model_server_endpoint` (`<pod>-rank-<n>`, as `endpoint_name` above).
 */
export const EPP_PER_ENDPOINT_QUEUE_SIZE = "llm_d_epp_per_endpoint_queue_size";
export const EPP_METRICS_SOURCE =
    `${ROUTER_V0_10_0} pkg/epp/framework/plugins/requestcontrol/dataproducer/inflightload/metrics.go, ` +
    "pkg/epp/metrics/llm_d_router_metrics.go, pkg/epp/metrics/collectors/inference_pool.go, pkg/epp/datastore/datastore.go (endpoint names)";
