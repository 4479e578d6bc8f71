/** The PDStack component: validates its args into a spec, then registers the resources built from it. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS, ChartRef } from "./charts";
import { ClusterResourceOptions, resolveClusterOptions } from "../cluster";
import { gatewayAccess } from "./access";
import { hfTokenProblem } from "./hfToken";
import { buildHfTokenSecret, buildHttpRoute, buildIntelGpuPluginDaemonSet } from "./objects";
import { buildModelCacheClaim, buildModelDownloadJob, ModelCacheSpec } from "../modelcache";
import { PDStackArgs } from "./args";
import { PDSpec, resolveSpec } from "./spec";
import { PDSTACK_TYPE } from "../tokens";
import { InputError } from "../validation";
import { buildGaieValues, buildInfraValues, buildModelServiceValues } from "./values";
import { modelServiceReplaceOnChanges } from "./updates";
import { Llmd010Resources, registerLlmd010 } from "./llmd010/register";
import { checkClusterControlPlane, clusterControlPlane } from "./clusterControlPlane";
import { registerMonitoring } from "./monitoring";

/** How long the gateway and scheduler releases may take to become ready, in seconds. */
const CONTROL_RELEASE_TIMEOUT_SECONDS = 600;

/** Splits component args into the plain part the schema validates and the secret token. */
function validateArgs(name: string, args: PDStackArgs): PDSpec {
    if (!args || typeof args !== "object") {
        throw InputError.of("PDStack configuration", [`PDStackArgs: PDStack "${name}" needs args, at least { hardware }`]);
    }
    const { hfToken, ...plain } = args;
    const spec = resolveSpec(plain, "PDStackArgs");
    const problem = hfTokenProblem("PDStackArgs", hfToken !== undefined, spec.createHfTokenSecret ? undefined : spec.hfTokenSecretName);
    if (problem) {
        throw InputError.of("PDStack configuration", [problem]);
    }
    return spec;
}

/**
 * What the component registers as its own inputs: the resolved choices (never the token), so that
 * `pulumi preview`, the policy pack and the plan see which hardware and gateway an install targets.
 */
export function specSummary(spec: PDSpec): Record<string, unknown> {
    return {
        hardware: spec.hardware,
        llmdVersion: spec.llmdVersion,
        gateway: spec.gateway,
        namespace: spec.namespace,
        releasePostfix: spec.releasePostfix,
        benchmarking: spec.benchmarking,
        model: spec.model,
        prefill: spec.prefill,
        decode: spec.decode,
        hfTokenSecretName: spec.hfTokenSecretName,
        installIntelGpuPlugin: spec.installIntelGpuPlugin,
        ...(spec.workload ? { workload: spec.workload } : {}),
        ...(spec.installGatewayControlPlane ? { installGatewayControlPlane: true } : {}),
        ...(spec.monitoring ? { monitoring: true } : {}),
        ...(spec.modelCache ? { modelCache: modelCacheSummary(spec.modelCache) } : {}),
    };
}

/** The model cache as the component reports it among its inputs, for preview and the plan. */
function modelCacheSummary(cache: ModelCacheSpec): Record<string, unknown> {
    return {
        enabled: true,
        claimName: cache.claimName,
        jobName: cache.jobName,
        accessMode: cache.accessMode,
        size: cache.size,
        ...(cache.storageClassName ? { storageClassName: cache.storageClassName } : {}),
        retainOnDelete: cache.retainOnDelete,
    };
}

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

/** The Helm release names the component outputs (0.10 has one release, the router: pool and EPP). */
interface ReleaseNames {
    infra: pulumi.Output<string>;
    gaie: pulumi.Output<string>;
    ms: pulumi.Output<string>;
}

/** What the 0.2 releases are registered with. */
interface Llmd02Context {
    names: PDSpec["names"];
    namespace: pulumi.Input<string>;
    inNamespace: pulumi.Resource[];
    child: (extra?: pulumi.CustomResourceOptions) => pulumi.CustomResourceOptions;
    download?: pulumi.Resource;
    secret?: pulumi.Resource;
    plugin?: pulumi.Resource;
    /** The cluster's gateway control plane, as far as this program installs it. */
    controlPlane: pulumi.Resource[];
}

/** On 0.10 the router release plays gaie's part (pool and EPP); there is no llm-d-infra or modelservice release. */
function llmd010ReleaseNames(resources: Llmd010Resources): ReleaseNames {
    return { infra: pulumi.output(""), gaie: resources.router.name as pulumi.Output<string>, ms: pulumi.output("") };
}

