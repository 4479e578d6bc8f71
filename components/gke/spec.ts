/**
 * The validated spec a {@link GkeCluster} is built from: GKE cluster args, checked by one zod schema,
 * with the GPU type's machine, disk and per-node GPU count filled in from {@link GPU_TYPES}.
 */
import { z } from "zod";
import { controlPlaneOf } from "../controlplane";
import { DEFAULT_LLMD_RELEASE, llmdReleaseSchema, LlmdRelease } from "../releases";
import { InputError, keyName, oneOf, parseInput, parseIpv4Cidr, positiveInt, rangesOverlap, required } from "../validation";

/** What a GKE GPU node of one accelerator type is made of. */
export interface GpuNodeProfile {
    /** Compute Engine machine type that carries this GPU. */
    machineType: string;
    /** GPUs attached to one node of that machine type. */
    gpusPerNode: number;
    /** Boot disk type the machine type supports (A3 Ultra only takes Hyperdisk). */
    diskType: string;
    /**
     * Whether Compute Engine sells the machine type on demand. A3 Ultra (`a3-ultragpu-8g`) is
     * reservation-bound: without a reservation or Spot capacity its node pool cannot be created.
     */
    onDemand: boolean;
}

/** GPU types GkeCluster can build a node pool for, keyed by GKE accelerator type. */
export const GPU_TYPES = {
    "nvidia-h200-141gb": { machineType: "a3-ultragpu-8g", gpusPerNode: 8, diskType: "hyperdisk-balanced", onDemand: false },
    "nvidia-h100-80gb": { machineType: "a3-highgpu-8g", gpusPerNode: 8, diskType: "pd-ssd", onDemand: true },
} as const satisfies Record<string, GpuNodeProfile>;

export type GpuType = keyof typeof GPU_TYPES;
export const GPU_TYPE_NAMES = Object.keys(GPU_TYPES) as GpuType[];

export const DEFAULT_GPU_TYPE: GpuType = "nvidia-h200-141gb";
export const DEFAULT_GPU_NODE_COUNT = 1;
/** Zone suffix used when no gpuZones are given: "-b" exists in nearly every GCP region. */
export const DEFAULT_GPU_ZONE_SUFFIX = "-b";
export const DEFAULT_GPU_DISK_SIZE_GB = 500;
export const DEFAULT_SYSTEM_MACHINE_TYPE = "e2-standard-8";
export const DEFAULT_RELEASE_CHANNEL = "REGULAR";
export const GPU_DRIVER_VERSIONS = ["DEFAULT", "LATEST"] as const;
export const DEFAULT_GPU_DRIVER_VERSION = "LATEST";
export const RELEASE_CHANNELS = ["RAPID", "REGULAR", "STABLE"] as const;
/** Default address ranges of the cluster's VPC. */
export const DEFAULT_CIDRS = {
    nodes: "10.0.0.0/20",
    pods: "10.4.0.0/14",
    services: "10.8.0.0/20",
    proxyOnly: "10.129.0.0/23",
} as const;

/** GKE cluster names: lowercase letters, digits and '-', starting with a letter, at most 40. */
const CLUSTER_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const ZONE = /^[a-z]+-[a-z]+[0-9]+-[a-z]$/;
const CIDR_MESSAGE = "must be an IPv4 CIDR such as 10.0.0.0/20 (four numbers 0-255, a prefix 0-32)";
const cidr = z.string({ error: CIDR_MESSAGE }).refine((s) => parseIpv4Cidr(s) !== undefined, { error: CIDR_MESSAGE });

/** The four ranges of the cluster's VPC, by key: GCP refuses a subnet or secondary range that overlaps another. */
const CIDR_KEYS = { nodesCidr: "nodes", podsCidr: "pods", servicesCidr: "services", proxyOnlyCidr: "proxyOnly" } as const;

/** Each pair of the VPC's ranges that overlap, reported at the later key the user set. */
function cidrOverlaps(args: Partial<Record<keyof typeof CIDR_KEYS, string>>, ctx: z.RefinementCtx): void {
    const keys = Object.keys(CIDR_KEYS) as (keyof typeof CIDR_KEYS)[];
    const value = (k: keyof typeof CIDR_KEYS) => args[k] ?? DEFAULT_CIDRS[CIDR_KEYS[k]];
    keys.forEach((a, i) => {
        for (const b of keys.slice(i + 1)) {
            const [ra, rb] = [parseIpv4Cidr(value(a)), parseIpv4Cidr(value(b))];
            if (ra && rb && rangesOverlap(ra, rb) && (args[a] !== undefined || args[b] !== undefined)) {
                const at = args[b] !== undefined ? b : a;
                const other = at === b ? a : b;
                ctx.addIssue({
                    code: "custom",
                    path: [at],
                    input: value(at),
                    message: `overlaps ${other} ${value(other)}${args[other] === undefined ? " (the default)" : ""}: the VPC's ranges must not overlap; pick a range outside it`,
                });
            }
        }
    });
}

