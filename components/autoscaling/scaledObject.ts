/**
 * The KEDA ScaledObject of one role (keda.sh/v1alpha1, checked against KEDA 2.20.1's CRD in the tests):
 * the role's Deployment, its replica bounds, one Prometheus trigger on its metric, and the P/D guide's
 * HPA behaviour. Pure data; the release profile gives the queries.
 */
import { KEDA_API_VERSION, SCALED_OBJECT_KIND } from "./keda";
import { ScalingRole } from "./metrics";
import { RoleScalingSpec } from "./spec";

/**
 * How often KEDA polls the triggers, and how long it waits before scaling a role from 1 to 0 once its
 * triggers are inactive: the P/D guide's `pollingInterval: 15` and KEDA's default cooldown, as the v0.9
 * queue guide sets it (`cooldownPeriod: 300`).
 */
export const POLLING_INTERVAL_SECONDS = 15;
export const COOLDOWN_PERIOD_SECONDS = 300;

/**
 * The generated HPA's behaviour, as the P/D guide sets it: model weights take minutes to load, so add at
 * most one pod per 3 minutes, and remove at most one per 5 minutes after a 5-minute stabilization window
 * (llm-d/llm-d guides/workload-autoscaling/keda-epp-token-aware/pd-disaggregation/base/prefill-scaledobject.yaml
 * at 04c0115b34c2ca2c699e72547fb7c985997b7ef1).
 */
export const HPA_BEHAVIOR = {
    scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: "Pods", value: 1, periodSeconds: 180 }] },
    scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Pods", value: 1, periodSeconds: 300 }] },
} as const;

/** One Prometheus query a ScaledObject scales on. */
export interface ScalingQuery {
    /** The trigger's name (`prefill-inflight-prompt-tokens`). */
    name: string;
    /** PromQL that returns one value with no labels (`sum(...) or vector(0)`). */
    query: string;
    /** Per replica (`AverageValue`). */
    threshold: number;
    /** Above this the role leaves zero replicas; KEDA's default 0. */
    activationThreshold: number;
}

export interface ScaledObjectInput {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    /** The Deployment scaled. */
    deployment: string;
    role: ScalingRole;
    scaling: RoleScalingSpec;
    serverAddress: string;
    /** The role's metric first; more triggers only wake the role from zero. */
    queries: ScalingQuery[];
}

/** A number as KEDA's trigger metadata takes it: a string, without exponent notation. */
export function thresholdString(n: number): string {
    const s = String(n);
    if (!/e/i.test(s)) {
        return s;
    }
    return n.toFixed(20).replace(/\.?0+$/, "");
}

/** The ScaledObject of one role. */
export function buildScaledObject(input: ScaledObjectInput): Record<string, any> {
    return {
        apiVersion: KEDA_API_VERSION,
        kind: SCALED_OBJECT_KIND,
        metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: input.deployment },
            minReplicaCount: input.scaling.minReplicas,
            maxReplicaCount: input.scaling.maxReplicas,
            pollingInterval: POLLING_INTERVAL_SECONDS,
            cooldownPeriod: COOLDOWN_PERIOD_SECONDS,
            advanced: { horizontalPodAutoscalerConfig: { behavior: HPA_BEHAVIOR } },
            triggers: input.queries.map((q) => ({
                type: "prometheus",
                name: q.name,
                metricType: "AverageValue",
                metadata: {
                    serverAddress: input.serverAddress,
                    query: q.query,
                    threshold: thresholdString(q.threshold),
                    activationThreshold: thresholdString(q.activationThreshold),
                },
            })),
        },
    };
}
