export { ClusterClaims, CLUSTER_WIDE, ClusterWide, InstalledVersion } from "./clusterClaims";
export { checkResourceOptions, ClusterResourceOptions, kubernetesProviderFrom, resolveClusterOptions } from "./clusterOptions";
