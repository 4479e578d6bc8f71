/**
 * The model cache: a PersistentVolumeClaim filled once by a download Job, which prefill and decode
 * mount read-only instead of each downloading the model from the hub.
 */
export {
    AWAIT_MARGIN_SECONDS,
    claimOfModelUri,
    DEFAULT_MODEL_CACHE_ACCESS_MODE,
    DOWNLOAD_BACKOFF_LIMIT,
    DOWNLOAD_SETUP_SECONDS,
    downloadDeadlineSeconds,
    HF_SCHEME,
    MIN_DOWNLOAD_BYTES_PER_SECOND,
    MODEL_CACHE_ACCESS_MODES,
    ModelCacheAccessMode,
    ModelCacheContext,
    ModelCacheInput,
    modelCacheInputSchema,
    modelCacheKey,
    ModelCacheProblem,
    modelCacheProblems,
    ModelCacheSpec,
    PVC_SCHEME,
    resolveModelCache,
    RWX_NEEDS_CLASS,
} from "./spec";
export { buildModelCacheClaim, CLAIM_COMPONENT, COMPONENT_LABEL, DOWNLOAD_COMPONENT, SKIP_AWAIT_ANNOTATION } from "./claim";
export { buildModelDownloadJob, CACHE_MOUNT_PATH, COMPLETE_MARKER, DOWNLOAD_RESOURCES, DOWNLOAD_SCRIPT, TIMEOUT_ANNOTATION } from "./downloadJob";
export { HF_HUB_OFFLINE_ENV } from "./serving";
export { BLOCK_ONLY_PROVISIONERS, STORAGE_CLASS_KEY, storageClassProblem } from "./storageClass";
export {
    BIND_CLAIM_ANNOTATION,
    BIND_CLASS_ANNOTATION,
    BIND_COMPONENT,
    BIND_DEADLINE_SECONDS,
    BIND_SCRIPT,
    bindJobName,
    buildModelCacheBindJob,
} from "./bindJob";
