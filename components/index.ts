export { PDStack, PDStackArgs, RoleArgs, RoleResourcesArgs, CpuMemoryArgs, ModelArgs, WorkloadArgs } from "./pdStack";
export { GkeCluster, GkeClusterArgs } from "./gkeCluster";
export { GkeClusterSpec, GPU_TYPES, GPU_TYPE_NAMES, resolveGkeClusterSpec } from "./gkeClusterSpec";
export { PDSpec, RoleSpec, resolveSpec, pdStackSchema } from "./spec";
export { InputError } from "./validation";
export { HARDWARE, HARDWARE_NAMES, HardwareProfile } from "./hardware";
export { GATEWAYS, GATEWAY_NAMES, GatewayProfile } from "./gateway";
export { deriveNames, nameBudget, nameProblem, longestPostfixThatFits, PDNames, DerivedName } from "./names";
export { CHARTS } from "./charts";
