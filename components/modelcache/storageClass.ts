/**
 * The model cache's StorageClass, checked against the cluster before the claim exists: a ReadWriteMany
 * claim of a class whose provisioner makes only block disks never binds (the disk mounts read-write
 * on one node), and without this check `pulumi up` learns it only when the bind Job's deadline passes.
 * Here: which provisioners those are, and the message. PDStack reads the class (components/pdstack).
 */
import { FILESTORE_CSI_PROVISIONER } from "../gke/modelCacheStorageClass";
import { printable } from "../validation";
import { ModelCacheSpec } from "./spec";

/**
 * Provisioners whose volumes are block disks that a ReadWriteMany claim of volumeMode Filesystem (the
 * cache's) cannot get: each attaches read-write to one node at a time (some offer a multi-attach
 * ReadWriteMany, for raw block volumes only). Only drivers whose own documentation says so; a class of
 * any other provisioner is left to the bind Job (./bindJob).
 *
 * The CSI drivers' "Supported Access Modes" column of https://kubernetes-csi.github.io/docs/drivers.html
 * lists each of the four CSI drivers below as "Read/Write Single Pod". The `kubernetes.io/` names are the
 * in-tree plugins, whose every operation Kubernetes hands to that CSI driver (CSI migration, GA in
 * Kubernetes 1.24 for Azure Disk and 1.25 for the others; https://kubernetes.io/docs/concepts/storage/volumes/).
 */
export const BLOCK_ONLY_PROVISIONERS: Readonly<Record<string, string>> = {
    // https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver (GKE's default class standard-rwo)
    "pd.csi.storage.gke.io": "Compute Engine Persistent Disk",
    // https://kubernetes.io/docs/concepts/storage/volumes/#gcepersistentdisk (redirected to pd.csi.storage.gke.io)
    "kubernetes.io/gce-pd": "Compute Engine Persistent Disk",
    // https://github.com/kubernetes-sigs/aws-ebs-csi-driver
    "ebs.csi.aws.com": "Amazon EBS",
    // https://kubernetes.io/docs/concepts/storage/volumes/#awselasticblockstore (redirected to ebs.csi.aws.com)
    "kubernetes.io/aws-ebs": "Amazon EBS",
    // https://github.com/kubernetes-sigs/azuredisk-csi-driver (AKS's default class managed-csi)
    "disk.csi.azure.com": "Azure Disk",
    // https://kubernetes.io/docs/concepts/storage/volumes/#azuredisk (redirected to disk.csi.azure.com)
    "kubernetes.io/azure-disk": "Azure Disk",
    // https://github.com/digitalocean/csi-digitalocean (DOKS's do-block-storage class)
    "dobs.csi.digitalocean.com": "DigitalOcean Block Storage",
};

/** The model cache's class as a user names it: the stack config key and the component's argument. */
export const STORAGE_CLASS_KEY = "llm-d-pd:modelCache.storageClassName (PDStackArgs.modelCache.storageClassName)";

/**
 * Why `cache`'s claim would never bind on a class of `provisioner`, as one line naming the key, the
 * claim, the class, its provisioner and the fix; undefined when the class may serve it. `owner` names
 * the component (`PDStack "llm-d-pd"`). Pure.
 */
export function storageClassProblem(owner: string, cache: ModelCacheSpec, provisioner: string): string | undefined {
    const disk = BLOCK_ONLY_PROVISIONERS[provisioner];
    if (cache.accessMode !== "ReadWriteMany" || disk === undefined || cache.storageClassName === undefined) {
        return undefined;
    }
    return (
        `${owner}: ${STORAGE_CLASS_KEY}: the model cache claim "${printable(cache.claimName)}" asks for ReadWriteMany, but StorageClass ` +
        `"${printable(cache.storageClassName)}" has provisioner ${printable(provisioner)} (${disk}), whose block disks mount read-write on ` +
        `one node at a time, so the claim would stay Pending; name a class whose provisioner serves ReadWriteMany (on GKE, Filestore: ` +
        `${FILESTORE_CSI_PROVISIONER}, as the class standard-rwx), or set modelCache.accessMode: ReadWriteOnce (the vLLM pods then share one node)`
    );
}
