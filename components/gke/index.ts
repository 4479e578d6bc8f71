export { GkeCluster, GkeClusterArgs } from "./gkeCluster";
export { GkeClusterSpec, GPU_TYPES, GPU_TYPE_NAMES, resolveGkeClusterSpec, gkeClusterInputSchema } from "./spec";
export { buildGkeKubeconfig } from "./kubeconfig";
export { buildModelCacheStorageClass, MODEL_CACHE_STORAGE_CLASS } from "./modelCacheStorageClass";
