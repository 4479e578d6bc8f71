/**
 * The pod templates of an install's rendered objects, in the one shape every check reads: the object
 * that owns the template, where in it the template sits, the labels its pods get and their pod spec.
 *
 * This is also the interface through which the policy pack's release checks (accelerators, NIXL
 * wiring, probes, cache mounts, name lengths) are meant to run on rendered Deployments under
 * `--render` (issue 19, item 4): {@link podTemplatesOf} yields every pod template with its owner's
 * kind, name and namespace, so a check written against a pod spec reads a chart's Deployment and a
 * PDStack-built one alike.
 */
import { isPlainObject } from "../../components/validation";
import type { RenderedObject } from "../objects";

type Obj = Record<string, any>;

export interface PodTemplate {
    /** The object whose pods these are (a Deployment, a Job, ...). */
    owner: RenderedObject;
    /** Where the template sits in the owner's manifest: `spec.template`, `spec.jobTemplate.spec.template`, or `` for a Pod. */
    path: string;
    namespace: string;
    /** The labels the pods carry (what selectors match). */
    labels: Record<string, string>;
    /** The pod spec (never absent: an empty object when the manifest has none). */
    spec: Obj;
}

/** Where each workload kind keeps its pod templates (a LeaderWorkerSet has two). */
const TEMPLATE_PATHS: Record<string, string[]> = {
    Deployment: ["spec.template"],
    StatefulSet: ["spec.template"],
    DaemonSet: ["spec.template"],
    ReplicaSet: ["spec.template"],
    ReplicationController: ["spec.template"],
    Job: ["spec.template"],
    CronJob: ["spec.jobTemplate.spec.template"],
    PodTemplate: ["template"],
    LeaderWorkerSet: ["spec.leaderWorkerTemplate.leaderTemplate", "spec.leaderWorkerTemplate.workerTemplate"],
};

function at(manifest: Obj, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((v, k) => (isPlainObject(v) ? v[k] : undefined), manifest);
}

function stringMap(v: unknown): Record<string, string> {
    return isPlainObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};
}

/** Every pod template of the objects (namespaced objects only: pods always are). */
export function podTemplatesOf(objects: readonly RenderedObject[]): PodTemplate[] {
    const out: PodTemplate[] = [];
    for (const o of objects) {
        if (o.namespace === null) {
            continue;
        }
        if (o.kind === "Pod" && o.apiVersion === "v1") {
            out.push({ owner: o, path: "", namespace: o.namespace, labels: stringMap(o.manifest.metadata?.labels), spec: isPlainObject(o.manifest.spec) ? o.manifest.spec : {} });
            continue;
        }
        for (const p of TEMPLATE_PATHS[o.kind] ?? []) {
            const template = at(o.manifest, p);
            if (!isPlainObject(template)) {
                continue;
            }
            out.push({
                owner: o,
                path: p,
                namespace: o.namespace,
                labels: stringMap(template.metadata?.labels),
                spec: isPlainObject(template.spec) ? template.spec : {},
            });
        }
    }
    return out;
}

/** The containers of a pod that run for its whole life: its containers and its native sidecars (init containers with `restartPolicy: Always`). */
export function servingContainers(spec: Obj): Obj[] {
    const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isPlainObject) : []);
    return [...list(spec.containers), ...nativeSidecars(spec)];
}

/** The native sidecars of a pod: init containers with `restartPolicy: Always` (Kubernetes 1.29 and later). */
export function nativeSidecars(spec: Obj): Obj[] {
    return (Array.isArray(spec.initContainers) ? spec.initContainers.filter(isPlainObject) : []).filter((c: Obj) => c.restartPolicy === "Always");
}

/** The TCP ports a container declares (`containerPort`). */
export function containerPorts(container: Obj): number[] {
    return (Array.isArray(container.ports) ? container.ports : [])
        .filter((p: Obj) => isPlainObject(p) && (p.protocol === undefined || p.protocol === "TCP"))
        .map((p: Obj) => Number(p.containerPort))
        .filter((n: number) => Number.isInteger(n));
}

/** Whether every key of `selector` is among `labels` with the same value (an empty selector selects nothing here). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
    const keys = Object.keys(selector);
    return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** How a message names a pod template: `Deployment llm-d-pd/ms-pd-decode` (with the template path for a LeaderWorkerSet). */
export function templateRef(t: PodTemplate): string {
    const base = `${t.owner.kind} ${t.namespace}/${t.owner.name}`;
    return TEMPLATE_PATHS[t.owner.kind]?.length === 1 || t.path === "" ? base : `${base} (${t.path})`;
}
