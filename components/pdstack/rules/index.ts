/**
 * Rules PDStack knows for certain at construction, each with one implementation: its schema rejects
 * a spec that breaks one (naming the key), and the policy pack checks the same rule on the resources
 * as they reach Pulumi, for programs that transform them.
 */
export { describeNamesOverLimits, HOSTNAME_NOTE, longestPostfixThatFits, NameBudgetOf, namesOverLimits, postfixNameProblems, PostfixNameProblems } from "./names";
export { CPU_MEMORY, requestAboveLimit, RequestOverLimit, requestsAboveLimits } from "./resources";
export { acceleratorsRequested, acceleratorsTaken, describeAccelerators, fitsCluster, podFitsNode, RoleAccelerators, specAccelerators } from "./capacity";
export { downloadDeadlineProblem, MAX_DEADLINE_SECONDS } from "./limits";
