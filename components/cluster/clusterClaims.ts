/**
 * What the components of one program have claimed on one Kubernetes cluster, held in an object the
 * program creates once per cluster and hands to every component it deploys there (the way
 * pulumi-eks hands its cluster to node groups). Nothing is kept in module state: two programs, or two
 * mocked test runs, never see each other's claims.
 */
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../validation";

/**
 * The cluster-wide resources a cluster runs once, whichever component of the program installs them
 * first; later components wait for that one instead of installing a second.
 */
export const CLUSTER_WIDE = {
    /** The Intel GPU device plugin DaemonSet (`gpu.intel.com/i915`). */
    intelGpuPlugin: "the Intel GPU device plugin",
    /** The Gateway API CRDs (installed by a GatewayControlPlane, or by GKE's gateway controller). */
    gatewayApiCrds: "the Gateway API CRDs",
    /** The Gateway API Inference Extension CRDs of llm-d 0.2 (`inference.networking.x-k8s.io`: InferencePool v1alpha2, InferenceModel). */
    inferenceExtensionCrds: "the Inference Extension CRDs",
    /**
     * The InferencePool v1 CRD (`inference.networking.k8s.io`) of llm-d 0.10. Other objects than the x-k8s
     * CRDs above: both sets can be on one cluster.
     */
    inferencePoolV1Crds: "the InferencePool v1 CRD",
    /** Istio's CRDs and istiod. */
    istio: "the istio control plane",
    /** kgateway's CRDs and controller. */
    kgateway: "the kgateway control plane",
    /** agentgateway's CRDs and controller. */
    agentgateway: "the agentgateway control plane",
    /** KEDA (its CRDs, operator and metrics server), which scales autoscaled installs. */
    keda: "KEDA",
    /** The llm-d Grafana dashboard ConfigMap (it covers every namespace and model). */
    grafanaDashboard: "the llm-d Grafana dashboard",
} as const;
export type ClusterWide = keyof typeof CLUSTER_WIDE;

/** Who holds a claim, for messages. */
interface Holder {
    owner: string;
    namespace: string;
}

/** Which version of a cluster-wide resource the cluster gets, and from whom. */
export interface InstalledVersion {
    /** The version the resource installs (`v1.5.1`, `1.29.2`). */
    version: string;
    /** Who installs it, for messages: `GatewayControlPlane "gateway" (llm-d 0.9)`. */
    by: string;
}

/** A cluster-wide resource as recorded: the resource that installs it, and its version when it has one. */
interface Installed {
    resource: pulumi.Resource;
    /** Absent when the version is not this program's to choose (GKE's own Gateway API CRDs): then it serves every version. */
    version?: InstalledVersion;
}

/**
 * The claims of the PDStacks (and control planes) a program deploys on one cluster: the release
 * postfixes (each names the cluster-scoped `gaie-<postfix>-epp` ClusterRole and ClusterRoleBinding),
 * the namespaces (one install per namespace), and the cluster-wide resources of {@link CLUSTER_WIDE}.
 *
 * Create one per cluster and pass it to every component deployed there, with the cluster's provider:
 *
 *     const cluster = new ClusterClaims("prod", provider);
 *     new PDStack("llama", { ... }, { clusterClaims: cluster });
 *     new PDStack("qwen", { ... }, { clusterClaims: cluster });
 *
 * {@link GkeCluster} makes its own (`gkeCluster.clusterClaims`). A component given none assumes it is
 * alone on its cluster: it checks nothing against other components and installs every cluster-wide
 * resource it needs itself.
 */
export class ClusterClaims {
    /** A name for the cluster, used in messages. */
    readonly name: string;
    /** The Kubernetes provider of the cluster; undefined for the program's default provider. */
    readonly provider: pulumi.ProviderResource | undefined;

    private readonly postfixes = new Map<string, Holder>();
    private readonly namespaces = new Map<string, Holder & { postfix: string }>();
    private readonly clusterWide = new Map<ClusterWide, Installed>();
    private readonly storageClasses = new Map<string, string>();

