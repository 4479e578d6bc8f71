/**
 * `pd-model-cache-offline`: with the model cache on, no vLLM container downloads the model from the
 * hub, on every release. The model servers serve the cache's claim (modelservice's
 * `pvc://<claim>/<path>`, a Deployment's model volume), every vLLM container mounts it (else vLLM takes
 * `/model-cache/<path>` for a hub repository id) and runs with `HF_HUB_OFFLINE=1`, so that a file
 * missing from the claim fails the pod instead of starting one download per pod.
 */
import { COMPONENT_LABEL, DOWNLOAD_COMPONENT, HF_HUB_OFFLINE_ENV } from "../modelcache";
import { CONFIG_PREFIX } from "../tokens";
import { isPlainObject } from "../validation";
import { InstallRule, installPolicy } from "./installRules";
import type { ModelServerInstall, Verdict, ViewResource } from "./modelServerView";
import { containerLabel, ROLES } from "./vllmContainers";

export const MODEL_CACHE_OFFLINE = "pd-model-cache-offline";

const JOB = "kubernetes:batch/v1:Job";

/** A model cache in the stack: its download Job and the claim the Job fills. */
export interface StackModelCache {
    jobName: string;
    claimName: string;
}

/**
 * The model cache of an install: a download Job (PDStack's `model-download` label) of the same
 * PDStack (same parent) and namespace, which PDStack creates exactly when the cache is on. Read from
 * the Job, not from the component, whose properties a stack policy sees are its outputs.
 */
export function modelCacheOf(install: ModelServerInstall, resources: readonly ViewResource[]): StackModelCache | undefined {
    for (const r of resources) {
        const metadata = isPlainObject(r.props.metadata) ? r.props.metadata : {};
        if (r.type !== JOB || metadata.labels?.[COMPONENT_LABEL] !== DOWNLOAD_COMPONENT || r.parent?.urn !== install.anchor.parent?.urn) {
            continue;
        }
        if (install.namespace !== undefined && metadata.namespace !== undefined && install.namespace !== metadata.namespace) {
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

/** Every way this install's vLLM containers would reach the hub although the model cache is on. */
export function hubDownloadVerdicts(install: ModelServerInstall, cache: StackModelCache): Verdict[] {
    const fix = `(PDStack sets it when ${CONFIG_PREFIX}modelCache.enabled is true; restore ${install.restore})`;
    const verdicts: Verdict[] = [];
    for (const s of install.modelSources) {
        const serve = s.serveClaim(cache.claimName);
        if (s.claim === undefined) {
            verdicts.push({
                resource: s.resource,
                message:
                    `${s.where}: ${s.described} although the model cache is on: every vLLM pod downloads the model from ` +
                    `the hub into its own volume; serve the cache's claim, ${serve} ${fix}`,
            });
        } else if (s.claim !== cache.claimName) {
            verdicts.push({
                resource: s.resource,
                message:
                    `${s.where}: ${s.key} serves claim "${s.claim}", not the model cache's claim "${cache.claimName}", which Job "${cache.jobName}" fills: ` +
                    `the cache is downloaded and never read; serve ${serve} ${fix}`,
            });
        }
    }
    for (const role of ROLES) {
        const r = install.roles[role];
        for (const c of r?.containers ?? []) {
            const at = `${r!.where}, ${containerLabel(c)}`;
            if (!c.modelMount.mounted) {
                verdicts.push({
                    resource: r!.resource,
                    message:
                        `${at}: ${c.modelMount.missing}: the container does not see the cache, and vLLM takes the missing ` +
                        `/model-cache/<path> for a hub repository id; ${c.modelMount.fix} ${fix}`,
                });
            }
            const env: unknown[] = Array.isArray(c.spec.env) ? c.spec.env : [];
            const offline = env.find((e: any) => e?.name === HF_HUB_OFFLINE_ENV.name) as any;
            if (offline?.value !== HF_HUB_OFFLINE_ENV.value) {
                verdicts.push({
                    resource: r!.resource,
                    message:
                        `${at}: env ${HF_HUB_OFFLINE_ENV.name} is ${offline ? JSON.stringify(offline.value ?? offline.valueFrom) : "not set"}, not ` +
                        `"${HF_HUB_OFFLINE_ENV.value}": a file missing from the cache would be downloaded from the hub by every pod; ` +
                        `set ${HF_HUB_OFFLINE_ENV.name}=${HF_HUB_OFFLINE_ENV.value} ${fix}`,
                });
            }
        }
    }
    return verdicts;
}

export const modelCacheOfflineRule: InstallRule = {
    policy: MODEL_CACHE_OFFLINE,
    verdicts: (installs, ctx) =>
        installs.flatMap((install) => {
            const cache = modelCacheOf(install, ctx.resources);
            return cache ? hubDownloadVerdicts(install, cache) : [];
        }),
};

export const modelCacheOfflinePolicy = installPolicy(modelCacheOfflineRule, {
    description:
        "With the model cache on (llm-d-pd:modelCache.enabled), the model servers (an llm-d-modelservice release, llm-d 0.9 Deployments) serve " +
        "the cache's claim and every vLLM container mounts it and runs with HF_HUB_OFFLINE=1: no vLLM pod downloads the model from the hub.",
    enforcementLevel: "mandatory",
});
