/**
 * What a PDStack registers on llm-d 0.2, from the pure builders of this folder: the monitoring objects
 * (when asked), the llm-d-infra, inferencepool and llm-d-modelservice Helm releases, and the HTTPRoute.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PDSpec } from "../../pdstack/spec";
import type { ChartRef } from "../pins";
import type { ReleaseContext, ReleaseOutputs } from "../profile";
import { CHARTS } from "./charts";
import { registerMonitoring } from "./monitoring";
import { llmd02NamesOf } from "./names";
import { buildHttpRoute } from "./objects";
import { modelServiceReplaceOnChanges } from "./updates";
import { buildGaieValues, buildInfraValues, buildModelServiceValues } from "./values";

function releaseArgs(chart: ChartRef, releaseName: string, namespace: pulumi.Input<string>, values: object, timeout: number): k8s.helm.v3.ReleaseArgs {
    return {
        name: releaseName,
        chart: chart.chart,
        version: chart.version,
        ...(chart.repo ? { repositoryOpts: { repo: chart.repo } } : {}),
        namespace,
        values,
        timeout,
    };
}

/** Registers an llm-d 0.2 install; `name` is the component's, the prefix of every resource name. */
export function registerLlmd02(name: string, spec: PDSpec, ctx: ReleaseContext): ReleaseOutputs {
    const names = llmd02NamesOf(spec);
    const { namespace, inNamespace, controlPlane } = ctx;
    const child = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ parent: ctx.parent, ...extra });
    registerMonitoring(name, spec, ctx.claims, ctx.parent, inNamespace);
    // Releases are replaced delete first (a rename would otherwise collide with the old release's
    // ClusterRole and need the GPUs twice), and the model service is replaced, not rolled, when its
    // vLLM pods change (a rolling update stalls on a full GPU cluster): see ./updates.
    const infra = new k8s.helm.v3.Release(
        `${name}-infra`,
        releaseArgs(CHARTS.infra, names.infraRelease, namespace, buildInfraValues(spec), ctx.controlReleaseTimeoutSeconds),
        // The gateway installs into the namespace, and needs the gateway control plane (Gateway CRD, controller).
        child({ dependsOn: [...inNamespace, ...controlPlane], deleteBeforeReplace: true }),
    );
    const gaie = new k8s.helm.v3.Release(
        `${name}-gaie`,
        releaseArgs(CHARTS.gaie, names.gaieRelease, namespace, buildGaieValues(spec), ctx.controlReleaseTimeoutSeconds),
        // Upstream's helmfile installs gaie after infra (`needs`); kept, as it delays only the route now.
        // It creates an InferencePool, whose CRD comes with the gateway control plane.
        child({ dependsOn: [...inNamespace, infra, ...controlPlane], deleteBeforeReplace: true }),
    );
    const msValues = buildModelServiceValues(spec);
    const ms = new k8s.helm.v3.Release(
        `${name}-ms`,
        releaseArgs(CHARTS.modelservice, names.msRelease, namespace, msValues, spec.readyTimeoutSeconds),
        child({
            // The vLLM pods need none of infra and gaie (the InferenceModel only names the pool; its CRD is
            // installed with the gateway control plane), so they start with them. They wait for: the
            // namespace they run in; the token Secret their HF_TOKEN comes from when they download the
            // model themselves; the model cache's Job, so that no pod loads a half-downloaded model; and
            // on xpu the GPU plugin that advertises the gpu.intel.com/i915 they request
            // (ctx.modelServerDependencies); and the gateway control plane, which installs their
            // InferenceModel's CRD.
            dependsOn: [...inNamespace, ...ctx.modelServerDependencies, ...controlPlane],
            deleteBeforeReplace: true,
            replaceOnChanges: modelServiceReplaceOnChanges(msValues),
        }),
    );
    const route = buildHttpRoute(spec);
    // The route attaches to infra's Gateway (parentRefs) and sends to gaie's InferencePool (backendRefs).
    new k8s.apiextensions.CustomResource(
        `${name}-route`,
        { apiVersion: route.apiVersion, kind: route.kind, metadata: { ...route.metadata, namespace }, spec: route.spec },
        // HTTPRoute is a Gateway API kind: its CRD comes with the gateway control plane.
        child({ dependsOn: [infra, gaie, ...controlPlane] }),
    );
    return {
        infraReleaseName: infra.name as pulumi.Output<string>,
        gaieReleaseName: gaie.name as pulumi.Output<string>,
        msReleaseName: ms.name as pulumi.Output<string>,
    };
}
