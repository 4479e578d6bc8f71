import type * as k8s from "@pulumi/kubernetes";
import { buildClaimJob, CACHE_MOUNT_PATH, DOWNLOAD_RESOURCES, TIMEOUT_ANNOTATION } from "./downloadJob";
import { AWAIT_MARGIN_SECONDS, DOWNLOAD_SETUP_SECONDS, ModelCacheSpec } from "./spec";

/** `app.kubernetes.io/component` of the Job that waits for the claim to bind. */
export const BIND_COMPONENT = "model-cache-bind";
/** Annotations that say, on the Job, which claim and class it waits for (`kubectl describe job`). */
export const BIND_CLAIM_ANNOTATION = "pdstack.io/model-cache-claim";
export const BIND_CLASS_ANNOTATION = "pdstack.io/model-cache-storage-class";
/**
 * How long the claim may take to bind and mount: the same setup time the download's deadline allows
 * (provisioning a Filestore instance takes several minutes, pulling the image more).
 */
export const BIND_DEADLINE_SECONDS = DOWNLOAD_SETUP_SECONDS;

/** What the bind Job's container checks once the claim is mounted: that the download can write to it. */
export const BIND_SCRIPT = `test -w ${CACHE_MOUNT_PATH} && echo "the model cache claim $CLAIM (StorageClass $STORAGE_CLASS) is bound and writable"`;

/**
 * The Job's name: the claim's, so that the provider's error (which names the Job and its Pending
 * pod's reason, such as "pod has unbound immediate PersistentVolumeClaims") names the claim too.
 */
export function bindJobName(cache: ModelCacheSpec): string {
    return `${cache.claimName}-bind`;
}

/**
 * The Job that mounts the claim before the download starts, with a deadline of its own: a claim that
 * never binds fails `pulumi up` after {@link BIND_DEADLINE_SECONDS}, naming the claim, instead of after
 * the download's deadline (about 1.5 hours for 100Gi). A ReadWriteMany claim of a class of block disks
 * never gets this far (`pulumi preview` refuses the class: ./storageClass); this Job covers every other
 * reason (a class whose provisioner is not known to refuse the access mode, a provisioner that fails or
 * does not run, no capacity, the cluster's default class, which preview does not read). Its pod is the claim's first consumer, so a
 * WaitForFirstConsumer class provisions the volume for it; the claim's own await is skipped (./claim).
 * The provider reports the Pending pod's reason with the Job's failure.
 */
export function buildModelCacheBindJob(cache: ModelCacheSpec): k8s.batch.v1.JobArgs {
    const storageClass = cache.storageClassName ?? "(the cluster's default)";
    return buildClaimJob(cache, {
        name: bindJobName(cache),
        component: BIND_COMPONENT,
        annotations: {
            [TIMEOUT_ANNOTATION]: String(BIND_DEADLINE_SECONDS + AWAIT_MARGIN_SECONDS),
            [BIND_CLAIM_ANNOTATION]: cache.claimName,
            [BIND_CLASS_ANNOTATION]: storageClass,
        },
        deadlineSeconds: BIND_DEADLINE_SECONDS,
        backoffLimit: 0,
        // The download's image (buildClaimJob): the node has it cached for the download Job.
        container: {
            name: "bind",
            command: ["/bin/sh", "-c", BIND_SCRIPT],
            env: [
                { name: "CLAIM", value: cache.claimName },
                { name: "STORAGE_CLASS", value: storageClass },
            ],
            resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: DOWNLOAD_RESOURCES.limits },
        },
    });
}
