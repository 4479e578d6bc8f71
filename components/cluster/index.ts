export { claimClusterScopedNames, existingIntelGpuPlugin, kubernetesProviderFrom, recordIntelGpuPlugin } from "./claims";
