import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { ModelCacheSpec } from "./spec";

/** `app.kubernetes.io/component` of the cache's claim and of its download Job (the plan and the policies find them by it). */
export const COMPONENT_LABEL = "app.kubernetes.io/component";
export const CLAIM_COMPONENT = "model-cache";
export const DOWNLOAD_COMPONENT = "model-download";

/**
 * The provider's annotation that skips its wait for the claim to be Bound. That wait is a fixed five
 * minutes, shorter than provisioning a Filestore instance, and never ends for a WaitForFirstConsumer
 * class the provider cannot look up (no storageClassName: the default class), since the first
 * consumer is the Job created after the claim. The Job's own wait covers binding and filling.
 */
export const SKIP_AWAIT_ANNOTATION = "pulumi.com/skipAwait";

/**
 * The claim the model is downloaded into, once; the pods mount it read-only. `storageClassName` is the
 * cache's class once checked against the cluster (components/pdstack/modelCacheClass.ts): an Output that
 * fails when the class cannot serve the claim, so that the claim is never registered then.
 */
export function buildModelCacheClaim(
    cache: ModelCacheSpec,
    storageClassName: pulumi.Input<string> | undefined = cache.storageClassName,
): k8s.core.v1.PersistentVolumeClaimArgs {
    return {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: {
            name: cache.claimName,
            namespace: cache.namespace,
            labels: { [COMPONENT_LABEL]: CLAIM_COMPONENT },
            annotations: { [SKIP_AWAIT_ANNOTATION]: "true" },
        },
        spec: {
            accessModes: [cache.accessMode],
            volumeMode: "Filesystem",
            resources: { requests: { storage: cache.size } },
            ...(storageClassName !== undefined ? { storageClassName } : {}),
        },
    };
}
