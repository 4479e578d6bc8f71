/**
 * GkeCluster: a GKE cluster ready for PDStack's gke hardware and gateway: a VPC-native regional
 * cluster with the Gateway API (standard channel) and HTTP load balancing, the proxy-only subnet
 * the regional gateway classes need, a small system node pool, and a GPU node pool whose driver GKE
 * installs.
 */
// The three modules of @pulumi/gcp GkeCluster uses, not its index: the index declares every GCP service
// (2,100 declaration files for the compiler, ~140 ms to load), these about a fifth of that.
import * as compute from "@pulumi/gcp/compute";
import * as container from "@pulumi/gcp/container";
import * as projects from "@pulumi/gcp/projects";
import type * as gcpTypes from "@pulumi/gcp/types";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { checkResourceOptions, ClusterClaims } from "../cluster";
import { controlPlaneMissing, GatewayControlPlane, inferenceCrdsFromGke } from "../controlplane";
import { GKE_CLUSTER_TYPE } from "../tokens";
import { pickMasterVersion } from "./engineVersions";
import { GkeClusterSpec, resolveGkeClusterSpec } from "./spec";
import { buildGkeKubeconfig } from "./kubeconfig";
import { buildModelCacheStorageClass, FILESTORE_CSI_PROVISIONER, MODEL_CACHE_STORAGE_CLASS } from "./modelCacheStorageClass";

/** Arguments of `GkeCluster`. Validated before anything is registered. */
export interface GkeClusterArgs {
    /** GCP region of the cluster, its subnets and the regional gateway (e.g. `us-central1`). Required. */
    region: string;
    /** GCP project ID. Default: the gcp provider's project (`gcp:project`). */
    project?: string;
    /** GKE cluster name: at most 40 lowercase letters, digits and '-'. Default: the component name. */
    clusterName?: string;
    /**
     * GKE accelerator type of the GPU node pool: `nvidia-h200-141gb` (machine `a3-ultragpu-8g`) or
     * `nvidia-h100-80gb` (machine `a3-highgpu-8g`); 8 GPUs per node either way.
     * Default: "nvidia-h200-141gb".
     */
    gpuType?: string;
    /** GPU nodes in each of `gpuZones`, an integer. Default: 1. */
    gpuNodeCount?: number;
    /**
     * Zones of the GPU node pool, in `region`. H100/H200 capacity is zonal and usually reserved: list the
     * zones of your reservation. Default: ["<region>-b"].
     */
    gpuZones?: string[];
    /**
     * Name of a specific Compute Engine reservation the GPU nodes consume. H200 (`a3-ultragpu-8g`) is
     * not sold on demand: it needs a reservation in `gpuZones` or `spot`. Default: none (on-demand capacity).
     */
    reservation?: string;
    /**
     * Run the GPU nodes as Spot VMs: no reservation needed, but GCP may preempt a node at any time and
     * the vLLM pods on it restart elsewhere (or wait for capacity). Not together with `reservation`.
     * Default: false.
     */
    spot?: boolean;
    /** Boot disk of each GPU node, in whole GB (the model cache lives on it). Default: 500. */
    gpuDiskSizeGb?: number;
    /** GPU driver GKE installs on the GPU nodes: `DEFAULT` or `LATEST`. Default: "LATEST". */
    gpuDriverVersion?: string;
    /** Machine type of the system node pool (gateway, scheduler, cluster add-ons; one node per zone). Default: "e2-standard-8". */
    systemMachineType?: string;
    /** GKE release channel: `RAPID`, `REGULAR` or `STABLE`. Default: "REGULAR". */
    releaseChannel?: string;
    /** Refuse to delete the cluster (`pulumi destroy` then fails until it is turned off). Default: false. */
    deletionProtection?: boolean;
    /** Primary range of the node subnet. Default: "10.0.0.0/20". */
    nodesCidr?: string;
    /** Secondary range for Pods (VPC-native). Default: "10.4.0.0/14". */
    podsCidr?: string;
    /** Secondary range for Services (VPC-native). Default: "10.8.0.0/20". */
    servicesCidr?: string;
    /** Range of the proxy-only subnet (purpose REGIONAL_MANAGED_PROXY) the regional gateway needs. Default: "10.129.0.0/23". */
    proxyOnlyCidr?: string;
    /**
     * The llm-d release (PDStack's `llmdVersion`) of the PDStacks the cluster hosts, which decides its
     * Inference Extension CRDs: `0.2` installs v0.5.1 (InferencePool v1alpha2, InferenceModel); `0.9` creates
     * the cluster at GKE 1.34.0-gke.1626000 or later, from which GKE installs the InferencePool v1 CRD itself:
     * the release channel's default version, else its latest (the preview fails, naming the versions each
     * channel offers, when neither is). Default: "0.2".
     */
    llmdVersion?: string;
}

