/**
 * `pd-workload-fit` (advisory): P/D disaggregation pays off for long prompts relative to the output
 * (llm-d's reference workload: 10k input / 1k output tokens on a 70B model). With short prompts, or
 * output as long as the input, moving the KV cache between pods costs more than it saves.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { PDStack } from "../pdstack/pdStack";
import { CONFIG_PREFIX } from "../tokens";

export const WORKLOAD_FIT = "pd-workload-fit";
/** Below this many input tokens a prefill is short enough that decode pods can do it in place. */
export const DEFAULT_MIN_INPUT_TOKENS = 2000;
/** Below this input/output ratio the deployment is decode-bound: prefill workers sit idle. */
export const DEFAULT_MIN_INPUT_OUTPUT_RATIO = 4;

export interface WorkloadFitConfig {
    minInputTokens?: number;
    minInputOutputRatio?: number;
}

/** Why P/D is unlikely to help this workload, or undefined when it fits (or none is declared). */
export function workloadFitProblem(workload: unknown, config: WorkloadFitConfig = {}): string | undefined {
    const w = workload as { inputTokens?: unknown; outputTokens?: unknown } | undefined;
    if (!w || typeof w.inputTokens !== "number" || typeof w.outputTokens !== "number" || w.outputTokens <= 0) {
        return undefined;
    }
    const minInput = config.minInputTokens ?? DEFAULT_MIN_INPUT_TOKENS;
    const minRatio = config.minInputOutputRatio ?? DEFAULT_MIN_INPUT_OUTPUT_RATIO;
    const ratio = w.inputTokens / w.outputTokens;
    const reasons: string[] = [];
    if (w.inputTokens < minInput) {
        reasons.push(`${w.inputTokens} input tokens is below ${minInput}: such a prefill is cheap enough to run on the decode pods`);
    }
    if (ratio < minRatio) {
        reasons.push(`an input/output ratio of ${Number(ratio.toFixed(2))} is below ${minRatio}: the deployment is decode-bound and the prefill workers sit idle`);
    }
    if (reasons.length === 0) {
        return undefined;
    }
    return (
        `declared workload ${w.inputTokens} input / ${w.outputTokens} output tokens per request: P/D disaggregation is unlikely to pay off ` +
        `(${reasons.join("; ")}). P/D pays off for large models and long inputs (llm-d's reference: 10k input / 1k output tokens); ` +
        `for this workload serve without disaggregation (one vLLM pool behind the llm-d scheduler), or, if the estimate is wrong, ` +
        `update ${CONFIG_PREFIX}workload. Thresholds: minInputTokens ${minInput}, minInputOutputRatio ${minRatio} (policy config of ${WORKLOAD_FIT}).`
    );
}

export const workloadFitPolicy: ResourceValidationPolicy = {
    name: WORKLOAD_FIT,
    description:
        "Advisory: warns when the declared workload (llm-d-pd:workload) is unlikely to benefit from prefill/decode disaggregation " +
        "(short prompts, or little input per output token).",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minInputTokens: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MIN_INPUT_TOKENS,
                description: "Input tokens per request below which P/D is unlikely to pay off.",
            },
            minInputOutputRatio: {
                type: "number",
                exclusiveMinimum: 0,
                default: DEFAULT_MIN_INPUT_OUTPUT_RATIO,
                description: "Input/output token ratio below which P/D is unlikely to pay off.",
            },
        },
    },
    // The workload is declared on the PDStack component, which registers it as an input.
    validateResource: validateResourceOfType(PDStack, (stack, args, reportViolation) => {
        const problem = workloadFitProblem(stack.workload, args.getConfig<WorkloadFitConfig>());
        if (problem) {
            reportViolation(problem);
        }
    }),
};
