/**
 * The deploy's critical path to the vLLM pods: the longest chain of resources that `pulumi up`
 * creates one after another (each waits for its dependencies and its provider) before a model server
 * (the llm-d-modelservice release, or on llm-d 0.9 a prefill or decode Deployment), whose pods then
 * start and load the model. Read from the planned resources' dependencies, so it shows what the
 * program wires, not what it intends.
 */
import { BIND_COMPONENT, COMPONENT_LABEL, DOWNLOAD_COMPONENT, SKIP_AWAIT_ANNOTATION, TIMEOUT_ANNOTATION } from "../components/modelcache";
import { isModelServerResource } from "../components/policies/modelServerInstalls";
import { isModelServer } from "./modelDownloads";
import { PlannedResource } from "./recorder";

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** One resource of the chain and what `pulumi up` waits for before the next may start. */
export interface WaitStep {
    resource: string;
    type: string;
    waitsFor: string;
}

/** What `pulumi up` waits for once it has sent this resource. */
export function waitOf(r: PlannedResource): string {
    const i = r.inputs as Record<string, any>;
    const annotations = i.metadata?.annotations ?? {};
    if (r.type === HELM_RELEASE) {
        const what = isModelServerResource(r.type, i) ? "the vLLM pods start here; Helm waits for them to be Ready" : "Helm waits for its pods to be Ready";
        return `${what} (up to ${i.timeout}s)`;
    }
    if (annotations[SKIP_AWAIT_ANNOTATION] === "true") {
        return "created, not awaited";
    }
    if (r.type === "kubernetes:batch/v1:Job") {
        const component = i.metadata?.labels?.[COMPONENT_LABEL];
        const what =
            component === DOWNLOAD_COMPONENT ? "the model downloaded into the cache" : component === BIND_COMPONENT ? "the model cache's claim bound and mounted" : "the Job complete";
        return annotations[TIMEOUT_ANNOTATION] ? `${what} (up to ${annotations[TIMEOUT_ANNOTATION]}s)` : what;
    }
    if (isModelServer(r)) {
        return "the vLLM pods start here; the provider waits for the rollout";
    }
    if (r.type === "kubernetes:apps/v1:DaemonSet") {
        return "its pods Ready on every node";
    }
    if (r.type.startsWith("pulumi:providers:")) {
        return "the provider configured";
    }
    return "created";
}

/** The resources a resource waits for: its dependencies (a component stands for its resources) and its provider. */
function waitsOn(r: PlannedResource, byUrn: Map<string, PlannedResource>, children: Map<string, PlannedResource[]>): PlannedResource[] {
    const expand = (d: PlannedResource): PlannedResource[] =>
        d.custom || d.type.startsWith("pulumi:providers:") ? [d] : (children.get(d.urn) ?? []).flatMap(expand);
    const deps = r.dependencyUrns.map((u) => byUrn.get(u)).filter((d): d is PlannedResource => d !== undefined);
    const provider = r.providerUrn ? byUrn.get(r.providerUrn) : undefined;
    return [...deps.flatMap(expand), ...(provider ? [provider] : [])];
}

/**
 * The longest chain of waits that ends at a model server (the first in plan order on a tie), from
 * the first resource created to the model server; empty when the plan has none.
 */
export function criticalPath(resources: PlannedResource[]): WaitStep[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, PlannedResource[]>();
    for (const r of resources) {
        if (r.parentUrn) {
            children.set(r.parentUrn, [...(children.get(r.parentUrn) ?? []), r]);
        }
    }
    const longest = new Map<PlannedResource, PlannedResource[]>();
    const chain = (r: PlannedResource, visiting: Set<PlannedResource>): PlannedResource[] => {
        const known = longest.get(r);
        if (known) {
            return known;
        }
        visiting.add(r);
        let best: PlannedResource[] = [];
        for (const d of waitsOn(r, byUrn, children)) {
            if (visiting.has(d)) {
                continue; // a cycle cannot come from Pulumi; do not loop on one
            }
            const c = chain(d, visiting);
            if (c.length > best.length) {
                best = c;
            }
        }
        visiting.delete(r);
        const result = [...best, r];
        longest.set(r, result);
        return result;
    };
    let path: PlannedResource[] = [];
    for (const server of resources.filter(isModelServer)) {
        const c = chain(server, new Set());
        if (c.length > path.length) {
            path = c;
        }
    }
    return path.map((r) => ({ resource: r.name, type: r.type, waitsFor: waitOf(r) }));
}

/** The plan's lines for the critical path. */
export function criticalPathLines(steps: WaitStep[]): string[] {
    if (steps.length === 0) {
        return [];
    }
    return [
        "Critical path to the vLLM pods (each step waits for the one before):",
        ...steps.map((s, i) => `  ${i + 1}. ${s.type}  ${s.resource}: ${s.waitsFor}`),
    ];
}
