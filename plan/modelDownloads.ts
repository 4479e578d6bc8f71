/**
 * What a deploy downloads from the Hugging Face hub, read from the planned resources. Per
 * llm-d-modelservice release: an `hf://` model is downloaded by every vLLM pod into its own emptyDir;
 * a `pvc://` claim that a model cache Job of the stack fills costs that Job's one download; a claim
 * the stack does not fill costs none. Bytes are the model's declared size (`modelArtifacts.size`),
 * an upper bound. Pod restarts and scale-ups download again without the cache; they are not counted.
 */
import { claimOfModelUri, COMPONENT_LABEL, DOWNLOAD_COMPONENT, HF_SCHEME } from "../components/modelcache";
import { isModelServiceRelease } from "../components/policies/kubernetesResources";
import { ROLES, roleValues } from "../components/policies/vllmContainers";
import { isPlainObject, parseQuantity } from "../components/validation";
import { PlannedResource } from "./recorder";

const JOB = "kubernetes:batch/v1:Job";

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

/** Where one release's pods get the model from. */
export type ModelSource = "hub" | "model cache" | "claim";

interface ReleaseModel {
    source: ModelSource;
    pods: number;
    bytes: number;
    /** The cache Job that fills the release's claim, when there is one. */
    job?: PlannedResource;
}

/** Claims the model cache Jobs of the plan fill, by namespace and claim name. */
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

function releaseModel(release: PlannedResource, jobs: Map<string, PlannedResource>): ReleaseModel {
    const i = release.inputs as Record<string, any>;
    const artifacts = isPlainObject(i.values?.modelArtifacts) ? i.values.modelArtifacts : {};
    const uri = typeof artifacts.uri === "string" ? artifacts.uri : "";
    const pods = ROLES.reduce((n, role) => n + roleValues(i.values, role).replicas, 0);
    const bytes = parseQuantity(artifacts.size) ?? 0;
    if (uri.startsWith(HF_SCHEME)) {
        return { source: "hub", pods, bytes };
    }
    const claim = claimOfModelUri(uri);
    const job = claim === undefined ? undefined : jobs.get(`${i.namespace}/${claim}`);
    return job ? { source: "model cache", pods, bytes, job } : { source: "claim", pods, bytes };
}

/** The hub downloads and bytes the planned resources imply, with the alternative of the cache on or off. */
export function modelDownloads(resources: PlannedResource[]): ModelDownloads {
    const jobs = cacheJobs(resources);
    const counted = new Set<PlannedResource>();
    const total = { fromHub: 0, bytes: 0 };
    const withCache = { fromHub: 0, bytes: 0 };
    const withoutCache = { fromHub: 0, bytes: 0 };
    const add = (to: DownloadFigures, n: number, bytes: number) => {
        to.fromHub += n;
        to.bytes += n * bytes;
    };
    for (const release of resources.filter((r) => isModelServiceRelease(r.type, r.inputs))) {
        const m = releaseModel(release, jobs);
        if (m.source === "claim") {
            continue;
        }
        const once = m.job === undefined || !counted.has(m.job) ? 1 : 0;
        if (m.job) {
            counted.add(m.job);
        }
        add(total, m.source === "hub" ? m.pods : once, m.bytes);
        add(withCache, once, m.bytes);
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