/**
 * How GKE upgrades the GPU node pool: one node at a time, drained before its replacement is made,
 * so an upgrade needs no GPU node beyond the pool (`maxSurge` 0; a surge node of a reserved machine
 * type would need a spare reservation slot). The vLLM pods of the drained node are down meanwhile.
 */
export const GPU_POOL_UPGRADE_SETTINGS = { strategy: "SURGE", maxSurge: 0, maxUnavailable: 1 } as const;

/**
 * APIs the cluster needs; left enabled on destroy (other resources of the project may use them). The
 * Network Services API is the one GKE's inference gateway (the gke-l7 gateway classes with
 * InferencePools) programs its load balancer's routing through.
 */
export const REQUIRED_SERVICES = ["compute.googleapis.com", "container.googleapis.com", "file.googleapis.com", "networkservices.googleapis.com"] as const;
export const PODS_RANGE = "pods";
export const SERVICES_RANGE = "services";
const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/**
 * Each GkeCluster's claims and Kubernetes provider, kept off the instance: the component schema lists
 * every instance property as an output, and a `k8s.Provider` output becomes a `$ref` to
 * `/kubernetes/.../resources/kubernetes`, which the CLI's schema binder cannot resolve (it knows the
 * provider only as `pulumi:providers:kubernetes`), so `pulumi package add` would generate no SDK at all.
 * Other languages build their own provider from the `kubeconfig` output.
 */
const CLUSTER_CLAIMS = new WeakMap<GkeCluster, ClusterClaims>();
const CLUSTER_PROVIDERS = new WeakMap<GkeCluster, k8s.Provider>();

/**
 * A GKE cluster for llm-d P/D serving, with a Kubernetes provider and the cluster's claims to deploy
 * PDStacks through, and the Inference Extension CRDs its PDStacks' llm-d release needs (`llmdVersion`:
 * on 0.2 GKE installs only the Gateway API and the component the rest; on 0.9 GKE installs both):
 *
 *     const cluster = new GkeCluster("llm-d", { region: "us-central1" });
 *     new PDStack("llama", { hardware: "gke", hfToken }, { clusterClaims: cluster.clusterClaims });
 */
export class GkeCluster extends pulumi.ComponentResource {
    /** The type token, which `validateResourceOfType` and the component provider read. */
    public static readonly __pulumiType = GKE_CLUSTER_TYPE;

    /** Name of the GKE cluster. */
    public readonly clusterName: pulumi.Output<string>;
    /** GPUs the GPU node pool offers (8 per node, times nodes per zone, times zones). */
    public readonly totalGpus: pulumi.Output<number>;
    /** Kubeconfig of the cluster (secret); authenticates with the gke-gcloud-auth-plugin exec plugin. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** StorageClass for PDStack's model cache (Filestore, ReadWriteMany, in the cluster's VPC): PDStack's `modelCache.storageClassName`. */
    public readonly modelCacheStorageClass: pulumi.Output<string>;

    /**
     * The claims of this cluster: pass them to every PDStack deployed on it (`{ clusterClaims: cluster.clusterClaims }`),
     * so that colliding installs are rejected, cluster-wide resources are installed once, and the PDStacks
     * wait for the Inference Extension CRDs. Exists in this program only (not a component output).
     */
    get clusterClaims(): ClusterClaims {
        return CLUSTER_CLAIMS.get(this)!;
    }