    constructor(name: string, provider?: pulumi.ProviderResource) {
        this.name = name;
        this.provider = provider;
    }

    /**
     * Claims the names of one PDStack install: its release postfix (the inferencepool chart creates the
     * cluster-scoped ClusterRole and ClusterRoleBinding `gaie-<postfix>-epp`) and its namespace (its
     * Namespace and token Secret, and the pods its InferencePool selects by label). Throws an
     * {@link InputError} naming the other install when either is taken; claims nothing then.
     */
    claimInstall(owner: string, postfix: string, namespace: string): void {
        const postfixHolder = this.postfixes.get(postfix);
        if (postfixHolder) {
            throw new InputError(
                `PDStack "${owner}": releasePostfix "${postfix}" in namespace "${namespace}" collides with PDStack ` +
                    `"${postfixHolder.owner}" in namespace "${postfixHolder.namespace}" on the same cluster: the inferencepool chart creates ` +
                    `the cluster-scoped ClusterRole and ClusterRoleBinding "gaie-${postfix}-epp" for each install. ` +
                    `Give each install on a cluster its own releasePostfix.`,
            );
        }
        const namespaceHolder = this.namespaces.get(namespace);
        if (namespaceHolder) {
            throw new InputError(
                `PDStack "${owner}": namespace "${namespace}" is already used by PDStack "${namespaceHolder.owner}" ` +
                    `(releasePostfix "${namespaceHolder.postfix}") on the same cluster: both would own the Namespace and its ` +
                    `HF token Secret, and both InferencePools select every pod labelled llm-d.ai/inferenceServing: "true" in the ` +
                    `namespace, so each would route requests to the other's model. Give each install on a cluster its own namespace.`,
            );
        }
        this.postfixes.set(postfix, { owner, namespace });
        this.namespaces.set(namespace, { owner, namespace, postfix });
    }

    /** The cluster-wide resource another component of the program already installs on this cluster, if any. */
    installed(what: ClusterWide): pulumi.Resource | undefined {
        return this.clusterWide.get(what)?.resource;
    }

    /**
     * The version of `what` the cluster gets from another component of the program, and who installs
     * it; undefined when nothing installs it, or when it comes at a version the program does not choose
     * (GKE's Gateway API CRDs), which then serves every install.
     */
    installedVersion(what: ClusterWide): InstalledVersion | undefined {
        return this.clusterWide.get(what)?.version;
    }

    /**
     * Records the resource that installs `what` on this cluster, so that later components wait for it
     * instead of installing a second; with the `version` it installs, so that a component needing
     * another version of it is told (a cluster holds one version of a CRD or a controller). Throws if
     * another resource already holds it (check with {@link installed} first).
     */
    recordInstalled(what: ClusterWide, resource: pulumi.Resource, version?: InstalledVersion): void {
        if (this.clusterWide.has(what)) {
            throw new Error(`cluster "${this.name}": ${CLUSTER_WIDE[what]} is already installed by another resource of this program`);
        }
        this.clusterWide.set(what, { resource, ...(version ? { version } : {}) });
    }

    /**
     * Records a StorageClass that this program creates on the cluster, with its provisioner (a GkeCluster's
     * Filestore class), so that a component using the class knows its provisioner without reading the
     * class from the cluster, where during the first `pulumi up` it does not exist yet.
     */
    recordStorageClass(name: string, provisioner: string): void {
        const recorded = this.storageClasses.get(name);
        if (recorded !== undefined && recorded !== provisioner) {
            throw new Error(`cluster "${this.name}": StorageClass "${name}" is already created by this program, with provisioner ${recorded}`);
        }
        this.storageClasses.set(name, provisioner);
    }

    /** The provisioner of a StorageClass this program creates on the cluster; undefined for any other class. */
    storageClassProvisioner(name: string): string | undefined {
        return this.storageClasses.get(name);
    }
}
