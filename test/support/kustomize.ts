/**
 * A small Kustomize renderer for the upstream llm-d 0.10 guide manifests in test/fixtures/llmd09:
 * what `kubectl apply -k` renders, for the features those kustomizations use (resources, components,
 * strategic-merge and JSON 6902 patches, namePrefix with ServiceAccount and ResourceClaimTemplate
 * references, labels, images), in Kustomize's order: resources, then components, then the
 * kustomization's own patches, name prefix, labels and images. Anything else it meets fails loudly.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments, parse } from "yaml";

type Obj = Record<string, any>;

export const LLMD09_FIXTURES = path.join(__dirname, "..", "fixtures", "llmd09");
/** The llm-d guides' root in the fixtures. */
export const GUIDES = path.join(LLMD09_FIXTURES, "llm-d", "guides");

/** List fields whose items strategic merge pairs by a key (the Kubernetes patchMergeKey); other lists are replaced. */
const MERGE_KEYS: Record<string, string> = {
    containers: "name",
    initContainers: "name",
    env: "name",
    volumes: "name",
    volumeMounts: "mountPath",
    ports: "containerPort",
    resourceClaims: "name",
    claims: "name",
};

const KNOWN_KEYS = new Set(["apiVersion", "kind", "resources", "components", "patches", "namePrefix", "labels", "images", "configurations"]);

function isObj(v: unknown): v is Obj {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v));
}

/** Strategic merge of `patch` into `dest` (kyaml's order: dest's list items first, new ones appended). */
export function strategicMerge(dest: unknown, patch: unknown, field = ""): unknown {
    if (isObj(dest) && isObj(patch)) {
        const out: Obj = { ...dest };
        for (const [k, v] of Object.entries(patch)) {
            out[k] = k in dest ? strategicMerge(dest[k], v, k) : clone(v);
        }
        return out;
    }
    if (Array.isArray(dest) && Array.isArray(patch) && MERGE_KEYS[field]) {
        const key = MERGE_KEYS[field];
        const out = dest.map((d) => {
            const p = patch.find((x) => isObj(x) && isObj(d) && x[key] === d[key]);
            return p === undefined ? d : strategicMerge(d, p, "");
        });
        for (const p of patch) {
            if (!dest.some((d) => isObj(d) && isObj(p) && d[key] === p[key])) {
                out.push(clone(p));
            }
        }
        return out;
    }
    return clone(patch);
}

