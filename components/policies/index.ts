/**
 * The `llm-d-pd` CrossGuard policies, published as `pdstack/policies`: one policy per module, listed
 * here. A policy pack is `new PolicyPack(POLICY_PACK_NAME, { description: PACK_DESCRIPTION,
 * enforcementLevel: PACK_ENFORCEMENT_LEVEL, policies: POLICIES })` (policy/index.ts); the offline plan
 * runs the same list on a plan (plan/policyEvaluator.ts).
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { acceleratorBudgetPolicy } from "./acceleratorBudget";
import { acceleratorResourcesPolicy } from "./acceleratorResources";
import { nameLengthsPolicy } from "./nameLengths";
import { nixlWiringPolicy } from "./nixlWiring";
import { noPlaintextSecretsPolicy } from "./noPlaintextSecrets";
import { pinnedVersionsPolicy } from "./pinnedVersions";
import { workloadFitPolicy } from "./workloadFit";
import { monitoringCrdsPolicy } from "./monitoringCrds";
import { modelCacheOfflinePolicy } from "./modelCacheOffline";
import { modelCacheAccessPolicy } from "./modelCacheAccess";
import { modelServerProbesPolicy } from "./modelServerProbes";

/** Name of the policy pack (`pulumi up --policy-pack policy` reports violations under it). */
export const POLICY_PACK_NAME = "llm-d-pd";
/** What the pack catches, as `pulumi policy` lists it. */
export const PACK_DESCRIPTION =
    "Catches what breaks an llm-d prefill/decode (PDStack) deployment: name lengths, accelerator resources and budget, NIXL wiring, model-server probes, " +
    "plain-text secrets, unpinned versions; advises on workload fit and on monitoring without the Prometheus operator's CRDs.";
/** Enforcement level of a policy that sets none (every policy here sets its own). */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "advisory";

export const POLICIES: Policies = [
    nameLengthsPolicy,
    acceleratorResourcesPolicy,
    acceleratorBudgetPolicy,
    nixlWiringPolicy,
    modelServerProbesPolicy,
    noPlaintextSecretsPolicy,
    pinnedVersionsPolicy,
    workloadFitPolicy,
    monitoringCrdsPolicy,
    modelCacheOfflinePolicy,
    modelCacheAccessPolicy,
];

/**
 * Policies the pack no longer has, and the one that now applies their rule: llm-d 0.9's model servers
 * were checked under names of their own until one rule served every release (./modelServerView.ts).
 */
export const RETIRED_POLICIES: Readonly<Record<string, string>> = {
    "pd-model-server-resources": "pd-accelerator-resources",
    "pd-model-server-wiring": "pd-nixl-wiring",
};

export { nameLengthsPolicy, NAME_LENGTHS } from "./nameLengths";
export { acceleratorResourcesPolicy, ACCELERATOR_RESOURCES } from "./acceleratorResources";
export { acceleratorBudgetPolicy, ACCELERATOR_BUDGET, DEFAULT_MAX_ACCELERATORS } from "./acceleratorBudget";
export { nixlWiringPolicy, NIXL_WIRING } from "./nixlWiring";
export { modelServerProbesPolicy, MODEL_SERVER_PROBES } from "./modelServerProbes";
export { noPlaintextSecretsPolicy, NO_PLAINTEXT_SECRETS } from "./noPlaintextSecrets";
export { pinnedVersionsPolicy, PINNED_VERSIONS } from "./pinnedVersions";
export { workloadFitPolicy, WORKLOAD_FIT } from "./workloadFit";
export { monitoringCrdsPolicy, MONITORING_CRDS } from "./monitoringCrds";
export { modelCacheOfflinePolicy, MODEL_CACHE_OFFLINE } from "./modelCacheOffline";
export { modelCacheAccessPolicy, MODEL_CACHE_ACCESS } from "./modelCacheAccess";
export { ModelServerInstall, ModelServerRole, ModelSource, Verdict, ViewResource } from "./modelServerView";
export { isModelServerResource, modelServerInstalls } from "./modelServerInstalls";
export { INSTALL_RULES, renderedObjectVerdicts, RenderedObjectLike, RenderedPodTemplate, RenderedVerdict } from "./renderedObjects";
