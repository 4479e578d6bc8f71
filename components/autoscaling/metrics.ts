/**
 * The metrics PDStack scales each role on, as its `autoscaling.<role>.metric` names them, with the
 * default target of each and the upstream guide it was read from. The PromQL of each metric is the
 * release profile's (components/releases/<profile>/autoscaling.ts): metric names and labels are a
 * release's.
 */
import type { UpstreamSource } from "../releases/pins";

export const SCALING_ROLES = ["prefill", "decode"] as const;
export type ScalingRole = (typeof SCALING_ROLES)[number];

/** llm-d/llm-d main after router v0.10.0: the experimental token-aware P/D guide (the only P/D autoscaling guide upstream). */
const TOKEN_AWARE_PD: UpstreamSource = {
    repository: "llm-d/llm-d",
    path: "guides/workload-autoscaling/keda-epp-token-aware/pd-disaggregation/base/prefill-scaledobject.yaml, decode-scaledobject.yaml",
    commit: "04c0115b34c2ca2c699e72547fb7c985997b7ef1",
    note: "prefill-scaledobject.yaml at 04c0115b, decode-scaledobject.yaml at 56cb121800b80f0225ccb24e880393a95c9f6df7",
};
/** llm-d v0.9.0's aggregated KEDA guide (release-0.9 was cut from this main commit, PR #2315). */
const KEDA_EPP_QUEUE_V09: UpstreamSource = {
    repository: "llm-d/llm-d",
    path: "guides/workload-autoscaling/keda-epp-queue/optimized-baseline/base/scaledobject.yaml, keda-epp-queue/README.md (Configuration)",
    commit: "e3dbeca185fa91cf263f8135a681721cebcc057e",
};

/**
 * The P/D guide's reference prefill velocity V_P (`peakPrefillThroughput`, prompt tokens one prefill
 * replica prefills per second: gpt-oss-120b, prefill TP=1 on H200), and the seconds of prefill backlog
 * per replica its trigger tolerates (`threshold: "1.5"`). PDStack's target is in tokens: 1.5 × 33821.
 */
export const GUIDE_PEAK_PREFILL_THROUGHPUT = 33821;
export const GUIDE_PREFILL_BACKLOG_SECONDS = 1.5;

export interface ScalingMetric {
    role: ScalingRole;
    /** What the metric counts, and the unit of `target` (per replica: KEDA's `AverageValue`). */
    what: string;
    /** The default `target`, per replica. */
    target: number;
    /** Whether the metric is read from the EPP (else from the role's vLLM pods). */
    fromEpp: boolean;
    source: UpstreamSource;
}

/** Every metric a role can scale on; the first of each role is its default. */
export const SCALING_METRICS = {
    "inflight-prompt-tokens": {
        role: "prefill",
        what:
            "uncached prompt tokens the EPP has sent to the prefill pods and not yet seen prefilled (llm_d_epp_inflight_tokens of its " +
            "inflight-load-producer); target: tokens per prefill pod = seconds of backlog tolerated × the pod's prefill tokens per second",
        target: Math.round(GUIDE_PREFILL_BACKLOG_SECONDS * GUIDE_PEAK_PREFILL_THROUGHPUT),
        fromEpp: true,
        source: { ...TOKEN_AWARE_PD, note: "prefill trigger: (sum(llm_d_epp_inflight_tokens{...prefill}) / 33821) or vector(0), threshold 1.5 (seconds)" },
    },
    "waiting-requests": {
        role: "prefill",
        what: "requests waiting in the prefill pods' vLLM queues (vllm:num_requests_waiting); target: waiting requests per prefill pod",
        target: 1,
        fromEpp: false,
        source: { ...KEDA_EPP_QUEUE_V09, note: "the queue trigger's threshold 1 (requests waiting for backend capacity, per replica)" },
    },
    "kv-cache-usage": {
        role: "decode",
        what: "the decode pods' KV cache in use (vllm:kv_cache_usage_perc, 0 to 1 per pod); target: the fill per decode pod to act at",
        target: 0.8,
        fromEpp: false,
        source: { ...TOKEN_AWARE_PD, note: "decode trigger: sum(vllm:kv_cache_usage_perc{...decode}) or vector(0), threshold 0.8" },
    },
    "running-requests": {
        role: "decode",
        what: "requests the decode pods' vLLM runs (vllm:num_requests_running); target: running requests per decode pod",
        target: 16,
        fromEpp: false,
        source: { ...KEDA_EPP_QUEUE_V09, note: "the running-request trigger's threshold 16 (per replica)" },
    },
} as const satisfies Record<string, ScalingMetric>;

export type ScalingMetricName = keyof typeof SCALING_METRICS;

/** The metrics of a role, its default first. */
export function metricsOf(role: ScalingRole): ScalingMetricName[] {
    return (Object.keys(SCALING_METRICS) as ScalingMetricName[]).filter((m) => SCALING_METRICS[m].role === role);
}

/** The metric a role scales on when `metric` is not given. */
export function defaultMetric(role: ScalingRole): ScalingMetricName {
    return metricsOf(role)[0];
}
