/** The model cache's StorageClass, read from the cluster at preview and checked before the claim is registered. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterClaims } from "../cluster";
import { ModelCacheSpec, storageClassProblem } from "../modelcache";
import { InputError } from "../validation";

/**
 * The Pulumi name of the read of the cache's class. It carries the claim's name: when the class does not
 * exist, the engine fails the read with "resource '<class>' does not exist" under this name, so the
 * message names both the claim and the class.
 */
export function storageClassReadName(name: string, cache: ModelCacheSpec): string {
    return `${name}-storage-class-of-${cache.claimName}`;
}

/** The model cache claim's class once checked, and what the claim waits for. */
export interface CheckedStorageClass {
    /** The claim's `storageClassName`: the cache's class, resolved once it passed; undefined for the cluster's default. */
    storageClassName: pulumi.Input<string> | undefined;
    /**
     * The read of the class, once its provisioner passed: the claim depends on it. A refusal rejects it,
     * and the claim's registration fails with the {@link InputError} as it is, before the claim's inputs are
     * serialized (a failing input would reach the user prefixed with `error serializing property "spec"`).
     */
    dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * The model cache's class, checked: a class this program creates on the cluster (`claims`) against the
 * provisioner it is created with; any other class read from the cluster (`StorageClass.get`, a child of
 * `parent`, through its provider). A ReadWriteMany cache on a class of block disks
 * (../modelcache/storageClass.ts) throws an {@link InputError}: at once for a created class, or from the
 * read's Output, so that the claim, which depends on it, is never registered and `pulumi preview` fails
 * with the one line.
 *
 * When the cluster's provider is not known at preview (a cluster the same program creates), the engine
 * skips the read: the class is unknown in preview, and the check runs at `pulumi up`.
 */
export function checkedStorageClass(owner: string, name: string, cache: ModelCacheSpec, claims: ClusterClaims, parent: pulumi.Resource): CheckedStorageClass {
    const className = cache.storageClassName;
    if (className === undefined) {
        return { storageClassName: undefined, dependsOn: [] };
    }
    const check = (provisioner: string): void => {
        const problem = storageClassProblem(owner, cache, provisioner);
        if (problem !== undefined) {
            throw new InputError(problem);
        }
    };
    const created = claims.storageClassProvisioner(className);
    if (created !== undefined) {
        check(created);
        return { storageClassName: className, dependsOn: [] };
    }
    const read = k8s.storage.v1.StorageClass.get(storageClassReadName(name, cache), className, { parent });
    const passed = read.provisioner.apply((provisioner) => {
        check(provisioner);
        return className;
    });
    return { storageClassName: passed, dependsOn: [passed.apply(() => read as pulumi.Resource)] };
}
