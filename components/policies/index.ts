/**
 * The policies of the `llm-d-pd` pack. This module only lists them: `policy/index.ts` serves them as
 * a CrossGuard pack, and `policy/evaluate.ts` runs them on a plan without Pulumi.
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { nameLengthsPolicy } from "./names";
import { acceleratorBudgetPolicy, acceleratorResourcesPolicy } from "./resources";
import { noPlaintextSecretsPolicy } from "./secrets";
import { pinnedVersionsPolicy } from "./versions";
import { nixlWiringPolicy } from "./wiring";
import { workloadFitPolicy } from "./workload";

/** Name of the policy pack (`pulumi up --policy-pack policy` reports violations under it). */
export const POLICY_PACK_NAME = "llm-d-pd";
/** Enforcement level of a policy that sets none (every policy here sets its own). */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "advisory";

export const POLICIES: Policies = [
    nameLengthsPolicy,
    acceleratorResourcesPolicy,
    acceleratorBudgetPolicy,
    nixlWiringPolicy,
    noPlaintextSecretsPolicy,
    pinnedVersionsPolicy,
    workloadFitPolicy,
];

export { NAME_LENGTHS } from "./names";
export { ACCELERATOR_BUDGET, ACCELERATOR_RESOURCES, DEFAULT_MAX_ACCELERATORS } from "./resources";
export { NIXL_WIRING } from "./wiring";
export { NO_PLAINTEXT_SECRETS } from "./secrets";
export { PINNED_VERSIONS } from "./versions";
export { WORKLOAD_FIT } from "./workload";
