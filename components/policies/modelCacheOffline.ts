/**
 * `pd-model-cache-offline`: with the model cache on, no vLLM container downloads the model from the
 * hub. The release serves the cache's claim (`pvc://<claim>/<path>`), every vLLM container mounts it
 * (`mountModelVolume`, else vLLM takes `/model-cache/<path>` for a hub repository id) and runs with
 * `HF_HUB_OFFLINE=1`, so that a file missing from the claim fails the pod instead of starting one
 * download per pod.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { validateStackResourcesOfType } from "@pulumi/policy";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { claimOfModelUri, HF_HUB_OFFLINE_ENV } from "../modelcache";
import { CONFIG_PREFIX, describeResource, modelServiceReleases, PDSTACK } from "./kubernetesResources";
import { containerLabel, vllmContainers } from "./vllmContainers";
import { isPlainObject } from "../validation";

export const MODEL_CACHE_OFFLINE = "pd-model-cache-offline";

/** The model cache a release's PDStack parent reports (`modelCache` of its registered inputs), if it has one on. */
export function modelCacheOf(release: { parent?: { type: string; props: Record<string, any> } }): Record<string, any> | undefined {
    const parent = release.parent;
    const cache = parent?.type === PDSTACK ? parent.props.modelCache : undefined;
    return isPlainObject(cache) && cache.enabled === true ? cache : undefined;
}

/** Every way this release's vLLM containers would reach the hub although the model cache is on. */
export function hubDownloadProblems(where: string, values: unknown, cache: Record<string, any>): string[] {
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
    } else if (typeof cache.claimName === "string" && claim !== cache.claimName) {
        messages.push(
            `${where}: modelArtifacts.uri serves claim "${claim}", not the model cache's claim "${cache.claimName}", which its Job fills: ` +
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
    // A stack policy: whether the cache is on is an input of the release's PDStack parent.
    validateStack: validateStackResourcesOfType(Release, (_releases, args: StackValidationArgs, reportViolation: ReportViolation) => {
        const cached = modelServiceReleases(args.resources).filter((r) => modelCacheOf(r) !== undefined);
        if (cached.length === 0) {
            args.notApplicable("no llm-d-modelservice release of a PDStack with the model cache on");
        }
        for (const r of cached) {
            hubDownloadProblems(describeResource(r.type, r.name, r.props), r.props.values, modelCacheOf(r)!).forEach((m) => reportViolation(m, r.urn));
        }
    }),
};
