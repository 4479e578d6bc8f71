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
    const labels = { [COMPONENT_LABEL]: DOWNLOAD_COMPONENT };
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
            name: cache.jobName,
            namespace: cache.namespace,
            labels,
            annotations: { [TIMEOUT_ANNOTATION]: String(cache.deadlineSeconds + AWAIT_MARGIN_SECONDS) },
        },
        spec: {
            backoffLimit: cache.backoffLimit,
            activeDeadlineSeconds: cache.deadlineSeconds,
            completions: 1,
            parallelism: 1,
            template: {
                metadata: { labels },
                spec: {
                    restartPolicy: "Never",
                    securityContext: { runAsUser: 0, runAsGroup: 0 },
                    containers: [
                        {
                            name: "download",
                            image: cache.image,
                            command: ["/bin/sh", "-c", DOWNLOAD_SCRIPT],
                            env: [
                                { name: "MODEL_REPO", value: cache.repoId },
                                { name: "MODEL_DIR", value: `${CACHE_MOUNT_PATH}/${cache.path}` },
                                { name: HF_TOKEN_KEY, valueFrom: { secretKeyRef: { name: cache.hfTokenSecretName, key: HF_TOKEN_KEY } } },
                            ],
                            resources: DOWNLOAD_RESOURCES,
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