    /**
     * Kubernetes provider for the cluster (PDStack given `clusterClaims` deploys through it). Exists in
     * this program only (not a component output); other languages use the `kubeconfig` output.
     */
    get provider(): k8s.Provider {
        return CLUSTER_PROVIDERS.get(this)!;
    }

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        checkResourceOptions(`GkeCluster "${name}"`, opts);
        const spec = resolveGkeClusterSpec(name, args);
        super(GKE_CLUSTER_TYPE, name, gkeClusterSummary(spec), opts);
        const child = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ parent: this, ...extra });
        const project = spec.project;

        const services = REQUIRED_SERVICES.map(
            (service) => new projects.Service(`${name}-${service.split(".")[0]}`, { project, service, disableOnDestroy: false }, child()),
        );
        const network = new compute.Network(
            `${name}-network`,
            { name: `${spec.clusterName}-net`, project, autoCreateSubnetworks: false },
            child({ dependsOn: services }),
        );
        const nodes = new compute.Subnetwork(
            `${name}-nodes`,
            {
                name: `${spec.clusterName}-nodes`,
                project,
                region: spec.region,
                network: network.id,
                ipCidrRange: spec.cidrs.nodes,
                privateIpGoogleAccess: true,
                secondaryIpRanges: [
                    { rangeName: PODS_RANGE, ipCidrRange: spec.cidrs.pods },
                    { rangeName: SERVICES_RANGE, ipCidrRange: spec.cidrs.services },
                ],
            },
            child(),
        );
        const proxyOnly = new compute.Subnetwork(
            `${name}-proxy-only`,
            {
                name: `${spec.clusterName}-proxy-only`,
                project,
                region: spec.region,
                network: network.id,
                ipCidrRange: spec.cidrs.proxyOnly,
                purpose: "REGIONAL_MANAGED_PROXY",
                role: "ACTIVE",
            },
            child(),
        );
        const cluster = new container.Cluster(
            `${name}-cluster`,
            {
                name: spec.clusterName,
                project,
                location: spec.region,
                network: network.id,
                subnetwork: nodes.id,
                networkingMode: "VPC_NATIVE",
                ipAllocationPolicy: { clusterSecondaryRangeName: PODS_RANGE, servicesSecondaryRangeName: SERVICES_RANGE },
                removeDefaultNodePool: true,
                initialNodeCount: 1,
                gatewayApiConfig: { channel: "CHANNEL_STANDARD" },
                // The Filestore CSI driver provisions the model cache's ReadWriteMany claims (./modelCacheStorageClass).
                addonsConfig: { httpLoadBalancing: { disabled: false }, gcpFilestoreCsiDriverConfig: { enabled: true } },
                releaseChannel: { channel: spec.releaseChannel },
                deletionProtection: spec.deletionProtection,
                // On llm-d 0.9, a version of the release channel whose GKE installs the InferencePool v1 CRD.
                ...(spec.minimumGkeVersion ? { minMasterVersion: this.masterVersion(name, spec, spec.minimumGkeVersion) } : {}),
            },
            // The regional gateway cannot program its load balancer without the proxy-only subnet, and
            // on destroy the subnet must outlive the gateways of the cluster.
            child({ dependsOn: [proxyOnly] }),
        );
        const nodePoolBase = {
            cluster: cluster.name,
            project: cluster.project,
            location: spec.region,
            management: { autoRepair: true, autoUpgrade: true },
        };
        const systemPool = new container.NodePool(
            `${name}-system`,
            {
                ...nodePoolBase,
                name: "system",
                nodeCount: 1,
                nodeConfig: { machineType: spec.systemMachineType, oauthScopes: [CLOUD_PLATFORM_SCOPE] },
            },
            child(),
        );
        const gpuPool = new container.NodePool(
            `${name}-gpu`,
            {
                ...nodePoolBase,
                name: `gpu-${spec.gpu.machineType}`,
                nodeLocations: spec.gpuZones,
                nodeCount: spec.gpuNodeCount,
                nodeConfig: gpuNodeConfig(spec),
                upgradeSettings: { ...GPU_POOL_UPGRADE_SETTINGS },
            },
            child(),
        );

        this.clusterName = cluster.name;
        this.totalGpus = pulumi.output(spec.totalGpus);
        this.kubeconfig = pulumi.secret(
            pulumi.all([cluster.project, cluster.name, cluster.endpoint, cluster.masterAuth]).apply(([p, clusterName, endpoint, auth]) =>
                buildGkeKubeconfig({ project: p, region: spec.region, clusterName, endpoint, clusterCaCertificate: auth.clusterCaCertificate ?? "" }),
            ),
        );
        // The provider waits for both pools: the gateway and scheduler run on the system pool, vLLM on the GPU pool.
        const provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, child({ dependsOn: [systemPool, gpuPool] }));
        CLUSTER_PROVIDERS.set(this, provider);
        const claims = new ClusterClaims(spec.clusterName, provider);
        CLUSTER_CLAIMS.set(this, claims);
        // GKE's gateway controller installs the Gateway API CRDs (gatewayApiConfig), and on llm-d 0.9 the
        // InferencePool v1 CRD (the cluster's minimum version brings it). llm-d 0.2's InferencePool and
        // InferenceModel CRDs (x-k8s) are not GKE's: install them, once, for every PDStack given these claims.
        claims.recordInstalled("gatewayApiCrds", cluster);
        if (inferenceCrdsFromGke("gke", spec.llmdVersion)) {
            claims.recordInstalled("inferencePoolV1Crds", cluster);
        }
        if (controlPlaneMissing("gke", spec.llmdVersion, claims)) {
            new GatewayControlPlane(`${name}-gateway`, { gateway: "gke", llmdVersion: spec.llmdVersion }, { parent: this, clusterClaims: claims });
        }
        const storageClass = new k8s.storage.v1.StorageClass(
            `${name}-model-cache`,
            buildModelCacheStorageClass(network.name, spec.gpuZones),
            // Claims of this class create Filestore instances, which need the Filestore API on.
            child({ provider, dependsOn: services }),
        );
        // PDStacks on these claims take the class's provisioner from here: the class does not exist until this program creates it.
        claims.recordStorageClass(MODEL_CACHE_STORAGE_CLASS, FILESTORE_CSI_PROVISIONER);
        this.modelCacheStorageClass = storageClass.metadata.name;
        this.registerOutputs({
            clusterName: this.clusterName,
            totalGpus: this.totalGpus,
            kubeconfig: this.kubeconfig,
            modelCacheStorageClass: this.modelCacheStorageClass,
        });
    }

    /**
     * The version to create the cluster at, from the versions its release channel offers in its region
     * (`gcp.container.getEngineVersions`, GKE's server config, read at preview): the channel's default, or
     * its latest, whichever first reaches `minimum`. None does: the preview fails, naming what each channel
     * offers. The lookup needs the Kubernetes Engine API on in the project.
     */
    private masterVersion(name: string, spec: GkeClusterSpec, minimum: string): pulumi.Output<string> {
        return container
            .getEngineVersionsOutput({ location: spec.region, ...(spec.project ? { project: spec.project } : {}) }, { parent: this })
            .apply((offered) =>
                pickMasterVersion(offered, {
                    prefix: "GkeClusterArgs",
                    cluster: name,
                    region: spec.region,
                    channel: spec.releaseChannel,
                    minimum,
                    reason: GKE_VERSION_REASON,
                }),
            );
    }
}

