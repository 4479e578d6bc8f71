/**
 * The vLLM metrics PDStack reads (the smoke check, the alerts, the autoscaling queries), from vLLM's V1
 * engine on every release PDStack deploys.
 */

/**
 * vLLM's counters (V1 engine, prometheus_client: a Counter `x` is exposed as `x_total`). Labels
 * `model_name` (the served model name), `engine`; `finished_reason` on request_success. Read from the
 * released wheels: vllm 0.10.0 and 0.10.2 (`vllm/v1/metrics/loggers.py`; no KV-transfer metric) and
 * vllm 0.23.0 (commit 0fc695fc6; `vllm/v1/metrics/loggers.py`,
 * `vllm/distributed/kv_transfer/kv_connector/v1/nixl/stats.py`).
 */
export const VLLM_METRICS = {
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
    /**
     * Gauges (labels `model_name`, `engine`): requests in the running batch and waiting for it, and the KV
     * cache in use (0 to 1; `vllm:gpu_cache_usage_perc` in older vLLM). `vllm:num_requests_running` is on the
     * 0.23.0 page above; all three are in llm-d's metric reference for the vLLM 0.26 stack
     * (llm-d/llm-d docs/operations/observability/metrics.md at e3dbeca185fa91cf263f8135a681721cebcc057e) and
     * in the P/D autoscaling guide's decode trigger (`vllm:kv_cache_usage_perc`).
     */
    requestsRunning: "vllm:num_requests_running",
    requestsWaiting: "vllm:num_requests_waiting",
    kvCacheUsage: "vllm:kv_cache_usage_perc",
} as const;
