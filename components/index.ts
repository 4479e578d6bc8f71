/** The pdstack package: the PDStack and GkeCluster components and the rules they are built from. */
export { PDStack, PDStackArgs, RoleArgs, RoleResourcesArgs, CpuMemoryArgs, ModelArgs, WorkloadArgs, ModelCacheArgs, AutoscalingArgs, RoleScalingArgs } from "./pdstack";
export { PDSpec, RoleSpec, resolveSpec, pdStackSchema } from "./pdstack";
export { HARDWARE, HARDWARE_NAMES, HardwareProfile } from "./pdstack";
export { GATEWAYS, GATEWAY_NAMES, GatewayProfile } from "./pdstack";
export { nameProblem, DerivedName } from "./pdstack";
export { RELEASE_PROFILES, LLMD_RELEASES, LlmdRelease, DEFAULT_LLMD_RELEASE, ReleaseProfile, Pin, UpstreamSource } from "./releases";
export { GkeCluster, GkeClusterArgs, GkeClusterSpec, GPU_TYPES, GPU_TYPE_NAMES, resolveGkeClusterSpec } from "./gke";
export { GatewayControlPlane, GatewayControlPlaneArgs, GatewayControlPlaneSpec, resolveGatewayControlPlaneSpec } from "./controlplane";
export { ClusterClaims, ClusterResourceOptions } from "./cluster";
export { InputError } from "./validation";
export { PDSTACK_TYPE, GKE_CLUSTER_TYPE, GATEWAY_CONTROL_PLANE_TYPE, CONFIG_PREFIX } from "./tokens";
