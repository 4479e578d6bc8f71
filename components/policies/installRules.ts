/**
 * A model-server rule: one implementation over the release-neutral installs of every release
 * (./modelServerView.ts), run as a CrossGuard stack policy on the installs the profiles read from the
 * stack, and by `--render` on the installs of the rendered Deployments (./renderedObjects.ts).
 */
import type { PolicyConfigSchema, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { modelServerInstalls } from "./modelServerInstalls";
import type { ModelServerInstall, Verdict, ViewResource } from "./modelServerView";

/** What a rule sees beside the installs: every resource of the stack (claims, cache Jobs, clusters) and its policy's config. */
export interface RuleContext {
    resources: readonly ViewResource[];
    config: Record<string, any>;
}

export interface InstallRule {
    /** The policy the rule's verdicts are reported under. */
    policy: string;
    verdicts(installs: readonly ModelServerInstall[], ctx: RuleContext): Verdict[];
}

/** Why a model-server rule does not apply to a stack: it has no install. */
export const NO_MODEL_SERVER = "no model server (llm-d-modelservice release or llm-d 0.9 prefill/decode Deployment) in the stack";

/**
 * The CrossGuard stack policy of a rule: its verdicts on the stack's installs, each on its resource;
 * not applicable ({@link NO_MODEL_SERVER}) to a stack without one.
 */
export function installPolicy(
    rule: InstallRule,
    meta: { description: string; enforcementLevel: StackValidationPolicy["enforcementLevel"]; configSchema?: PolicyConfigSchema },
): StackValidationPolicy {
    return {
        name: rule.policy,
        description: meta.description,
        enforcementLevel: meta.enforcementLevel,
        ...(meta.configSchema ? { configSchema: meta.configSchema } : {}),
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const installs = modelServerInstalls(args.resources);
            if (installs.length === 0) {
                args.notApplicable(NO_MODEL_SERVER);
            }
            for (const v of rule.verdicts(installs, { resources: args.resources, config: args.getConfig() })) {
                reportViolation(v.message, v.resource?.urn);
            }
        },
    };
}
