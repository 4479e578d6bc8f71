/**
 * What a deploy downloads from the Hugging Face hub, read from the planned resources' model servers as
 * the policy pack reads them (components/policies/modelServerView.ts, asked of the release profiles:
 * llm-d-modelservice releases on llm-d 0.2, prefill/decode Deployments on llm-d 0.9). A model the pods
 * take from the hub (`hf://`, or a hub id with an emptyDir model volume) is downloaded by every vLLM
 * pod into its own volume; a claim that a model cache Job of the stack fills costs that Job's one
 * download; a claim the stack does not fill costs none. Bytes are the model's declared size (the
 * release's `modelArtifacts.size`, the model volume's size limit, or the cache claim's size), an upper
 * bound. Pod restarts and scale-ups download again without the cache; they are not counted.
 */
import { COMPONENT_LABEL, DOWNLOAD_COMPONENT } from "../components/modelcache";
import type { ModelServerInstall, ModelSource as InstallModelSource } from "../components/policies/modelServerView";
import { isModelServerResource, modelServerInstalls } from "../components/policies/modelServerInstalls";
import { parseQuantity } from "../components/validation";
import { PlannedResource } from "./recorder";

const JOB = "kubernetes:batch/v1:Job";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";

/** Downloads from the hub and the bytes they move. */
export interface DownloadFigures {
    fromHub: number;
    bytes: number;
}

/** A deploy's downloads, and what they would be with the model cache on and off. */
export interface ModelDownloads extends DownloadFigures {
    withCache: DownloadFigures;
    withoutCache: DownloadFigures;
}

/** Where a model server's pods get the model from. */
export type ModelSource = "hub" | "model cache" | "claim";

/** Pods that load one model from one source. */
interface ServedModel {
    source: ModelSource;
    pods: number;
    bytes: number;
    /** Model servers with the same key share one download once cached (one install's model, or one cache Job). */
    key: string;
}

/** The model servers of the plan, of every release (llm-d-modelservice releases, llm-d 0.9 prefill/decode Deployments). */
export function isModelServer(r: PlannedResource): boolean {
    return isModelServerResource(r.type, r.inputs);
}

/** The claims the model cache Jobs of the plan fill, by `<namespace>/<claim>`. */
function cacheJobs(resources: PlannedResource[]): Map<string, PlannedResource> {
    const jobs = new Map<string, PlannedResource>();
    for (const r of resources.filter((r) => r.type === JOB)) {
        const i = r.inputs as Record<string, any>;
        if (i.metadata?.labels?.[COMPONENT_LABEL] !== DOWNLOAD_COMPONENT) {
            continue;
        }
        for (const v of i.spec?.template?.spec?.volumes ?? []) {
            if (typeof v?.persistentVolumeClaim?.claimName === "string") {
                jobs.set(`${i.metadata.namespace}/${v.persistentVolumeClaim.claimName}`, r);
            }
        }
    }
    return jobs;
}

/** What a claim of the plan requests (`spec.resources.requests.storage`), in bytes. */
function claimBytes(resources: PlannedResource[], namespace: unknown, claim: string): number {
    const pvc = resources.find((r) => {
        const m = (r.inputs as Record<string, any>).metadata ?? {};
        return r.type === PVC && m.name === claim && (m.namespace === undefined || m.namespace === namespace);
    });
    return parseQuantity((pvc?.inputs as Record<string, any> | undefined)?.spec?.resources?.requests?.storage) ?? 0;
}

/** What one source of an install's model costs: its pods, its bytes, and whether a cache Job of the plan fills its claim. */
function servedModel(install: ModelServerInstall, s: InstallModelSource, jobs: Map<string, PlannedResource>, resources: PlannedResource[]): ServedModel | undefined {
    const pods = s.roles.reduce((n, role) => n + (install.roles[role]?.replicas ?? 0), 0);
    if (s.kind === "hub") {
        return { source: "hub", pods, bytes: s.bytes ?? 0, key: install.key };
    }
    if (s.kind !== "claim") {
        return undefined;
    }
    const job = jobs.get(`${install.namespace}/${s.claim}`);
    return { source: job ? "model cache" : "claim", pods, bytes: s.bytes ?? claimBytes(resources, install.namespace, s.claim!), key: job?.urn ?? `${install.namespace}/${s.claim}` };
}

/** The hub downloads and bytes the planned resources imply, with the alternative of the cache on or off. */
export function modelDownloads(resources: PlannedResource[]): ModelDownloads {
    const jobs = cacheJobs(resources);
    const installs = modelServerInstalls(resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs as Record<string, any> })));
    const served = installs.flatMap((i) => i.modelSources.map((s) => servedModel(i, s, jobs, resources))).filter((m): m is ServedModel => m !== undefined);
    const total = { fromHub: 0, bytes: 0 };
    const withCache = { fromHub: 0, bytes: 0 };
    const withoutCache = { fromHub: 0, bytes: 0 };
    const add = (to: DownloadFigures, n: number, bytes: number) => {
        to.fromHub += n;
        to.bytes += n * bytes;
    };
    const once = new Set<string>();
    for (const m of served.filter((m) => m.source !== "claim")) {
        const first = once.has(m.key) ? 0 : 1;
        once.add(m.key);
        add(total, m.source === "hub" ? m.pods : first, m.bytes);
        add(withCache, first, m.bytes);
        add(withoutCache, m.pods, m.bytes);
    }
    return { ...total, withCache, withoutCache };
}

/** `500Gi` (binary units, as model sizes are written). */
export function formatBytes(bytes: number): string {
    const gi = bytes / 2 ** 30;
    return `${Number.isInteger(gi) ? gi : gi.toFixed(1)}Gi`;
}

/** The plan's line: this deploy's downloads, and the other choice of cache. */
export function modelDownloadsLine(d: ModelDownloads): string {
    const figures = (f: DownloadFigures) => `${f.fromHub} (up to ${formatBytes(f.bytes)})`;
    const cacheOn = d.fromHub === d.withCache.fromHub && d.bytes === d.withCache.bytes;
    const cacheOff = d.fromHub === d.withoutCache.fromHub && d.bytes === d.withoutCache.bytes;
    if (cacheOn && cacheOff) {
        return `Model downloads from the hub per deploy: ${figures(d)}`;
    }
    if (cacheOn) {
        return `Model downloads from the hub per deploy: ${figures(d)} with the model cache; ${figures(d.withoutCache)} without it (one per vLLM pod)`;
    }
    if (cacheOff) {
        return `Model downloads from the hub per deploy: ${figures(d)}, one per vLLM pod; ${figures(d.withCache)} with modelCache.enabled`;
    }
    return `Model downloads from the hub per deploy: ${figures(d)}; ${figures(d.withCache)} with the model cache on every release, ${figures(d.withoutCache)} with it off`;
}