/**
 * llm-d prefill/decode disaggregated serving on one Kubernetes cluster: the namespace, the HF token
 * Secret, on Intel XPU the GPU device plugin, optionally the gateway control plane, the model cache
 * and monitoring; then, on llm-d 0.2 (the default), the llm-d-infra gateway, the inferencepool with
 * llm-d's EPP, llm-d-modelservice running vLLM prefill and decode with NIXL and the HTTPRoute; on
 * llm-d 0.10 the llm-d-router release (InferencePool v1 and EPP), the Gateway, the prefill and decode
 * Deployments with the disaggregation sidecar, and the HTTPRoute (./llmd010).
 */
export class PDStack extends pulumi.ComponentResource {
    /** The type token, which `validateResourceOfType` and the component provider read. */
    public static readonly __pulumiType = PDSTACK_TYPE;

    /** Hardware profile of the install (h200-ib, gke or xpu); stack policies read it from the outputs. */
    public readonly hardware: pulumi.Output<string>;
    /** Gateway provider of the install (istio, kgateway or gke). */
    public readonly gateway: pulumi.Output<string>;
    /** Namespace of the install. */
    public readonly namespace: pulumi.Output<string>;
    /** Helm release name of llm-d-infra (the gateway). */
    public readonly infraReleaseName: pulumi.Output<string>;
    /** Helm release name of inferencepool (pool and EPP). */
    public readonly gaieReleaseName: pulumi.Output<string>;
    /** Helm release name of llm-d-modelservice (vLLM prefill and decode). */
    public readonly msReleaseName: pulumi.Output<string>;
    /** Service that fronts the Gateway, for port-forwarding (istio, kgateway). Not set on gke: its Gateway is a Google Cloud load balancer with no Service in the cluster. */
    public readonly gatewayServiceName?: pulumi.Output<string>;
    /** The model name clients put in the `model` field of requests. */
    public readonly servedModelName: pulumi.Output<string>;
    /** `kubectl port-forward` command that exposes the gateway on localhost:8000 (istio, kgateway). Not set on gke: use gatewayAddressCommand. */
    public readonly portForwardCommand?: pulumi.Output<string>;
    /** `kubectl get gateway` command that prints the address of the gke Gateway's load balancer. Not set on istio and kgateway: use portForwardCommand. */
    public readonly gatewayAddressCommand?: pulumi.Output<string>;
    /** `curl` command that sends a completion request: through the port-forward, or to the gke Gateway's address. */
    public readonly curlCommand: pulumi.Output<string>;
    /**
     * `npm run smoke` command (run from a PDStack checkout) that checks the served model answers through the
     * gateway: lists /v1/models, streams completions, reports time to first token. Same endpoint as curlCommand.
     */
    public readonly smokeCommand: pulumi.Output<string>;

