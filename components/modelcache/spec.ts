/**
 * The model cache: one PersistentVolumeClaim that a download Job fills once from the Hugging Face
 * hub, and that every prefill and decode pod then mounts read-only (modelservice's `pvc://` model
 * artifacts). Here: the `modelCache` part of the PDStack schema and the resolved {@link ModelCacheSpec}.
 */
import { createHash } from "crypto";
import { z } from "zod";
import { MODEL_CACHE_STORAGE_CLASS } from "../gke/modelCacheStorageClass";
import { DNS_SUBDOMAIN_PATTERN, oneOf, parseQuantity, QUANTITY_PATTERN } from "../validation";

/**
 * Access modes the cache may have. ReadWriteMany lets the Job write and pods on any node read;
 * ReadWriteOnce attaches to one node only (the `pd-model-cache-access` policy flags it when the
 * pods may land on several). ReadOnlyMany is not offered: the Job could not write it.
 */
export const MODEL_CACHE_ACCESS_MODES = ["ReadWriteMany", "ReadWriteOnce"] as const;
export type ModelCacheAccessMode = (typeof MODEL_CACHE_ACCESS_MODES)[number];
export const DEFAULT_MODEL_CACHE_ACCESS_MODE: ModelCacheAccessMode = "ReadWriteMany";

/** The `hf://` scheme of a model the hub serves, and the `pvc://` scheme of a model on a claim (modelservice v0.2.7). */
export const HF_SCHEME = "hf://";
export const PVC_SCHEME = "pvc://";

/**
 * The claim modelservice (v0.2.7) mounts for a model URI: the first path segment after a scheme that
 * starts with `pvc` (`pvc://<claim>/<path>`, `pvc+hf://<claim>/...`); undefined for `hf://` and others.
 */
export function claimOfModelUri(uri: string): string | undefined {
    const m = /^([a-z+]+):\/\/([^/]+)/.exec(uri);
    return m && m[1].startsWith("pvc") ? m[2] : undefined;
}

/** A hub repository id: `org/model` (or a bare `model`), without `.` or `..` segments. */
const HF_REPO_ID = /^(?!\.{1,2}(\/|$))[A-Za-z0-9][\w.-]*(\/(?!\.{1,2}$)[\w.-]+)?$/;

/** Retries of the download pod before the Job fails (each retry resumes the files already on the claim). */
export const DOWNLOAD_BACKOFF_LIMIT = 3;
/** The slowest sustained hub download the Job's deadline allows for: 25 MB/s (200 Mbit/s). */
export const MIN_DOWNLOAD_BYTES_PER_SECOND = 25e6;
/**
 * Deadline time for what precedes the transfer: provisioning the volume (a Filestore instance takes
 * several minutes) and pulling the image.
 */
export const DOWNLOAD_SETUP_SECONDS = 1200;
/** Margin of `pulumi up`'s wait over the Job's own deadline, so that Kubernetes reports the failure first. */
export const AWAIT_MARGIN_SECONDS = 60;

/** The `modelCache` key of stack config and {@link PDStackArgs}. */
export const modelCacheInputSchema = z.strictObject({
    enabled: z.boolean({ error: "must be true or false" }).optional(),
    storageClassName: z
        .string({ error: "must be a StorageClass name" })
        .max(253, { error: "must be a StorageClass name (at most 253 characters)" })
        .regex(DNS_SUBDOMAIN_PATTERN, { error: "must be a StorageClass name (lowercase letters, digits, '-' and '.')" })
        .optional(),
    size: z
        .string({ error: 'must be a Kubernetes quantity string such as "200Gi"' })
        .regex(QUANTITY_PATTERN, { error: 'must be a Kubernetes quantity such as "200Gi"' })
        .optional(),
    accessMode: z.enum(MODEL_CACHE_ACCESS_MODES, { error: oneOf(MODEL_CACHE_ACCESS_MODES) }).optional(),
    retainOnDelete: z.boolean({ error: "must be true or false" }).optional(),
});
export type ModelCacheInput = z.output<typeof modelCacheInputSchema>;

/** What the cache is resolved from: the stack's model, names and token Secret (a subset of PDSpec). */
export interface ModelCacheContext {
    model: { uri: string; name: string; size: string };
    namespace: string;
    releasePostfix: string;
    /** The image the Job runs: the vLLM image, which carries the Hugging Face hub client vLLM loads models with. */
    vllmImage: string;
    hfTokenSecretName: string;
}

/** A model cache PDStack creates and fills: everything the claim, the Job and the model service's values need. */
export interface ModelCacheSpec {
    /** The hub repository the Job downloads (`RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic`). */
    repoId: string;
    /** The model's own URI (`hf://...`), which the pods would otherwise download. */
    modelUri: string;
    /** Requested size of the claim (default: the model's size). */
    size: string;
    accessMode: ModelCacheAccessMode;
    /** StorageClass of the claim; undefined: the cluster's default class. */
    storageClassName?: string;
    /** Whether `pulumi destroy` (or a change of claim) leaves the claim and its data in the cluster. */
    retainOnDelete: boolean;
    namespace: string;
    claimName: string;
    jobName: string;
    /** Directory of the model in the claim: the repository id. */
    path: string;
    /** What modelservice serves from: `pvc://<claim>/<path>`. */
    uri: string;
    image: string;
    hfTokenSecretName: string;
    backoffLimit: number;
    /** The Job's `activeDeadlineSeconds`: setup time plus the model's bytes at the slowest allowed rate. */
    deadlineSeconds: number;
}

