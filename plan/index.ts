/** The offline plan's parts: the CLI's config rules, the recording mocks, the policy evaluator, the renderers. */
export { loadStackConfig, StackConfig, PLACEHOLDER_SECRET_VALUE } from "./stackConfig";
export { offlineReadNotes, PlannedRead, PlannedResource, ResourceRecorder, resolveOutput, SECRET_PLACEHOLDER, MOCK_GCP_PROJECT } from "./recorder";
export { evaluatePolicies, hasMandatoryViolation, PolicyConfigError, PolicyViolation, readPolicyConfigFile, resolvePolicyConfig } from "./policyEvaluator";
export { Plan, planToJson, planToText } from "./render";
export { modelDownloads, ModelDownloads } from "./modelDownloads";
export { criticalPath, WaitStep } from "./criticalPath";