/** The shape of {@link GkeClusterArgs} (and of the `gkeCluster` stack config without `create`). */
export const gkeClusterInputSchema = z.strictObject({
    region: z.string({ error: required("must be a GCP region such as us-central1") }).regex(REGION, { error: "must be a GCP region such as us-central1" }),
    project: z.string({ error: "must be a GCP project ID" }).min(1, { error: "must not be empty" }).optional(),
    clusterName: z
        .string({ error: "must be a string" })
        .regex(CLUSTER_NAME, { error: "must be a GKE cluster name: at most 40 lowercase letters, digits and '-', starting with a letter" })
        .optional(),
    gpuType: z.enum(GPU_TYPE_NAMES as [GpuType, ...GpuType[]], { error: oneOf(GPU_TYPE_NAMES) }).optional(),
    gpuNodeCount: positiveInt.optional(),
    gpuZones: z
        .array(z.string().regex(ZONE, { error: "must be a GCP zone such as us-central1-b" }), { error: "must be a list of zones" })
        .min(1, { error: "must list at least one zone" })
        .optional(),
    reservation: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }).optional(),
    spot: z.boolean({ error: "must be true or false" }).optional(),
    gpuDiskSizeGb: positiveInt.optional(),
    gpuDriverVersion: z.enum(GPU_DRIVER_VERSIONS, { error: oneOf(GPU_DRIVER_VERSIONS) }).optional(),
    systemMachineType: z.string({ error: "must be a machine type" }).min(1, { error: "must not be empty" }).optional(),
    releaseChannel: z.enum(RELEASE_CHANNELS, { error: oneOf(RELEASE_CHANNELS) }).optional(),
    deletionProtection: z.boolean({ error: "must be true or false" }).optional(),
    nodesCidr: cidr.optional(),
    podsCidr: cidr.optional(),
    servicesCidr: cidr.optional(),
    proxyOnlyCidr: cidr.optional(),
    llmdVersion: llmdReleaseSchema.optional(),
});

/** Everything GkeCluster builds from, defaults applied. */
export interface GkeClusterSpec {
    region: string;
    project?: string;
    clusterName: string;
    gpuType: GpuType;
    gpu: GpuNodeProfile;
    gpuNodeCount: number;
    gpuZones: string[];
    /** GPUs the cluster offers to pods: gpusPerNode x gpuNodeCount x zones. */
    totalGpus: number;
    reservation?: string;
    /** GPU nodes are Spot VMs (preemptible), not reserved or on-demand ones. */
    spot: boolean;
    gpuDiskSizeGb: number;
    gpuDriverVersion: (typeof GPU_DRIVER_VERSIONS)[number];
    systemMachineType: string;
    releaseChannel: (typeof RELEASE_CHANNELS)[number];
    deletionProtection: boolean;
    cidrs: { nodes: string; pods: string; services: string; proxyOnly: string };
    /** The llm-d release of the PDStacks the cluster hosts: which Inference Extension CRDs it gets. */
    llmdVersion: LlmdRelease;
    /**
     * The lowest GKE version the release needs, when it needs one: on llm-d 0.9 the version from which GKE
     * installs the InferencePool v1 CRD (`1.34.0-gke.1626000`). GkeCluster creates the cluster at a version
     * of its release channel at least this one (./engineVersions). Undefined: GKE's default version.
     */
    minimumGkeVersion?: string;
}

/**
 * The lowest GKE version of a cluster whose PDStacks follow `llmdVersion`: when GKE brings the release's
 * Inference Extension CRDs (llm-d 0.9: InferencePool v1 from 1.34.0-gke.1626000), that version; none on
 * llm-d 0.2, whose CRDs GkeCluster installs.
 */
export function minimumGkeVersionFor(llmdVersion: LlmdRelease): string | undefined {
    return controlPlaneOf(llmdVersion).inferenceCrds.fromGke?.minimumVersion;
}

/**
 * Why the GPU node pool could not get capacity, or undefined: a machine type Compute Engine does
 * not sell on demand needs `reservation` or `spot`, and a Spot pool consumes no reservation.
 */
