/**
 * Autoscaling on llm-d 0.9: KEDA 2.20.1 (what llm-d v0.9's autoscaling guides install), one ScaledObject
 * per role on the role's Deployment, and the PromQL of each scaling metric on this release's EPP and vLLM.
 *
 * Upstream has no P/D autoscaling guide at llm-d v0.9.0: its KEDA guides scale one aggregated Deployment
 * (guides/workload-autoscaling/keda-epp-queue, keda-epp-saturation at e3dbeca1). The P/D guide
 * (keda-epp-token-aware/pd-disaggregation, experimental) came after router v0.10.0 and relies on a fix
 * v0.10.0 lacks (llm-d-router#2529, fixed by #2577): on v0.10.0 `llm_d_epp_inflight_tokens` keeps the
 * last value of an endpoint that left the pool, so a plain `sum()` never falls back and prefill scales up
 * but never down. PDStack pins EPP v0.10.0, so its prefill query keeps only the endpoints the EPP still
 * holds, by intersecting with `llm_d_epp_per_endpoint_queue_size`, which is rebuilt from the pool's live
 * endpoints at every scrape: the workaround of that guide's README ("Endpoint-removal note for older EPP
 * images", llm-d/llm-d guides/workload-autoscaling/keda-epp-token-aware/README.md at
 * 560d420e6422527c9ecec0d5fb01f940692c7c9c).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { buildScaledObject, KedaChart, ScalingMetricName, ScalingQuery, SCALED_OBJECT_CRD, SCALING_METRICS, SCALING_ROLES, ScalingRole } from "../../autoscaling";
import { podPattern, promString } from "../../alerts";
import type { PDSpec } from "../../pdstack/spec";
import { VLLM_METRICS } from "../vllmMetrics";
import { DECISION_DECODE_ONLY, EPP_DECISION_COUNTERS, EPP_INFLIGHT_TOKENS, EPP_PER_ENDPOINT_QUEUE_SIZE, INFLIGHT_LOAD_PRODUCER } from "./eppMetrics";
import { GUIDE, GUIDE_LABEL, INSTANCE_LABEL, Llmd09Names, ROLE_LABEL } from "./names";
import { LLMD_REPOSITORY, LLMD_V0_9_0_COMMIT } from "./versions";

/**
 * KEDA 2.20.1 from its Helm chart, as KEDA's chart README installs it (`helm repo add kedacore
 * https://kedacore.github.io/charts`, `helm install keda kedacore/keda --namespace keda --version 2.20.1`).
 * The version llm-d v0.9's guides install (slo-aware: `KEDA_VERSION=2.20.1`; the others link KEDA 2.20's docs).
 */
export const KEDA_CHART: KedaChart = {
    releaseName: "keda",
    namespace: "keda",
    chart: { chart: "keda", repo: "https://kedacore.github.io/charts", version: "2.20.1" },
    appVersion: "2.20.1",
    sources: [
        {
            repository: "kedacore/charts",
            path: "keda/Chart.yaml (version 2.20.1, appVersion 2.20.1), keda/README.md (install commands)",
            commit: "355e50df6fe42b83f22a4371f1b7df8926b3dd7b",
            note: "tag v2.20.1; the chart installs the CRDs from its templates (crds.install: true)",
        },
        {
            repository: LLMD_REPOSITORY,
            path: "guides/workload-autoscaling/slo-aware/README.md (KEDA_VERSION=2.20.1), guides/workload-autoscaling/README.md (KEDA 2.20)",
            commit: LLMD_V0_9_0_COMMIT,
        },
    ],
};

/** A label selector's body, `namespace="ns",service="x"`. */
function matchers(equal: Record<string, string>, regex: Record<string, string> = {}): string {
    return [...Object.entries(equal).map(([k, v]) => `${k}=${promString(v)}`), ...Object.entries(regex).map(([k, v]) => `${k}=~${promString(v)}`)].join(",");
}

/** The Deployment each role's pods belong to. */
function deploymentOf(names: Llmd09Names, role: ScalingRole): string {
    return role === "prefill" ? names.prefillDeployment : names.decodeDeployment;
}

/**
 * The PromQL of a metric on an install: one value without labels (`sum(...) or vector(0)`, as KEDA needs;
 * see the P/D guide's comments), from the series of this install's namespace and pods.
 */
