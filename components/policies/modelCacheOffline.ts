/**
 * `pd-model-cache-offline`: with the model cache on, no vLLM container downloads the model from the
 * hub. The release serves the cache's claim (`pvc://<claim>/<path>`), every vLLM container mounts it
 * (`mountModelVolume`, else vLLM takes `/model-cache/<path>` for a hub repository id) and runs with
 * `HF_HUB_OFFLINE=1`, so that a file missing from the claim fails the pod instead of starting one
 * download per pod.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { claimOfModelUri, COMPONENT_LABEL, DOWNLOAD_COMPONENT, HF_HUB_OFFLINE_ENV } from "../modelcache";
import { CONFIG_PREFIX } from "../tokens";
import { describeResource, modelServiceReleases } from "./kubernetesResources";
import { containerLabel, vllmContainers } from "./vllmContainers";
import { isPlainObject } from "../validation";

export const MODEL_CACHE_OFFLINE = "pd-model-cache-offline";

const JOB = "kubernetes:batch/v1:Job";

/** A model cache in the stack: its download Job and the claim the Job fills. */
export interface StackModelCache {
    jobName: string;
    claimName: string;
}

/**
 * The model cache of a release: a download Job (PDStack's `model-download` label) of the same
 * PDStack (same parent) and namespace, which PDStack creates exactly when the cache is on. Read from
 * the Job, not from the component, whose properties a stack policy sees are its outputs.
 */
export function modelCacheOf(release: PolicyResource, resources: readonly PolicyResource[]): StackModelCache | undefined {
    for (const r of resources) {
        const metadata = isPlainObject(r.props.metadata) ? r.props.metadata : {};
        if (r.type !== JOB || metadata.labels?.[COMPONENT_LABEL] !== DOWNLOAD_COMPONENT || r.parent?.urn !== release.parent?.urn) {
            continue;
        }
        if (release.props.namespace !== undefined && metadata.namespace !== undefined && release.props.namespace !== metadata.namespace) {
            continue;
        }
        const volumes: any[] = r.props.spec?.template?.spec?.volumes ?? [];
        const claimName = volumes.map((v) => v?.persistentVolumeClaim?.claimName).find((c) => typeof c === "string");
        if (claimName !== undefined) {
            return { jobName: String(metadata.name ?? r.name), claimName };
        }
    }
    return undefined;
}

/** Every way this release's vLLM containers would reach the hub although the model cache is on. */
export function hubDownloadProblems(where: string, values: unknown, cache: StackModelCache): string[] {
    const fix = `(PDStack sets it when ${CONFIG_PREFIX}modelCache.enabled is true; restore PDStack's values)`;
    const artifacts = isPlainObject(values) && isPlainObject(values.modelArtifacts) ? values.modelArtifacts : {};
    const uri = typeof artifacts.uri === "string" ? artifacts.uri : "";
    const claim = claimOfModelUri(uri);
    const messages: string[] = [];
    if (claim === undefined) {
        messages.push(
            `${where}: modelArtifacts.uri is ${JSON.stringify(uri)} although the model cache is on: every vLLM pod downloads the model from ` +
                `the hub into its own volume; serve the cache's claim, pvc://${cache.claimName}/<path> ${fix}`,
        );
    } else if (claim !== cache.claimName) {
        messages.push(
            `${where}: modelArtifacts.uri serves claim "${claim}", not the model cache's claim "${cache.claimName}", which Job "${cache.jobName}" fills: ` +
                `the cache is downloaded and never read; serve pvc://${cache.claimName}/<path> ${fix}`,
        );
    }
    for (const c of vllmContainers(values)) {
        const at = `${where}, ${containerLabel(c)}`;
        if (c.spec.mountModelVolume !== true) {
            messages.push(
                `${at}: mountModelVolume is not true: the container does not see the cache, and vLLM takes the missing ` +
                    `/model-cache/<path> for a hub repository id; set mountModelVolume: true ${fix}`,
            );
        }
        const env: unknown[] = Array.isArray(c.spec.env) ? c.spec.env : [];
        const offline = env.find((e: any) => e?.name === HF_HUB_OFFLINE_ENV.name) as any;
        if (offline?.value !== HF_HUB_OFFLINE_ENV.value) {
            messages.push(
                `${at}: env ${HF_HUB_OFFLINE_ENV.name} is ${offline ? JSON.stringify(offline.value ?? offline.valueFrom) : "not set"}, not ` +
                    `"${HF_HUB_OFFLINE_ENV.value}": a file missing from the cache would be downloaded from the hub by every pod; ` +
                    `set ${HF_HUB_OFFLINE_ENV.name}=${HF_HUB_OFFLINE_ENV.value} ${fix}`,
            );
        }
    }
    return messages;
}

export const modelCacheOfflinePolicy: StackValidationPolicy = {
    name: MODEL_CACHE_OFFLINE,
    description:
        "With the model cache on (llm-d-pd:modelCache.enabled), the modelservice release serves the cache's claim and every vLLM container " +
        "mounts it and runs with HF_HUB_OFFLINE=1: no vLLM pod downloads the model from the hub.",
    enforcementLevel: "mandatory",
    // A stack policy over every resource: the release and the cache's Job are two resources.
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const cached = modelServiceReleases(args.resources)
            .map((r) => ({ r, cache: modelCacheOf(r, args.resources) }))
            .filter((x): x is { r: PolicyResource; cache: StackModelCache } => x.cache !== undefined);
        if (cached.length === 0) {
            args.notApplicable("no llm-d-modelservice release with a model cache Job beside it");
        }
        for (const { r, cache } of cached) {
            hubDownloadProblems(describeResource(r.type, r.name, r.props), r.props.values, cache).forEach((m) => reportViolation(m, r.urn));
        }
    },
};
