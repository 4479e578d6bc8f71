/**
 * `autoscaling`: KEDA scales prefill and decode apart, each on its own metric read from Prometheus.
 * Here: its part of the PDStack schema, the resolved {@link AutoscalingSpec}, and the rules that hold
 * on every release (a release that cannot autoscale says so in its profile).
 */
import { z } from "zod";
import { INT32_MAX, INT32_MESSAGE, oneOf, positiveInt } from "../validation";
import { defaultMetric, metricsOf, SCALING_METRICS, SCALING_ROLES, ScalingMetricName, ScalingRole } from "./metrics";
import { DEFAULT_PROMETHEUS_ADDRESS } from "./prometheus";

/**
 * What the EPP may do when a request should be disaggregated and no prefill pod is Ready:
 * - `off`: nothing; PDStack keeps at least one prefill pod (`prefill.minReplicas` 0 is refused), since
 *   on llm-d-router v0.10.0 the always-disaggregate decider then serves the whole request on decode
 *   (llm-d-router#2427) without anyone having asked for that;
 * - `decode-only`: accept exactly that: prefill may scale to zero; while it is at zero, decode serves
 *   whole requests (the EPP counts them `decode-only`), and the first such decision wakes prefill.
 */
export const DECIDER_FALLBACKS = ["off", "decode-only"] as const;
export type DeciderFallback = (typeof DECIDER_FALLBACKS)[number];

const nonNegativeInt = z
    .number({ error: "must be a whole number, 0 or more" })
    .max(INT32_MAX, { error: INT32_MESSAGE, abort: true })
    .int({ error: "must be a whole number, 0 or more" })
    .nonnegative({ error: "must be a whole number, 0 or more" });

const positiveNumber = z
    .number({ error: "must be a number above 0" })
    .positive({ error: "must be a number above 0" })
    .finite({ error: "must be a number above 0" });

function roleScalingSchema(role: ScalingRole) {
    const metrics = metricsOf(role);
    return z.strictObject({
        minReplicas: nonNegativeInt.optional(),
        maxReplicas: positiveInt.optional(),
        metric: z.enum(metrics as [ScalingMetricName, ...ScalingMetricName[]], { error: oneOf(metrics) }).optional(),
        target: positiveNumber.optional(),
    });
}

/** An `http://` or `https://` URL with a host, as KEDA's Prometheus scaler takes `serverAddress` (credentials are refused apart, without echoing them). */
function isPrometheusUrl(s: string): boolean {
    if (/\s/.test(s)) {
        return false;
    }
    try {
        const url = new URL(s);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
        return false;
    }
}

/** The `autoscaling` key of stack config and PDStackArgs. */
export const autoscalingInputSchema = z.strictObject({
    enabled: z.boolean({ error: "must be true or false" }).optional(),
    prefill: roleScalingSchema("prefill").optional(),
    decode: roleScalingSchema("decode").optional(),
    prometheusAddress: z
        .string({ error: "must be a URL string" })
        .refine(isPrometheusUrl, { error: "must be an http:// or https:// URL of Prometheus, e.g. http://prometheus-operated.monitoring.svc:9090" })
        .optional(),
    installKeda: z.boolean({ error: "must be true or false" }).optional(),
    deciderFallback: z.enum(DECIDER_FALLBACKS, { error: oneOf(DECIDER_FALLBACKS) }).optional(),
});
export type AutoscalingInput = z.output<typeof autoscalingInputSchema>;

/** One role's scaling, after defaults. */
export interface RoleScalingSpec {
    minReplicas: number;
    maxReplicas: number;
    metric: ScalingMetricName;
    /** Per replica (KEDA `AverageValue`), in the metric's unit. */
    target: number;
}

export interface AutoscalingSpec {
    prefill: RoleScalingSpec;
    decode: RoleScalingSpec;
    /** The Prometheus KEDA queries; undefined when neither given nor implied by `monitoring` (a spec problem). */
    prometheusAddress?: string;
    /** Whether PDStack installs KEDA (once per cluster); else KEDA must be on the cluster. */
    installKeda: boolean;
    deciderFallback: DeciderFallback;
}

/** The default `minReplicas`: one pod of each role, as the P/D guide's ScaledObjects. */
export const DEFAULT_MIN_REPLICAS = 1;

