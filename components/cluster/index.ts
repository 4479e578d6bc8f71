export { ClusterClaims, CLUSTER_WIDE, ClusterWide } from "./clusterClaims";
export { ClusterResourceOptions, kubernetesProviderFrom, resolveClusterOptions } from "./clusterOptions";