export function metricQuery(spec: PDSpec, names: Llmd09Names, metric: ScalingMetricName): string {
    const ns = { namespace: spec.namespace };
    const pods = { pod: podPattern(deploymentOf(names, SCALING_METRICS[metric].role)) };
    switch (metric) {
        case "inflight-prompt-tokens": {
            const endpoints = { endpoint_name: `${podPattern(names.prefillDeployment)}-rank-[0-9]+` };
            const epp = { ...ns, service: names.epp };
            return (
                "sum(\n" +
                `  label_replace(${EPP_INFLIGHT_TOKENS}{${matchers({ ...epp, producer_name: INFLIGHT_LOAD_PRODUCER }, endpoints)}}, "target_pod", "$1", "endpoint_name", "(.+)")\n` +
                "  and on(target_pod)\n" +
                `  label_replace(${EPP_PER_ENDPOINT_QUEUE_SIZE}{${matchers({ ...epp, name: names.inferencePool })}}, "target_pod", "$1", "model_server_endpoint", "(.+)")\n` +
                ") or vector(0)"
            );
        }
        case "waiting-requests":
            return `sum(${VLLM_METRICS.requestsWaiting}{${matchers(ns, pods)}}) or vector(0)`;
        case "kv-cache-usage":
            return `sum(${VLLM_METRICS.kvCacheUsage}{${matchers(ns, pods)}}) or vector(0)`;
        case "running-requests":
            return `sum(${VLLM_METRICS.requestsRunning}{${matchers(ns, pods)}}) or vector(0)`;
    }
}

/**
 * With prefill at zero (`deciderFallback: "decode-only"`), no prefill pod reports load, so its metric
 * stays 0: this trigger wakes it instead. While no prefill pod is Ready, the EPP records every request
 * as `decode-only` (./eppMetrics.ts): any such decision in the last 2 minutes activates prefill (0 → 1).
 * Its threshold is far above any count, so it never asks for more than one pod: the role's metric does.
 */
export const WAKE_WINDOW = "2m";
export const WAKE_THRESHOLD = 1_000_000;

export function wakeQuery(spec: PDSpec, names: Llmd09Names): string {
    const epp = { namespace: spec.namespace, service: names.epp, decision_type: DECISION_DECODE_ONLY };
    return `sum(increase(${EPP_DECISION_COUNTERS.current[0]}{${matchers(epp)}}[${WAKE_WINDOW}])) or vector(0)`;
}

/** The triggers of one role: its metric, and for prefill at zero the wake trigger. */
export function scalingQueries(spec: PDSpec, names: Llmd09Names, role: ScalingRole): ScalingQuery[] {
    const scaling = spec.autoscaling![role];
    const queries: ScalingQuery[] = [{ name: `${role}-${scaling.metric}`, query: metricQuery(spec, names, scaling.metric), threshold: scaling.target, activationThreshold: 0 }];
    if (role === "prefill" && scaling.minReplicas === 0) {
        queries.push({ name: "prefill-wake-on-decode-only", query: wakeQuery(spec, names), threshold: WAKE_THRESHOLD, activationThreshold: 0 });
    }
    return queries;
}

/** The ScaledObjects of an install, prefill first; none without autoscaling. */
export function buildScaledObjects(spec: PDSpec, names: Llmd09Names): Record<ScalingRole, Record<string, any>> | undefined {
    const scaling = spec.autoscaling;
    if (!scaling) {
        return undefined;
    }
    const one = (role: ScalingRole) =>
        buildScaledObject({
            name: deploymentOf(names, role),
            namespace: spec.namespace,
            labels: { [GUIDE_LABEL]: GUIDE, [INSTANCE_LABEL]: names.inferencePool, [ROLE_LABEL]: role },
            deployment: deploymentOf(names, role),
            role,
            scaling: scaling[role],
            serverAddress: scaling.prometheusAddress!,
            queries: scalingQueries(spec, names, role),
        });
    return { prefill: one("prefill"), decode: one("decode") };
}

/**
 * Registers the ScaledObjects of an install. They wait for their Deployment and for KEDA: the KEDA this
 * program installs (`keda`), or else the ScaledObject CRD read from the cluster, so that `pulumi preview`
 * and `pulumi up` stop at once, naming the CRD, on a cluster without KEDA.
 */
export function registerAutoscaling(
    name: string,
    spec: PDSpec,
    names: Llmd09Names,
    parent: pulumi.Resource,
    deployments: Record<ScalingRole, pulumi.Resource>,
    keda: pulumi.Resource[],
): k8s.apiextensions.CustomResource[] {
    const objects = buildScaledObjects(spec, names);
    if (!objects) {
        return [];
    }
    const waitFor =
        keda.length > 0
            ? keda
            : [
                  k8s.apiextensions.v1.CustomResourceDefinition.get(`${name}-keda-scaledobject-crd`, SCALED_OBJECT_CRD, {
                      parent,
                  }) as pulumi.Resource,
              ];
    return SCALING_ROLES.map(
        (role) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${role}-scaler`,
                objects[role] as k8s.apiextensions.CustomResourceArgs,
                // KEDA's HPA scales the Deployment (it must exist), and the kind needs KEDA's CRD.
                { parent, dependsOn: [deployments[role], ...waitFor] },
            ),
    );
}