/**
 * Ten hex digits keyed by everything that decides the claim's content and shape: the same model and
 * cache settings give the same claim and Job (no new download); a different model, size, class or
 * access mode gives a new claim that its own Job fills (the old claim is never reused half-filled).
 */
export function modelCacheKey(modelUri: string, size: string, accessMode: string, storageClassName: string | undefined): string {
    return createHash("sha256")
        .update(JSON.stringify([modelUri, size, accessMode, storageClassName ?? ""]))
        .digest("hex")
        .slice(0, 10);
}

/** Seconds the Job may take: setup time plus the model's size at the slowest allowed rate. */
export function downloadDeadlineSeconds(size: string): number {
    const bytes = parseQuantity(size) ?? 0;
    return DOWNLOAD_SETUP_SECONDS + Math.ceil(bytes / MIN_DOWNLOAD_BYTES_PER_SECOND);
}

/**
 * The cache a stack creates: undefined when it is off, or when the model is already on a claim
 * (`pvc://`: nothing to download, modelservice mounts that claim as it is).
 */
export function resolveModelCache(input: ModelCacheInput | undefined, ctx: ModelCacheContext): ModelCacheSpec | undefined {
    if (!input?.enabled || !ctx.model.uri.startsWith(HF_SCHEME)) {
        return undefined;
    }
    const repoId = ctx.model.uri.slice(HF_SCHEME.length);
    const size = input.size ?? ctx.model.size;
    const accessMode = input.accessMode ?? DEFAULT_MODEL_CACHE_ACCESS_MODE;
    const key = modelCacheKey(ctx.model.uri, size, accessMode, input.storageClassName);
    const claimName = `model-cache-${ctx.releasePostfix}-${key}`;
    return {
        repoId,
        modelUri: ctx.model.uri,
        size,
        accessMode,
        ...(input.storageClassName ? { storageClassName: input.storageClassName } : {}),
        retainOnDelete: input.retainOnDelete ?? false,
        namespace: ctx.namespace,
        claimName,
        jobName: `model-download-${ctx.releasePostfix}-${key}`,
        path: repoId,
        uri: `${PVC_SCHEME}${claimName}/${repoId}`,
        image: ctx.vllmImage,
        hfTokenSecretName: ctx.hfTokenSecretName,
        backoffLimit: DOWNLOAD_BACKOFF_LIMIT,
        deadlineSeconds: downloadDeadlineSeconds(ctx.model.size),
    };
}

/** A problem with the cache settings, at a path of the stack config / PDStackArgs. */
export interface ModelCacheProblem {
    path: (string | number)[];
    message: string;
}

/**
 * Why a ReadWriteMany cache needs a class: a cluster's default StorageClass is nearly always a block disk
 * (GKE `standard-rwo`, EBS `gp3`, Azure `managed-csi`), which offers ReadWriteOnce only; a ReadWriteMany
 * claim of it stays Pending and the download Job waits for it until its deadline. On a GkeCluster the
 * program creates, the program names the cluster's Filestore class itself (program/modelCache.ts).
 */
export const RWX_NEEDS_CLASS =
    "is required with accessMode ReadWriteMany (the default): a cluster's default StorageClass is nearly always a block disk " +
    "that offers only ReadWriteOnce, and the claim would stay Pending; name a class that offers ReadWriteMany (GKE Filestore " +
    `standard-rwx, or ${MODEL_CACHE_STORAGE_CLASS} on a GkeCluster; Azure Files; EFS; CephFS; an NFS provisioner), ` +
    "or set accessMode: ReadWriteOnce (the pods then share one node)";

/**
 * Cross-field problems of a cache the stack creates: a model the Job cannot download, a claim smaller
 * than the model, a ReadWriteMany claim of the cluster's default class.
 */
export function modelCacheProblems(cache: ModelCacheSpec | undefined, model: { uri: string; size: string }): ModelCacheProblem[] {
    if (!cache) {
        return [];
    }
    const problems: ModelCacheProblem[] = [];
    if (cache.accessMode === "ReadWriteMany" && cache.storageClassName === undefined) {
        problems.push({ path: ["modelCache", "storageClassName"], message: RWX_NEEDS_CLASS });
    }
    if (!HF_REPO_ID.test(cache.repoId)) {
        problems.push({
            path: ["model", "uri"],
            message: "does not name a Hugging Face repository (hf://<org>/<model>), which the model cache's download Job needs",
        });
    }
    const cacheBytes = parseQuantity(cache.size);
    const modelBytes = parseQuantity(model.size);
    if (cacheBytes !== undefined && modelBytes !== undefined && cacheBytes < modelBytes) {
        problems.push({
            path: ["modelCache", "size"],
            message:
                `is smaller than the model's size ${model.size} (model.size): the download would run out of space; ` +
                `give at least ${model.size}, or leave it unset to use the model's size`,
        });
    }
    return problems;
}
