export { ClusterClaims, CLUSTER_WIDE, ClusterWide, InstalledVersion } from "./clusterClaims";
export { ClusterResourceOptions, kubernetesProviderFrom, resolveClusterOptions } from "./clusterOptions";
