/**
 * Names that tie the package, the program and the policy pack together: the type tokens the
 * components register under, and the prefix of the program's stack config keys.
 */

/** Type token of the {@link PDStack} component (`<package>:index:<Class>`). */
export const PDSTACK_TYPE = "pdstack:index:PDStack";
/** Type token of the {@link GkeCluster} component. */
export const GKE_CLUSTER_TYPE = "pdstack:index:GkeCluster";
/** Type token of the {@link GatewayControlPlane} component. */
export const GATEWAY_CONTROL_PLANE_TYPE = "pdstack:index:GatewayControlPlane";

/** The Pulumi project name of the llm-d-pd program, the namespace of its stack config keys. */
export const PROJECT = "llm-d-pd";
/** How the program's config keys are spelled in messages and stack files: `llm-d-pd:hardware`. */
export const CONFIG_PREFIX = `${PROJECT}:`;
