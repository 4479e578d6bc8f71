/**
 * Objects the install uses but the user brings: the Hugging Face token Secret a stack names with
 * `existingHfTokenSecret`, and the claim of a `pvc://` model URI. Read from what the PDStack component
 * records (its spec summary): a pod's reference to one of them, absent from the install, is a note.
 */
import { claimOfModelUri } from "../../components/modelcache";
import { PDSTACK_TYPE } from "../../components/tokens";
import type { PlannedResource } from "../../plan/recorder";

/** `Kind namespace/name` → what the user's object is. */
export type UserObjects = Map<string, string>;

export function userObjectKey(kind: string, namespace: string, name: string): string {
    return `${kind} ${namespace}/${name}`;
}

export function userObjectsOf(resources: readonly PlannedResource[]): UserObjects {
    const owned: UserObjects = new Map();
    for (const r of resources.filter((x) => x.type === PDSTACK_TYPE)) {
        const i = r.inputs as Record<string, any>;
        const namespace = typeof i.namespace === "string" ? i.namespace : undefined;
        if (!namespace) {
            continue;
        }
        if (typeof i.hfTokenSecretName === "string") {
            owned.set(userObjectKey("Secret", namespace, i.hfTokenSecretName), "the Hugging Face token Secret the stack names (existingHfTokenSecret)");
        }
        const claim = typeof i.model?.uri === "string" ? claimOfModelUri(i.model.uri) : undefined;
        if (claim) {
            owned.set(userObjectKey("PersistentVolumeClaim", namespace, claim), `the claim of model.uri ${i.model.uri}`);
        }
    }
    return owned;
}
