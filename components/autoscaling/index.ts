/**
 * Autoscaling: KEDA ScaledObjects that scale prefill and decode apart, each on its own Prometheus
 * metric. The schema part, the metric catalogue, the ScaledObject shape and KEDA's names live here; the
 * PromQL and the resources are each release profile's (components/releases/<profile>/autoscaling.ts).
 */
export { defaultMetric, GUIDE_PEAK_PREFILL_THROUGHPUT, GUIDE_PREFILL_BACKLOG_SECONDS, metricsOf, SCALING_METRICS, SCALING_ROLES, ScalingMetric, ScalingMetricName, ScalingRole } from "./metrics";
export {
    AutoscalingContext,
    AutoscalingInput,
    autoscalingInputSchema,
    AutoscalingProblem,
    autoscalingProblems,
    AutoscalingSpec,
    DECIDER_FALLBACKS,
    DeciderFallback,
    DEFAULT_MIN_REPLICAS,
    resolveAutoscaling,
    RoleScalingSpec,
} from "./spec";
export { DEFAULT_PROMETHEUS_ADDRESS } from "./prometheus";
export { KEDA_API_VERSION, KedaChart, SCALED_OBJECT_CRD, SCALED_OBJECT_KIND } from "./keda";
export { buildScaledObject, COOLDOWN_PERIOD_SECONDS, HPA_BEHAVIOR, POLLING_INTERVAL_SECONDS, ScaledObjectInput, ScalingQuery, thresholdString } from "./scaledObject";
