/**
 * The model cache on a GKE cluster the stack creates: `llm-d-pd:modelCache: {enabled: true}` is all
 * the gke stack needs, since the claim then uses the cluster's Filestore class.
 */
import { MODEL_CACHE_STORAGE_CLASS } from "../components/gke/modelCacheStorageClass";
import { PDStackArgs } from "../components/pdstack/args";

/**
 * The PDStack args with `modelCache.storageClassName` set to the created GkeCluster's class, when the
 * cache is on and names no class (the cluster's default class, a zonal disk, offers no ReadWriteMany).
 */
export function withCreatedClusterStorageClass(args: PDStackArgs, clusterCreated: boolean): PDStackArgs {
    const cache = args.modelCache;
    if (!clusterCreated || !cache?.enabled || cache.storageClassName !== undefined) {
        return args;
    }
    return { ...args, modelCache: { ...cache, storageClassName: MODEL_CACHE_STORAGE_CLASS } };
}
