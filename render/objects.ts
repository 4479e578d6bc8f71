/**
 * The Kubernetes objects of an install: each Helm release's, parsed from `helm template`, and the ones
 * PDStack creates itself (the plan's recorded Kubernetes resources), in plan order.
 */
import * as YAML from "yaml";
import { HELM_RELEASE, isKubernetesType } from "../components/policies/kubernetesResources";
import { isPlainObject } from "../components/validation";
import { SECRET_PLACEHOLDER, type PlannedResource } from "../plan/recorder";
import { RenderError } from "./errors";
import type { RenderedObjectLike } from "../components/policies/renderedObjects";
import type { HelmRelease } from "./releases";
import { namespaceOf } from "./scope";

/**
 * One object `pulumi up` would create, as the plan prints it (`objects` of `--render --json`): the shape
 * the policy pack reads (components/policies/renderedObjects.ts declares it, since the published
 * package cannot import render/). `source` is {@link PDSTACK_SOURCE} for one PDStack creates itself.
 */
export type RenderedObject = RenderedObjectLike;

export const PDSTACK_SOURCE = "pdstack";

/** The source of a release's objects. */
export function helmSource(release: string): string {
    return `helm:${release}`;
}

/** Pulumi resource types whose objects are read at `pulumi up` (a URL, a folder), not known to the plan. */
function isUnrenderedGroup(type: string): boolean {
    return /^kubernetes:(yaml|kustomize)\//.test(type) || type.startsWith("kubernetes:helm.sh/v4:");
}

/** The manifests of a YAML stream (`helm template`'s output); null documents (a template that rendered nothing) are skipped. */
export function parseManifests(text: string, where: string): Record<string, any>[] {
    const out: Record<string, any>[] = [];
    for (const doc of YAML.parseAllDocuments(text)) {
        if (doc.errors.length > 0) {
            throw new RenderError(`${where} printed YAML that does not parse: ${doc.errors[0].message.split("\n")[0]}`);
        }
        const value = doc.toJS();
        if (value === null || value === undefined) {
            continue;
        }
        if (!isPlainObject(value) || typeof value.apiVersion !== "string" || typeof value.kind !== "string" || typeof value.metadata?.name !== "string") {
            throw new RenderError(`${where} printed a document that is not a Kubernetes object (apiVersion, kind and metadata.name): ${JSON.stringify(value).slice(0, 120)}`);
        }
        // A `kind: List` is applied item by item.
        out.push(...(value.kind === "List" && Array.isArray(value.items) ? value.items : [value]));
    }
    return out;
}

/** A release's rendered manifests as objects in its namespace. */
export function objectsOfRelease(r: HelmRelease, manifests: Record<string, any>[], clusterScoped: Set<string>): RenderedObject[] {
    return manifests.map((m) => ({
        source: helmSource(r.release),
        apiVersion: m.apiVersion,
        kind: m.kind,
        namespace: namespaceOf(m, r.namespace, clusterScoped),
        name: m.metadata.name,
        manifest: m,
    }));
}

/** Whether a planned resource is a Kubernetes object PDStack creates itself (not a release, provider or file group). */
export function isPlannedObject(r: PlannedResource): boolean {
    return r.custom && isKubernetesType(r.type) && r.type !== HELM_RELEASE && !r.type.startsWith("kubernetes:helm.sh/") && !isUnrenderedGroup(r.type);
}

/** `value` with every leaf replaced by the secret placeholder: its shape (keys, lists) stays, its content does not. */
function maskLeaves(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(maskLeaves);
    }
    if (isPlainObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskLeaves(v)]));
    }
    return SECRET_PLACEHOLDER;
}

/**
 * A planned object's manifest: its inputs as the plan prints them, except that a top-level input that
 * is a secret as a whole (a Secret's `stringData`) keeps its keys, each value masked, so that the
 * object keeps the shape the API checks (`stringData` is a map, not a string).
 */
export function plannedManifest(r: PlannedResource): Record<string, any> {
    const manifest: Record<string, any> = { ...r.inputs };
    for (const key of r.secretInputs) {
        manifest[key] = maskLeaves(r.rawInputs[key]);
    }
    return manifest;
}

/** The namespace a planned object without one lands in: its provider's `namespace`, else `default`. */
function defaultNamespace(r: PlannedResource, byUrn: Map<string, PlannedResource>): string {
    const ns = r.providerUrn ? byUrn.get(r.providerUrn)?.inputs.namespace : undefined;
    return typeof ns === "string" && ns !== "" ? ns : "default";
}

/**
 * The plan's resources as objects: each Helm release replaced by its rendered objects (`rendered`,
 * by Pulumi resource name), each PDStack object as registered; notes for what cannot be rendered.
 */
export function installObjects(
    resources: readonly PlannedResource[],
    rendered: Map<string, { release: HelmRelease; manifests: Record<string, any>[] }>,
    clusterScoped: Set<string>,
): { objects: RenderedObject[]; notes: string[] } {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const objects: RenderedObject[] = [];
    const notes: string[] = [];
    for (const r of resources) {
        const release = rendered.get(r.name);
        if (r.type === HELM_RELEASE && release) {
            objects.push(...objectsOfRelease(release.release, release.manifests, clusterScoped));
        } else if (r.custom && isUnrenderedGroup(r.type)) {
            const from = r.inputs.file ?? r.inputs.files ?? r.inputs.directory ?? r.inputs.chart ?? "";
            notes.push(`${r.type} ${r.name} is not rendered: its objects are read from ${JSON.stringify(from).slice(0, 200)} at pulumi up`);
        } else if (isPlannedObject(r)) {
            const m = plannedManifest(r);
            const name = typeof m.metadata?.name === "string" ? m.metadata.name : undefined;
            if (!name) {
                notes.push(`${r.type} ${r.name} has no metadata.name: Pulumi names it ${r.name}-<random suffix>, listed as ${r.name}`);
            }
            objects.push({
                source: PDSTACK_SOURCE,
                apiVersion: String(m.apiVersion ?? ""),
                kind: String(m.kind ?? r.type.slice(r.type.lastIndexOf(":") + 1)),
                namespace: namespaceOf(m, defaultNamespace(r, byUrn), clusterScoped),
                name: name ?? r.name,
                manifest: m,
            });
        }
    }
    return { objects, notes };
}
