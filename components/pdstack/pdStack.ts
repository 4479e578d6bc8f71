/** The PDStack component: validates its args into a spec, then registers the resources built from it. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterResourceOptions, resolveClusterOptions } from "../cluster";
import { gatewayAccess } from "./access";
import { hfTokenProblem, hfTokenValueProblem, SECRET_KEYS } from "./hfToken";
import { buildHfTokenSecret, buildIntelGpuPluginDaemonSet } from "./objects";
import { buildModelCacheBindJob, buildModelCacheClaim, buildModelDownloadJob, ModelCacheSpec } from "../modelcache";
import { PDStackArgs } from "./args";
import { PDSpec, resolveSpec } from "./spec";
import { PDSTACK_TYPE } from "../tokens";
import { InputError, isDeferred, printable } from "../validation";
import { checkClusterControlPlane, clusterControlPlane } from "./clusterControlPlane";
import { checkedStorageClass } from "./modelCacheClass";
import { RELEASE_PROFILES } from "../releases";

/** How long the gateway and scheduler releases may take to become ready, in seconds. */
const CONTROL_RELEASE_TIMEOUT_SECONDS = 600;

/** Splits component args into the plain part the schema validates and the secret token. */
function validateArgs(name: string, args: PDStackArgs): PDSpec {
    if (!args || typeof args !== "object" || Array.isArray(args) || isDeferred(args)) {
        const why = isDeferred(args) ? "not an Output/Promise: the args must be a plain object" : "at least { hardware }";
        throw InputError.of("PDStack configuration", [`PDStackArgs: PDStack "${name}" needs args, ${why}`]);
    }
    const { hfToken, ...plain } = args;
    const tokenProblem = hfTokenValueProblem("PDStackArgs", hfToken);
    if (tokenProblem) {
        throw InputError.of("PDStack configuration", [tokenProblem]);
    }
    const spec = resolveSpec(plain, "PDStackArgs", { rootKeys: SECRET_KEYS });
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
        ...(spec.autoscaling ? { autoscaling: spec.autoscaling } : {}),
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

/**
 * llm-d prefill/decode disaggregated serving on one Kubernetes cluster: the namespace, the HF token
 * Secret, on Intel XPU the GPU device plugin, optionally the gateway control plane and the model cache;
 * then what the install's llm-d release deploys (`llmdVersion`, components/releases): on llm-d 0.2 (the
 * default) the llm-d-infra gateway, the inferencepool with llm-d's EPP, llm-d-modelservice running vLLM
 * prefill and decode with NIXL, the HTTPRoute and optionally monitoring; on llm-d 0.9 the llm-d-router
 * release (InferencePool v1 and EPP), the Gateway, the prefill and decode Deployments with the
 * disaggregation sidecar, and the HTTPRoute.
 */
export class PDStack extends pulumi.ComponentResource {
    /** The type token, which `validateResourceOfType` and the component provider read. */
    public static readonly __pulumiType = PDSTACK_TYPE;

    /** Hardware profile of the install (h200-ib, gke or xpu); stack policies read it from the outputs. */
    public readonly hardware: pulumi.Output<string>;
    /** Gateway provider of the install: istio, kgateway, gke, agentgateway or standalone. Set on every llm-d release. */
    public readonly gateway: pulumi.Output<string>;
    /** Namespace of the install. */
    public readonly namespace: pulumi.Output<string>;
    /** Helm release name of llm-d-infra (the gateway). Set on llmdVersion "0.2" only. */
    public readonly infraReleaseName?: pulumi.Output<string>;
    /** Helm release name of inferencepool (pool and EPP). Set on llmdVersion "0.2" only. */
    public readonly gaieReleaseName?: pulumi.Output<string>;
    /** Helm release name of llm-d-modelservice (vLLM prefill and decode). Set on llmdVersion "0.2" only. */
    public readonly msReleaseName?: pulumi.Output<string>;
    /** Helm release name of the llm-d Router (llm-d-router-gateway or -standalone: InferencePool and EPP). Set on llmdVersion "0.9" only. */
    public readonly routerReleaseName?: pulumi.Output<string>;
    /**
     * Service clients port-forward to: the Gateway's on istio, kgateway and agentgateway; on standalone (llmdVersion "0.9") the
     * router's EPP Service, whose Envoy serves requests. Not set on gke: its Gateway is a Google Cloud load balancer with no
     * Service in the cluster.
     */
    public readonly gatewayServiceName?: pulumi.Output<string>;
    /** The model name clients put in the `model` field of requests. */
    public readonly servedModelName: pulumi.Output<string>;
    /** `kubectl port-forward` command that exposes the gateway on localhost:8000 (every gateway but gke). Not set on gke: use gatewayAddressCommand. */
    public readonly portForwardCommand?: pulumi.Output<string>;
    /** `kubectl get gateway` command that prints the address of the gke Gateway's load balancer. Set on gateway gke only: elsewhere use portForwardCommand. */
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
            // The claim's class, read from the cluster at preview: a ReadWriteMany claim of a class of block
            // disks fails the preview, naming the claim and the class, and the claim is never registered.
            const storageClass = checkedStorageClass(`PDStack "${printable(name)}"`, name, spec.modelCache, claims, this);
            const claim = new k8s.core.v1.PersistentVolumeClaim(
                `${name}-model-cache`,
                buildModelCacheClaim(spec.modelCache, storageClass.storageClassName),
                child({ dependsOn: [...inNamespace, ...storageClass.dependsOn], retainOnDelete: spec.modelCache.retainOnDelete }),
            );
            // Any other reason the claim does not bind (no provisioner, a class that refuses the access
            // mode, no capacity) fails `pulumi up` at the bind Job's deadline, naming the claim, long
            // before the download's own deadline would.
            const bound = new k8s.batch.v1.Job(`${name}-model-cache-bind`, buildModelCacheBindJob(spec.modelCache), child({ dependsOn: [...inNamespace, claim] }));
            download = new k8s.batch.v1.Job(
                `${name}-model-download`,
                buildModelDownloadJob(spec.modelCache),
                child({ dependsOn: [...inNamespace, claim, bound, ...(secret ? [secret] : [])] }),
            );
        }

        // What the releases and the route wait for: the gateway control plane, installed here (once per
        // cluster) when asked. Then the release profile registers the rest (components/releases).
        const { controlPlane, keda } = clusterControlPlane(name, spec, claims, this);

        const releaseOutputs = RELEASE_PROFILES[spec.llmdVersion].register(name, spec, {
            parent: this,
            namespace,
            inNamespace,
            modelServerDependencies: [...(download ? [download] : secret ? [secret] : []), ...(plugin ? [plugin] : [])],
            controlPlane,
            keda,
            claims,
            controlReleaseTimeoutSeconds: CONTROL_RELEASE_TIMEOUT_SECONDS,
        });

        this.hardware = pulumi.output(spec.hardware);
        this.gateway = pulumi.output(spec.gateway);
        this.namespace = pulumi.output(namespace);
        this.infraReleaseName = releaseOutputs.infraReleaseName;
        this.gaieReleaseName = releaseOutputs.gaieReleaseName;
        this.msReleaseName = releaseOutputs.msReleaseName;
        this.routerReleaseName = releaseOutputs.routerReleaseName;
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
            routerReleaseName: this.routerReleaseName,
            gatewayServiceName: this.gatewayServiceName,
            servedModelName: this.servedModelName,
            portForwardCommand: this.portForwardCommand,
            gatewayAddressCommand: this.gatewayAddressCommand,
            curlCommand: this.curlCommand,
            smokeCommand: this.smokeCommand,
        });
    }
}