/** What autoscaling is resolved from: the install's fixed replicas and whether monitoring is on. */
export interface AutoscalingContext {
    monitoring: boolean;
    prefill: { replicas: number };
    decode: { replicas: number };
}

function resolveRole(role: ScalingRole, given: AutoscalingInput["prefill"], replicas: number): RoleScalingSpec {
    const metric = given?.metric ?? defaultMetric(role);
    return {
        minReplicas: given?.minReplicas ?? DEFAULT_MIN_REPLICAS,
        // The role's fixed size is its default ceiling: turning autoscaling on never asks for more GPUs than before.
        maxReplicas: given?.maxReplicas ?? replicas,
        metric,
        target: given?.target ?? SCALING_METRICS[metric].target,
    };
}

/** The autoscaling of a stack: undefined unless `enabled`. */
export function resolveAutoscaling(input: AutoscalingInput | undefined, ctx: AutoscalingContext): AutoscalingSpec | undefined {
    if (!input?.enabled) {
        return undefined;
    }
    const prometheusAddress = input.prometheusAddress ?? (ctx.monitoring ? DEFAULT_PROMETHEUS_ADDRESS : undefined);
    return {
        prefill: resolveRole("prefill", input.prefill, ctx.prefill.replicas),
        decode: resolveRole("decode", input.decode, ctx.decode.replicas),
        ...(prometheusAddress ? { prometheusAddress } : {}),
        installKeda: input.installKeda ?? false,
        deciderFallback: input.deciderFallback ?? "off",
    };
}

function hasCredentials(s: string): boolean {
    try {
        const url = new URL(s);
        return url.username !== "" || url.password !== "";
    } catch {
        return false;
    }
}

export interface AutoscalingProblem {
    path: (string | number)[];
    message: string;
    /** The value holds a secret: the message must not repeat it. */
    hideValue?: boolean;
}

/** What is wrong with an autoscaling spec on any release; none when it holds. */
export function autoscalingProblems(spec: AutoscalingSpec | undefined, ctx: AutoscalingContext): AutoscalingProblem[] {
    if (!spec) {
        return [];
    }
    const problems: AutoscalingProblem[] = [];
    for (const role of SCALING_ROLES) {
        const r = spec[role];
        if (r.minReplicas > r.maxReplicas) {
            const why = r.maxReplicas === ctx[role].replicas ? ` (${role}.replicas, the default maximum)` : "";
            problems.push({
                path: ["autoscaling", role, "minReplicas"],
                message: `${role} minReplicas ${r.minReplicas} is above maxReplicas ${r.maxReplicas}${why}: set autoscaling.${role}.maxReplicas to at least ${r.minReplicas}`,
            });
        }
    }
    if (spec.decode.minReplicas === 0) {
        problems.push({
            path: ["autoscaling", "decode", "minReplicas"],
            message:
                "decode minReplicas 0 would leave the EPP no pod to send any request to (every request is decoded), and no decode metric " +
                "exists to wake it; use at least 1",
        });
    }
    if (spec.prefill.minReplicas === 0 && spec.deciderFallback === "off") {
        problems.push({
            path: ["autoscaling", "prefill", "minReplicas"],
            message:
                "prefill minReplicas 0 with the always-disaggregate decider: with no prefill pod Ready, llm-d-router v0.10.0 serves the " +
                "whole request on decode (llm-d-router#2427), so P/D would silently stop; keep minReplicas at least 1, or accept " +
                'decode-only serving while prefill is at zero with autoscaling.deciderFallback "decode-only"',
        });
    }
    if (spec.prometheusAddress && hasCredentials(spec.prometheusAddress)) {
        problems.push({
            path: ["autoscaling", "prometheusAddress"],
            message:
                "carries a user or password, which would sit in plain text in the ScaledObjects (and is not repeated here): give the URL " +
                "without them; a Prometheus that needs authentication is not supported by PDStack's ScaledObjects yet",
            hideValue: true,
        });
    }
    if (!spec.prometheusAddress) {
        problems.push({
            path: ["autoscaling", "prometheusAddress"],
            message:
                "KEDA reads the scaling metrics from Prometheus: turn monitoring on (PDStack's monitors, read from the llm-d monitoring " +
                `stack's Prometheus ${DEFAULT_PROMETHEUS_ADDRESS}) or give the URL of a Prometheus that scrapes the EPP and the vLLM pods`,
        });
    }
    return problems;
}