export function gpuCapacityProblem(args: { gpuType?: GpuType; reservation?: string; spot?: boolean; gpuZones?: string[]; region: string }): { key: "reservation" | "spot"; message: string } | undefined {
    const gpuType = args.gpuType ?? DEFAULT_GPU_TYPE;
    const gpu = GPU_TYPES[gpuType];
    if (args.spot && args.reservation !== undefined) {
        return { key: "spot", message: `Spot nodes consume no reservation: give reservation (${JSON.stringify(args.reservation)}) or spot: true, not both` };
    }
    if (!gpu.onDemand && args.reservation === undefined && !args.spot) {
        const zones = (args.gpuZones ?? [`${args.region}${DEFAULT_GPU_ZONE_SUFFIX}`]).join(", ");
        return {
            key: "reservation",
            message:
                `${gpuType} (${gpu.machineType}) is not sold on demand, so its node pool cannot be created: ` +
                `set reservation to a reservation of ${gpu.machineType} in ${zones}, or spot: true (Spot VMs, which GCP may preempt)` +
                GPU_TYPE_NAMES.filter((t) => GPU_TYPES[t].onDemand).map((t) => `, or gpuType ${t}`).join(""),
        };
    }
    return undefined;
}

/**
 * The input schema plus the cross-field checks: the GPU zones lie in the cluster's region, and the
 * GPU node pool can get capacity ({@link gpuCapacityProblem}).
 */
export const gkeClusterSchema = gkeClusterInputSchema.superRefine((args, ctx) => {
    (args.gpuZones ?? []).forEach((zone, i) => {
        if (!zone.startsWith(`${args.region}-`)) {
            ctx.addIssue({ code: "custom", path: ["gpuZones", i], input: zone, message: `must be a zone of region ${args.region} (the cluster's region)` });
        }
    });
    cidrOverlaps(args, ctx);
    const capacity = gpuCapacityProblem(args);
    if (capacity) {
        ctx.addIssue({ code: "custom", path: [capacity.key], input: args[capacity.key], message: capacity.message });
    }
});

/**
 * Validates GKE cluster args and applies the defaults; throws an {@link InputError} naming the
 * field. `name` is the component name, the cluster's name unless clusterName is given; `prefix` is
 * how the user spells the root in errors (`GkeClusterArgs`, `llm-d-pd:gkeCluster`).
 */
export function resolveGkeClusterSpec(name: string, input: unknown, prefix = "GkeClusterArgs"): GkeClusterSpec {
    const args = parseInput(gkeClusterSchema, input, prefix, "GkeCluster configuration");
    const clusterName = args.clusterName ?? name;
    if (!CLUSTER_NAME.test(clusterName)) {
        throw new InputError(
            `invalid GkeCluster configuration:\n  ${keyName(prefix, ["clusterName"])}: is not set, and the component name ${JSON.stringify(name)} ` +
                `is not a GKE cluster name (at most 40 lowercase letters, digits and '-', starting with a letter): set clusterName`,
        );
    }
    const gpuType = args.gpuType ?? DEFAULT_GPU_TYPE;
    const gpu = GPU_TYPES[gpuType];
    const gpuNodeCount = args.gpuNodeCount ?? DEFAULT_GPU_NODE_COUNT;
    const gpuZones = args.gpuZones ?? [`${args.region}${DEFAULT_GPU_ZONE_SUFFIX}`];
    const llmdVersion = args.llmdVersion ?? DEFAULT_LLMD_RELEASE;
    const minimumGkeVersion = minimumGkeVersionFor(llmdVersion);
    return {
        region: args.region,
        project: args.project,
        clusterName,
        gpuType,
        gpu,
        gpuNodeCount,
        gpuZones,
        totalGpus: gpu.gpusPerNode * gpuNodeCount * gpuZones.length,
        reservation: args.reservation,
        spot: args.spot ?? false,
        gpuDiskSizeGb: args.gpuDiskSizeGb ?? DEFAULT_GPU_DISK_SIZE_GB,
        gpuDriverVersion: args.gpuDriverVersion ?? DEFAULT_GPU_DRIVER_VERSION,
        systemMachineType: args.systemMachineType ?? DEFAULT_SYSTEM_MACHINE_TYPE,
        releaseChannel: args.releaseChannel ?? DEFAULT_RELEASE_CHANNEL,
        deletionProtection: args.deletionProtection ?? false,
        cidrs: {
            nodes: args.nodesCidr ?? DEFAULT_CIDRS.nodes,
            pods: args.podsCidr ?? DEFAULT_CIDRS.pods,
            services: args.servicesCidr ?? DEFAULT_CIDRS.services,
            proxyOnly: args.proxyOnlyCidr ?? DEFAULT_CIDRS.proxyOnly,
        },
        llmdVersion,
        ...(minimumGkeVersion ? { minimumGkeVersion } : {}),
    };
}
