export { PDStack } from "./pdStack";
export { PDStackArgs, RoleArgs, RoleResourcesArgs, CpuMemoryArgs, ModelArgs, WorkloadArgs, ModelCacheArgs, AutoscalingArgs, RoleScalingArgs } from "./args";
export { PDSpec, RoleSpec, resolveSpec, pdStackSchema, pdStackInputSchema } from "./spec";
export { HARDWARE, HARDWARE_NAMES, HardwareProfile, HardwareName } from "./hardware";
export { GATEWAYS, GATEWAY_NAMES, GatewayProfile, GatewayName } from "./gateway";
export { nameProblem, DerivedName } from "./names";
