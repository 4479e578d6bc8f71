/**
 * The metric names the smoke check reads, as the upstream sources define them, each with where it was
 * read. The P/D check (`--metrics`) reads the EPP's decision counters and vLLM's counters of the
 * prefill and decode pods before and after its requests. They live with the release profiles, which the
 * alerts and the autoscaling queries read too.
 */
export {
    DECISION_DECODE_ONLY,
    DECISION_ENCODE_DECODE,
    DECISION_ENCODE_PREFILL_DECODE,
    DECISION_PREFILL_DECODE,
    EPP_DECISION_COUNTERS,
} from "../components/releases/llmd09/eppMetrics";
export { GAIE_PLUGIN_TYPES, GAIE_SCHEDULER_PLUGIN_COUNT, GAIE_SCHEDULER_SOURCE, PD_PROFILE_HANDLER_V0_2 } from "../components/releases/llmd02/eppMetrics";
export { VLLM_METRICS as VLLM } from "../components/releases/vllmMetrics";
