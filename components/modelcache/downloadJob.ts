import type * as k8s from "@pulumi/kubernetes";
import { HF_TOKEN_KEY } from "../pdstack/names";
import { COMPONENT_LABEL, DOWNLOAD_COMPONENT } from "./claim";
import { AWAIT_MARGIN_SECONDS, ModelCacheSpec } from "./spec";

/** Where the download container mounts the claim. */
export const CACHE_MOUNT_PATH = "/model-cache";
/** File the Job writes once the model is complete; a Job that finds it exits without contacting the hub. */
export const COMPLETE_MARKER = ".pdstack-download-complete";
/** The provider's annotation that bounds its wait for the Job (otherwise ten minutes). */
export const TIMEOUT_ANNOTATION = "pulumi.com/timeoutSeconds";

/**
 * The download, as a POSIX shell script. `hf` is the hub CLI from huggingface_hub 0.34 on,
 * `huggingface-cli` the one before (removed in 1.0); both resume partial files, so a retried pod
 * continues where the last one stopped. Files are written world-readable for vLLM's non-root user.
 */
export const DOWNLOAD_SCRIPT = [
    "set -eu",
    "umask 022",
    `if [ -f "$MODEL_DIR/${COMPLETE_MARKER}" ]; then echo "$MODEL_REPO is already in the cache at $MODEL_DIR"; exit 0; fi`,
    'mkdir -p "$MODEL_DIR"',
    'if command -v hf >/dev/null 2>&1; then hf download "$MODEL_REPO" --local-dir "$MODEL_DIR"; ' +
        'else huggingface-cli download "$MODEL_REPO" --local-dir "$MODEL_DIR"; fi',
    `echo "$MODEL_REPO" > "$MODEL_DIR/${COMPLETE_MARKER}"`,
    'echo "downloaded $MODEL_REPO to $MODEL_DIR"',
].join("\n");

/** What the download container may use: it moves bytes, it does not compute. */
export const DOWNLOAD_RESOURCES = {
    requests: { cpu: "1", memory: "2Gi" },
    limits: { cpu: "4", memory: "8Gi" },
};

/** What differs between the Jobs that run once on the model cache claim (the download, the bind check). */
export interface ClaimJob {
    name: string;
    component: string;
    annotations: Record<string, string>;
    deadlineSeconds: number;
    backoffLimit: number;
    container: { name: string; command: string[]; env: k8s.types.input.core.v1.EnvVar[]; resources: k8s.types.input.core.v1.ResourceRequirements };
}

/**
 * A Job that runs one container once with the model cache claim mounted at {@link CACHE_MOUNT_PATH}, in
 * the download's image, as root (a fresh NFS share is owned by root) with no other privilege.
 */
export function buildClaimJob(cache: ModelCacheSpec, job: ClaimJob): k8s.batch.v1.JobArgs {
    const labels = { [COMPONENT_LABEL]: job.component };
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: job.name, namespace: cache.namespace, labels, annotations: job.annotations },
        spec: {
            backoffLimit: job.backoffLimit,
            activeDeadlineSeconds: job.deadlineSeconds,
            completions: 1,
            parallelism: 1,
            template: {
                metadata: { labels },
                spec: {
                    restartPolicy: "Never",
                    securityContext: { runAsUser: 0, runAsGroup: 0 },
                    containers: [
                        {
                            name: job.container.name,
                            image: cache.image,
                            command: job.container.command,
                            env: job.container.env,
                            resources: job.container.resources,
                            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                            volumeMounts: [{ name: "model-cache", mountPath: CACHE_MOUNT_PATH }],
                        },
                    ],
                    volumes: [{ name: "model-cache", persistentVolumeClaim: { claimName: cache.claimName } }],
                },
            },
        },
    };
}

/**
 * The Job that fills the claim from the hub, once. Its name is keyed by the model and the cache
 * settings, so the same model never downloads again and a new one gets its own Job and claim.
 * `pulumi up` waits for it to complete (the provider awaits Jobs), bounded by its deadline.
 *
 * It runs the vLLM image, which carries the hub client vLLM itself loads models with: no other
 * image to trust, pin and mirror. It runs as root because a fresh NFS share (Filestore) is owned
 * by root and fsGroup does not apply to NFS; it drops every capability.
 */
export function buildModelDownloadJob(cache: ModelCacheSpec): k8s.batch.v1.JobArgs {
    return buildClaimJob(cache, {
        name: cache.jobName,
        component: DOWNLOAD_COMPONENT,
        annotations: { [TIMEOUT_ANNOTATION]: String(cache.deadlineSeconds + AWAIT_MARGIN_SECONDS) },
        deadlineSeconds: cache.deadlineSeconds,
        backoffLimit: cache.backoffLimit,
        container: {
            name: "download",
            command: ["/bin/sh", "-c", DOWNLOAD_SCRIPT],
            env: [
                { name: "MODEL_REPO", value: cache.repoId },
                { name: "MODEL_DIR", value: `${CACHE_MOUNT_PATH}/${cache.path}` },
                { name: HF_TOKEN_KEY, valueFrom: { secretKeyRef: { name: cache.hfTokenSecretName, key: HF_TOKEN_KEY } } },
            ],
            resources: DOWNLOAD_RESOURCES,
        },
    });
}
