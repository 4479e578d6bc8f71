/**
 * Every PersistentVolumeClaim, ServiceAccount, Secret and ConfigMap a pod template uses exists in the
 * install in the pod's namespace, or is one the user brings (then a note). References marked
 * `optional: true` and the `default` ServiceAccount (every namespace has one) are not checked.
 */
import { isPlainObject } from "../../components/validation";
import { objectRef } from "../scope";
import type { Finding } from "./finding";
import { Inventory } from "./inventory";
import { PodTemplate, templateRef } from "./podTemplates";
import { userObjectKey, UserObjects } from "./userObjects";

type Obj = Record<string, any>;
type RefKind = "PersistentVolumeClaim" | "ServiceAccount" | "Secret" | "ConfigMap";

interface Reference {
    kind: RefKind;
    name: string;
    /** How the pod uses it: `volume model-storage`, `env HF_TOKEN of container vllm`. */
    how: string;
}

/** What breaks on a cluster when a pod's reference of this kind is missing. */
const BREAKS: Record<RefKind, string> = {
    PersistentVolumeClaim: "its pods stay Pending",
    ServiceAccount: "its pods are never created (the controller cannot find the service account)",
    Secret: "its pods never start (CreateContainerConfigError, or FailedMount for a volume)",
    ConfigMap: "its pods never start (CreateContainerConfigError, or FailedMount for a volume)",
};

function list(v: unknown): Obj[] {
    return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

/** Every non-optional reference of a pod spec. */
export function referencesOf(spec: Obj): Reference[] {
    const refs: Reference[] = [];
    const sa = spec.serviceAccountName ?? spec.serviceAccount;
    if (typeof sa === "string" && sa !== "" && sa !== "default") {
        refs.push({ kind: "ServiceAccount", name: sa, how: "serviceAccountName" });
    }
    for (const s of list(spec.imagePullSecrets)) {
        refs.push({ kind: "Secret", name: String(s.name), how: "imagePullSecrets" });
    }
    for (const v of list(spec.volumes)) {
        const how = `volume ${v.name}`;
        if (isPlainObject(v.persistentVolumeClaim)) {
            refs.push({ kind: "PersistentVolumeClaim", name: String(v.persistentVolumeClaim.claimName), how });
        }
        if (isPlainObject(v.secret) && v.secret.optional !== true) {
            refs.push({ kind: "Secret", name: String(v.secret.secretName), how });
        }
        if (isPlainObject(v.configMap) && v.configMap.optional !== true) {
            refs.push({ kind: "ConfigMap", name: String(v.configMap.name), how });
        }
        for (const source of list(v.projected?.sources)) {
            if (isPlainObject(source.secret) && source.secret.optional !== true) {
                refs.push({ kind: "Secret", name: String(source.secret.name), how });
            }
            if (isPlainObject(source.configMap) && source.configMap.optional !== true) {
                refs.push({ kind: "ConfigMap", name: String(source.configMap.name), how });
            }
        }
    }
    for (const c of [...list(spec.initContainers), ...list(spec.containers)]) {
        for (const e of list(c.env)) {
            const how = `env ${e.name} of container ${c.name}`;
            const secret = e.valueFrom?.secretKeyRef;
            if (isPlainObject(secret) && secret.optional !== true) {
                refs.push({ kind: "Secret", name: String(secret.name), how });
            }
            const configMap = e.valueFrom?.configMapKeyRef;
            if (isPlainObject(configMap) && configMap.optional !== true) {
                refs.push({ kind: "ConfigMap", name: String(configMap.name), how });
            }
        }
        for (const e of list(c.envFrom)) {
            const how = `envFrom of container ${c.name}`;
            if (isPlainObject(e.secretRef) && e.secretRef.optional !== true) {
                refs.push({ kind: "Secret", name: String(e.secretRef.name), how });
            }
            if (isPlainObject(e.configMapRef) && e.configMapRef.optional !== true) {
                refs.push({ kind: "ConfigMap", name: String(e.configMapRef.name), how });
            }
        }
    }
    return refs;
}

/** Findings for references to objects the install lacks, and notes for those the user brings. */
export function referenceFindings(inventory: Inventory, templates: PodTemplate[], userObjects: UserObjects): { findings: Finding[]; notes: string[] } {
    const findings: Finding[] = [];
    const notes = new Map<string, string[]>();
    for (const t of templates) {
        const seen = new Set<string>();
        for (const ref of referencesOf(t.spec)) {
            const key = userObjectKey(ref.kind, t.namespace, ref.name);
            if (seen.has(key) || inventory.find("", ref.kind, t.namespace, ref.name)) {
                continue;
            }
            seen.add(key);
            const user = userObjects.get(key);
            if (user) {
                notes.set(key, [...(notes.get(key) ?? []), templateRef(t)]);
                continue;
            }
            findings.push({
                check: "wiring",
                object: objectRef(t.owner),
                message: `${templateRef(t)} uses ${key} (${ref.how}), which is not in the install: ${BREAKS[ref.kind]}`,
            });
        }
    }
    return {
        findings,
        notes: [...notes].map(
            ([key, users]) => `${key}, which ${users.join(", ")} ${users.length === 1 ? "uses" : "use"}, is not part of the install: it is ${userObjects.get(key)}; pulumi up expects it to exist`,
        ),
    };
}