    /**
     * @param opts the usual component options, and `clusterClaims`: the {@link ClusterClaims} of the
     * cluster, shared by every PDStack the program deploys there (a second install with the same
     * releasePostfix or namespace is rejected; the Intel GPU plugin and the gateway control plane are
     * installed once). Without it the PDStack assumes it is alone on its cluster.
     */
    constructor(name: string, args: PDStackArgs, opts?: ClusterResourceOptions) {
        const spec = validateArgs(name, args);
        const cluster = resolveClusterOptions(`PDStack "${name}"`, opts);
        const claims = cluster.claims;
        checkClusterControlPlane(`PDStack "${name}"`, spec, claims);
        claims.claimInstall(name, spec.releasePostfix, spec.namespace);
        super(PDSTACK_TYPE, name, specSummary(spec), cluster.opts);
        const names = spec.names;
        const child = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ parent: this, ...extra });

        const namespaceResource = spec.createNamespace
            ? new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: spec.namespace } }, child())
            : undefined;
        const namespace: pulumi.Input<string> = namespaceResource ? namespaceResource.metadata.name : spec.namespace;
        const inNamespace: pulumi.Resource[] = namespaceResource ? [namespaceResource] : [];

        const secret = spec.createHfTokenSecret
            ? new k8s.core.v1.Secret(`${name}-hf-token`, buildHfTokenSecret(spec, args.hfToken!), child({ dependsOn: inNamespace }))
            : undefined;

        let plugin: pulumi.Resource | undefined;
        if (spec.installIntelGpuPlugin) {
            plugin = claims.installed("intelGpuPlugin");
            if (!plugin) {
                plugin = new k8s.apps.v1.DaemonSet(`${name}-intel-gpu-plugin`, buildIntelGpuPluginDaemonSet(), child());
                claims.recordInstalled("intelGpuPlugin", plugin);
            }
        }

        // The model cache: a claim the Job fills once from the hub. The Job waits for the namespace and
        // the claim (it writes into it) and for the token Secret (its HF_TOKEN comes from it); `pulumi up`
        // waits for the Job to complete, bounded by its deadline (./modelcache). retainOnDelete keeps the
        // claim and its data when the stack is destroyed, if the user asked.
        let download: pulumi.Resource | undefined;
        if (spec.modelCache) {
            const claim = new k8s.core.v1.PersistentVolumeClaim(
                `${name}-model-cache`,
                buildModelCacheClaim(spec.modelCache),
                child({ dependsOn: inNamespace, retainOnDelete: spec.modelCache.retainOnDelete }),
            );
            download = new k8s.batch.v1.Job(
                `${name}-model-download`,
                buildModelDownloadJob(spec.modelCache),
                child({ dependsOn: [...inNamespace, claim, ...(secret ? [secret] : [])] }),
            );
        }

        // What the releases and the route wait for: the gateway control plane, installed here (once per
        // cluster) when asked; and the monitoring objects, when asked.
        const controlPlane = clusterControlPlane(name, spec, claims, this);
        registerMonitoring(name, spec, claims, this, inNamespace);

        const releaseNames =
            spec.llmdVersion === "0.10"
                ? llmd010ReleaseNames(
                      registerLlmd010(name, spec, {
                          parent: this,
                          namespace,
                          inNamespace,
                          modelServerDependencies: [...(download ? [download] : secret ? [secret] : []), ...(plugin ? [plugin] : [])],
                          controlPlane,
                          routerTimeoutSeconds: CONTROL_RELEASE_TIMEOUT_SECONDS,
                      }),
                  )
                : this.registerLlmd02(name, spec, { names, namespace, inNamespace, child, download, secret, plugin, controlPlane });

        this.hardware = pulumi.output(spec.hardware);
        this.gateway = pulumi.output(spec.gateway);
        this.namespace = pulumi.output(namespace);
        this.infraReleaseName = releaseNames.infra;
        this.gaieReleaseName = releaseNames.gaie;
        this.msReleaseName = releaseNames.ms;
        this.servedModelName = pulumi.output(spec.model.name);
        const access = gatewayAccess(spec);
        const optional = (v: string | undefined) => (v === undefined ? undefined : pulumi.output(v));
        this.gatewayServiceName = optional(access.gatewayServiceName);
        this.portForwardCommand = optional(access.portForwardCommand);
        this.gatewayAddressCommand = optional(access.gatewayAddressCommand);
        this.curlCommand = pulumi.output(access.curlCommand);
        this.smokeCommand = pulumi.output(access.smokeCommand);
        this.registerOutputs({
            hardware: this.hardware,
            gateway: this.gateway,
            namespace: this.namespace,
            infraReleaseName: this.infraReleaseName,
            gaieReleaseName: this.gaieReleaseName,
            msReleaseName: this.msReleaseName,
            gatewayServiceName: this.gatewayServiceName,
            servedModelName: this.servedModelName,
            portForwardCommand: this.portForwardCommand,
            gatewayAddressCommand: this.gatewayAddressCommand,
            curlCommand: this.curlCommand,
            smokeCommand: this.smokeCommand,
        });
    }

    /** llm-d 0.2: llm-d-infra, inferencepool and llm-d-modelservice releases, and the HTTPRoute. */
    private registerLlmd02(name: string, spec: PDSpec, ctx: Llmd02Context): ReleaseNames {
        const { names, namespace, inNamespace, child, download, secret, plugin, controlPlane } = ctx;
        // Releases are replaced delete first (a rename would otherwise collide with the old release's
        // ClusterRole and need the GPUs twice), and the model service is replaced, not rolled, when its
        // vLLM pods change (a rolling update stalls on a full GPU cluster): see ./updates.
        const infra = new k8s.helm.v3.Release(
            `${name}-infra`,
            releaseArgs(CHARTS.infra, names.infraRelease, namespace, buildInfraValues(spec), CONTROL_RELEASE_TIMEOUT_SECONDS),
            // The gateway installs into the namespace, and needs the gateway control plane (Gateway CRD, controller).
            child({ dependsOn: [...inNamespace, ...controlPlane], deleteBeforeReplace: true }),
        );
        const gaie = new k8s.helm.v3.Release(
            `${name}-gaie`,
            releaseArgs(CHARTS.gaie, names.gaieRelease, namespace, buildGaieValues(spec), CONTROL_RELEASE_TIMEOUT_SECONDS),
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
                // on xpu the GPU plugin that advertises the gpu.intel.com/i915 they request.
                dependsOn: [
                    ...inNamespace,
                    ...(download ? [download] : secret ? [secret] : []),
                    ...(plugin ? [plugin] : []),
                    // Its InferenceModel's CRD comes with the gateway control plane.
                    ...controlPlane,
                ],
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
        return { infra: infra.name as pulumi.Output<string>, gaie: gaie.name as pulumi.Output<string>, ms: ms.name as pulumi.Output<string> };
    }
}
