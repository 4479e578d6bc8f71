/**
 * The StorageClass a GkeCluster offers PDStack's model cache: Filestore (NFS) through GKE's Filestore
 * CSI driver, ReadWriteMany, so the download Job writes the model once and the vLLM pods of every GPU
 * node read it. GKE's built-in Filestore classes (`standard-rwx`, `premium-rwx`) create the instance
 * on the VPC named `default`; a GkeCluster has its own VPC, which this class names.
 *
 * Why not Hyperdisk ML (ReadOnlyMany, faster reads): a ReadOnlyMany volume cannot be written by the
 * download Job; it must be filled first (a GCS bucket and GKE's volume populator, or a snapshot of a
 * disk written once), a separate pipeline this class avoids.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** Name of the class; the program passes it as `modelCache.storageClassName` on a cluster it creates. */
export const MODEL_CACHE_STORAGE_CLASS = "pdstack-model-cache";
/** GKE's managed Filestore CSI driver (the cluster's `gcpFilestoreCsiDriverConfig` add-on). */
export const FILESTORE_CSI_PROVISIONER = "filestore.csi.storage.gke.io";
/**
 * `premium` is Basic SSD (the driver's alias, as GKE's `premium-rwx` class uses it): up to 1.2 GB/s of
 * reads shared by every pod that loads the model (Basic HDD gives about 100 MB/s, minutes per pod for
 * a 70B model). Its minimum instance is 2.5 TiB: the driver rounds a smaller claim up to it.
 */
export const FILESTORE_TIER = "premium";
/** The node label of a node's zone that the Filestore driver reads its topology from. */
export const GKE_ZONE_LABEL = "topology.gke.io/zone";

/**
 * The class. `network` is the name of the cluster's VPC (Filestore peers with it); the instance is
 * created when the claim is (Immediate), in the first of `gpuZones`, next to the vLLM pods that read it.
 */
export function buildModelCacheStorageClass(network: pulumi.Input<string>, gpuZones: string[]): k8s.storage.v1.StorageClassArgs {
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: MODEL_CACHE_STORAGE_CLASS },
        provisioner: FILESTORE_CSI_PROVISIONER,
        parameters: { tier: FILESTORE_TIER, network },
        reclaimPolicy: "Delete",
        volumeBindingMode: "Immediate",
        allowVolumeExpansion: true,
        allowedTopologies: [{ matchLabelExpressions: [{ key: GKE_ZONE_LABEL, values: gpuZones }] }],
    };
}
