/**
 * The metric names the smoke check reads, as the upstream sources define them, each with where it was
 * read. The P/D check (`--metrics`) reads the EPP's decision counters and vLLM's counters of the
 * prefill and decode pods before and after its requests.
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
 * llm-d 0.2's EPP (llm-d-inference-scheduler v0.2.1 on gateway-api-inference-extension v0.5.1) has
 * no decision counter. Its scheduler records, per plugin call, the histogram
 * `inference_extension_scheduler_plugin_duration_seconds{plugin_type, plugin_name}` (GAIE v0.5.1
 * pkg/epp/metrics/metrics.go, recorded in pkg/epp/scheduling/scheduler.go and
 * framework/scheduler_profile.go; `plugin_name` is the plugin's *type*). With the `pd-profile-handler`
 * (llm-d-inference-scheduler v0.2.1 pkg/plugins/profile/pd_profile_handler.go) and the threshold 0 of
 * PDStack's config, each scheduled request calls the profile handler's Pick 3 times when its decode
 * profile found a pod (2 when not), and the picker once per profile run that found a pod. So, over a
 * run: scheduled = Δ ProcessProfilesResults, decodeOk = Δ ProfilePicker − 2·scheduled,
 * prefill+decode = Δ Picker − decodeOk, decode-only = decodeOk − prefill+decode.
 */
export const GAIE_SCHEDULER_PLUGIN_COUNT = "inference_extension_scheduler_plugin_duration_seconds_count";
export const GAIE_PLUGIN_TYPES = { pick: "ProfilePicker", results: "ProcessProfilesResults", picker: "Picker" } as const;
export const PD_PROFILE_HANDLER_V0_2 = "pd-profile-handler";
export const GAIE_SCHEDULER_SOURCE =
    "kubernetes-sigs/gateway-api-inference-extension@978c23bb96cce25f11cea2421523cb479026e2e9 (tag v0.5.1) pkg/epp/metrics/metrics.go; " +
    "llm-d/llm-d-inference-scheduler@c97e2ea1f0a9736b8a94dc9da69693cba768ddde (tag v0.2.1) pkg/plugins/profile/pd_profile_handler.go";

/**
 * vLLM's counters (V1 engine, prometheus_client: a Counter `x` is exposed as `x_total`). Labels
 * `model_name` (the served model name), `engine`; `finished_reason` on request_success. Read from the
 * released wheels: vllm 0.10.0 and 0.10.2 (`vllm/v1/metrics/loggers.py`; no KV-transfer metric) and
 * vllm 0.23.0 (commit 0fc695fc6; `vllm/v1/metrics/loggers.py`,
 * `vllm/distributed/kv_transfer/kv_connector/v1/nixl/stats.py`).
 */
export const VLLM = {
    /** Requests finished (a prefill pod finishes the `max_tokens: 1` request the sidecar sends it). */
    requestsFinished: "vllm:request_success_total",
    /** Prompt tokens processed. */
    promptTokens: "vllm:prompt_tokens_total",
    /** 0.23.0: NIXL transfers done, counted by the pod that pulls the KV cache (decode), one per transfer. */
    nixlTransfers: "vllm:nixl_xfer_time_seconds_count",
    /** 0.23.0: NIXL transfers that failed (decode). */
    nixlFailedTransfers: "vllm:nixl_num_failed_transfers_total",
    /** 0.23.0: prompt tokens by `source`; `external_kv_transfer` are tokens decode received instead of computing. */
    promptTokensBySource: "vllm:prompt_tokens_by_source_total",
    externalKvSource: "external_kv_transfer",
} as const;