function pointer(p: string): string[] {
    return p
        .split("/")
        .slice(1)
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** One JSON 6902 operation (add, replace, remove) on `doc`, in place. */
export function applyJson6902(doc: Obj, op: { op: string; path: string; value?: unknown }): void {
    const parts = pointer(op.path);
    const last = parts.pop()!;
    let parent: any = doc;
    for (const p of parts) {
        parent = Array.isArray(parent) ? parent[Number(p)] : parent?.[p];
        if (parent === undefined) {
            throw new Error(`JSON patch ${op.op} ${op.path}: ${p} does not exist`);
        }
    }
    if (Array.isArray(parent)) {
        const i = last === "-" ? parent.length : Number(last);
        if (op.op === "add") parent.splice(i, 0, clone(op.value));
        else if (op.op === "replace") parent[i] = clone(op.value);
        else if (op.op === "remove") parent.splice(i, 1);
        else throw new Error(`unsupported JSON patch op ${op.op}`);
        return;
    }
    if (op.op === "add" || op.op === "replace") {
        if (op.op === "replace" && !(last in parent)) throw new Error(`JSON patch replace ${op.path}: no such key`);
        parent[last] = clone(op.value);
    } else if (op.op === "remove") {
        if (!(last in parent)) throw new Error(`JSON patch remove ${op.path}: no such key`);
        delete parent[last];
    } else {
        throw new Error(`unsupported JSON patch op ${op.op}`);
    }
}

/** Where a resource's name before any prefix is kept while rendering: patch targets match it, as Kustomize's do. */
const ORIGINAL_NAME = "__originalName";

function readDocs(file: string, keepOriginalName = false): Obj[] {
    const docs = parseAllDocuments(fs.readFileSync(file, "utf8"))
        .map((d) => d.toJS())
        .filter(isObj);
    return keepOriginalName ? docs.map((d) => ({ ...d, [ORIGINAL_NAME]: d.metadata?.name })) : docs;
}

function kustomizationOf(dir: string): Obj {
    const k = parse(fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8")) as Obj;
    for (const key of Object.keys(k)) {
        if (!KNOWN_KEYS.has(key)) {
            throw new Error(`${dir}: kustomization key ${key} is not supported by this renderer`);
        }
    }
    return k;
}

function matches(r: Obj, target: Obj | undefined, patchDoc: Obj | undefined): boolean {
    const kind = target?.kind ?? patchDoc?.kind;
    const name = target?.name ?? (target ? undefined : patchDoc?.metadata?.name);
    return (kind === undefined || r.kind === kind) && (name === undefined || r.metadata?.name === name || r[ORIGINAL_NAME] === name);
}

function applyPatches(resources: Obj[], dir: string, patches: Obj[] | undefined): Obj[] {
    let out = resources;
    for (const p of patches ?? []) {
        const text: string = p.path ? fs.readFileSync(path.join(dir, p.path), "utf8") : p.patch;
        const parsed = parse(text);
        out = out.map((r) => {
            if (Array.isArray(parsed)) {
                if (!matches(r, p.target, undefined)) return r;
                const copy = clone(r);
                parsed.forEach((op) => applyJson6902(copy, op));
                return copy;
            }
            return matches(r, p.target, parsed) ? (strategicMerge(r, parsed) as Obj) : r;
        });
    }
    return out;
}

function applyPrefix(resources: Obj[], prefix: string | undefined): Obj[] {
    if (!prefix) return resources;
    const renamed = new Map<string, string>();
    const out = resources.map((r) => {
        const copy = clone(r);
        renamed.set(`${r.kind}/${r.metadata.name}`, prefix + r.metadata.name);
        copy.metadata.name = prefix + r.metadata.name;
        return copy;
    });
    for (const r of out) {
        const pod = r.spec?.template?.spec;
        if (!pod) continue;
        if (pod.serviceAccountName && renamed.has(`ServiceAccount/${pod.serviceAccountName}`)) {
            pod.serviceAccountName = renamed.get(`ServiceAccount/${pod.serviceAccountName}`);
        }
        for (const c of pod.resourceClaims ?? []) {
            const n = renamed.get(`ResourceClaimTemplate/${c.resourceClaimTemplateName}`);
            if (n) c.resourceClaimTemplateName = n;
        }
    }
    return out;
}

function applyLabels(resources: Obj[], labels: Obj[] | undefined): Obj[] {
    let out = resources;
    for (const l of labels ?? []) {
        out = out.map((r) => {
            const copy = clone(r);
            copy.metadata.labels = { ...copy.metadata.labels, ...l.pairs };
            if (l.includeSelectors && copy.kind === "Deployment") {
                copy.spec.selector.matchLabels = { ...copy.spec.selector.matchLabels, ...l.pairs };
            }
            if ((l.includeSelectors || l.includeTemplates) && copy.spec?.template) {
                copy.spec.template.metadata = { ...copy.spec.template.metadata };
                copy.spec.template.metadata.labels = { ...copy.spec.template.metadata.labels, ...l.pairs };
            }
            return copy;
        });
    }
    return out;
}

function applyImages(resources: Obj[], images: Obj[] | undefined): Obj[] {
    if (!images) return resources;
    return resources.map((r) => {
        const copy = clone(r);
        const pod = copy.spec?.template?.spec;
        for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
            const img = images.find((i) => c.image === i.name || String(c.image).startsWith(`${i.name}:`));
            if (img) c.image = `${img.newName ?? img.name}:${img.newTag}`;
        }
        return copy;
    });
}

/** Applies one kustomization's own transformers: patches, name prefix, labels, images (Kustomize's order). */
function transform(resources: Obj[], dir: string, k: Obj): Obj[] {
    let out = applyPatches(resources, dir, k.patches);
    out = applyPrefix(out, k.namePrefix);
    out = applyLabels(out, k.labels);
    return applyImages(out, k.images);
}

/** Renders the kustomization in `dir` (relative to the guides' root, or absolute). */
export function kustomize(dir: string): Obj[] {
    return build(path.isAbsolute(dir) ? dir : path.join(GUIDES, dir)).map(({ [ORIGINAL_NAME]: _, ...r }) => r);
}

function build(abs: string): Obj[] {
    const k = kustomizationOf(abs);
    let resources: Obj[] = [];
    for (const r of k.resources ?? []) {
        const p = path.join(abs, r);
        resources.push(...(fs.statSync(p).isDirectory() ? build(p) : readDocs(p, true)));
    }
    for (const c of k.components ?? []) {
        resources = component(path.join(abs, c), resources);
    }
    return transform(resources, abs, k);
}

function component(dir: string, resources: Obj[]): Obj[] {
    const k = kustomizationOf(dir);
    let out = [...resources];
    for (const r of k.resources ?? []) {
        out.push(...readDocs(path.join(dir, r), true));
    }
    for (const c of k.components ?? []) {
        out = component(path.join(dir, c), out);
    }
    return transform(out, dir, k);
}

/** The one object of a kind whose name ends with `suffix`. */
export function pick(resources: Obj[], kind: string, suffix: string): Obj {
    const found = resources.filter((r) => r.kind === kind && String(r.metadata?.name).endsWith(suffix));
    if (found.length !== 1) {
        throw new Error(`expected one ${kind} named *${suffix}, found ${found.length}`);
    }
    return found[0];
}

/** The documents of a fixture file. */
export function fixtureDocs(relative: string): Obj[] {
    return readDocs(path.join(LLMD09_FIXTURES, relative));
}

/** One YAML fixture, parsed. */
export function fixture(relative: string): Obj {
    return parse(fs.readFileSync(path.join(LLMD09_FIXTURES, relative), "utf8"));
}