/** Why a GkeCluster on llm-d 0.9 needs a minimum GKE version, as its error says. */
export const GKE_VERSION_REASON = "is where GKE installs the InferencePool v1 CRD llm-d 0.9 needs";

/** The GPU node pool's node config: machine, disk, gVNIC, the accelerators with GKE-installed drivers, the reservation or Spot. */
export function gpuNodeConfig(spec: GkeClusterSpec): gcpTypes.input.container.NodePoolNodeConfig {
    return {
        machineType: spec.gpu.machineType,
        diskType: spec.gpu.diskType,
        diskSizeGb: spec.gpuDiskSizeGb,
        oauthScopes: [CLOUD_PLATFORM_SCOPE],
        gvnic: { enabled: true },
        guestAccelerators: [
            {
                type: spec.gpuType,
                count: spec.gpu.gpusPerNode,
                gpuDriverInstallationConfig: { gpuDriverVersion: spec.gpuDriverVersion },
            },
        ],
        ...(spec.spot ? { spot: true } : {}),
        ...(spec.reservation
            ? {
                  reservationAffinity: {
                      consumeReservationType: "SPECIFIC_RESERVATION",
                      key: "compute.googleapis.com/reservation-name",
                      values: [spec.reservation],
                  },
              }
            : {}),
    };
}

/** What the component registers as its inputs: the resolved choices, for preview and policies. */
export function gkeClusterSummary(spec: GkeClusterSpec): Record<string, unknown> {
    return {
        region: spec.region,
        ...(spec.project ? { project: spec.project } : {}),
        clusterName: spec.clusterName,
        gpuType: spec.gpuType,
        machineType: spec.gpu.machineType,
        gpuNodeCount: spec.gpuNodeCount,
        gpuZones: spec.gpuZones,
        totalGpus: spec.totalGpus,
        ...(spec.reservation ? { reservation: spec.reservation } : {}),
        ...(spec.spot ? { spot: true } : {}),
        ...(spec.minimumGkeVersion ? { llmdVersion: spec.llmdVersion, minimumGkeVersion: spec.minimumGkeVersion } : {}),
    };
}
