/**
 * `pd-accelerator-resources` and `pd-accelerator-budget`: each vLLM container asks for what its
 * hardware has, as many accelerators as its tensor parallel size, with cpu and memory limits; and
 * the whole deployment stays within an accelerator budget.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { forbiddenResources, HARDWARE, HardwareName, INTEL_GPU, NVIDIA_GPU, RDMA_IB } from "../pdstack/hardware";
import { CONFIG_PREFIX, describeResource, GKE_CLUSTER, HELM_RELEASE, isModelServiceRelease, PDSTACK } from "./kubernetesResources";
import { parseQuantity } from "../validation";
import {
    acceleratorsPerPod,
    containerLabel,
    resourcesOf,
    ROLES,
    roleValues,
    tensorParallelSize,
    VllmContainer,
    vllmContainers,
} from "./vllmContainers";

export const ACCELERATOR_RESOURCES = "pd-accelerator-resources";
export const ACCELERATOR_BUDGET = "pd-accelerator-budget";
/** The seed's hardware: one node of 8 accelerators. */
export const DEFAULT_MAX_ACCELERATORS = 8;

/** The hardware a modelservice release runs on, and how the pack knows. */
export interface HardwareChoice {
    name?: HardwareName;
    /** For messages: `hardware "xpu" (PDStack "llm-d-pd")` or `hardware "gke" (inferred from the requested nvidia.com/gpu)`. */
    how: string;
}

function isHardwareName(v: unknown): v is HardwareName {
    return typeof v === "string" && Object.prototype.hasOwnProperty.call(HARDWARE, v);
}

/** Hardware from the extended resources the release's vLLM containers request. */
export function inferHardware(values: unknown): HardwareChoice {
    const asked = new Set<string>();
    for (const c of vllmContainers(values)) {
        const { limits, requests } = resourcesOf(c);
        Object.keys(limits).forEach((k) => asked.add(k));
        Object.keys(requests).forEach((k) => asked.add(k));
    }
    const name: HardwareName | undefined = asked.has(INTEL_GPU) ? "xpu" : asked.has(NVIDIA_GPU) ? (asked.has(RDMA_IB) ? "h200-ib" : "gke") : undefined;
    if (!name) {
        return { how: "unknown hardware (no PDStack parent says, and no container requests an accelerator)" };
    }
    const from = [INTEL_GPU, NVIDIA_GPU, RDMA_IB].filter((r) => asked.has(r)).join(" and ");
    return { name, how: `hardware "${name}" (inferred from the requested ${from})` };
}

/** The hardware of a release: its PDStack parent's `hardware`, else inferred from the requested resources. */
export function hardwareOf(release: { props: Record<string, any>; parent?: { type: string; name: string; props: Record<string, any> } }): HardwareChoice {
    const parent = release.parent;
    if (parent?.type === PDSTACK && isHardwareName(parent.props.hardware)) {
        return { name: parent.props.hardware, how: `hardware "${parent.props.hardware}" (PDStack "${parent.name}")` };
    }
    return inferHardware(release.props.values);
}

function fmt(q: unknown): string {
    return typeof q === "string" ? q : JSON.stringify(q);
}

function cpuMemoryProblems(c: VllmContainer, where: string): string[] {
    const { limits, requests } = resourcesOf(c);
    const messages: string[] = [];
    for (const r of ["cpu", "memory"]) {
        const key = `${CONFIG_PREFIX}${c.role} resources.limits.${r} (PDStackArgs.${c.role}.resources.limits.${r})`;
        const limit = limits[r];
        if (limit === undefined) {
            messages.push(`${where}: no ${r} limit: an unbounded vLLM pod can starve its node's other pods; set ${key}`);
            continue;
        }
        const lim = parseQuantity(limit);
        if (lim === undefined) {
            messages.push(`${where}: ${r} limit ${fmt(limit)} is not a Kubernetes quantity (e.g. "8", "500m", "64Gi"); set ${key}`);
            continue;
        }
        const request = requests[r];
        if (request === undefined) {
            continue;
        }
        const req = parseQuantity(request);
        if (req === undefined) {
            messages.push(`${where}: ${r} request ${fmt(request)} is not a Kubernetes quantity; set ${CONFIG_PREFIX}${c.role} resources.requests.${r}`);
        } else if (req > lim * (1 + 1e-9)) {
            messages.push(
                `${where}: ${r} request ${fmt(request)} is above its limit ${fmt(limit)}, which Kubernetes rejects; ` +
                    `set ${CONFIG_PREFIX}${c.role} resources.requests.${r} (PDStackArgs.${c.role}.resources.requests.${r}) to at most ${fmt(limit)}`,
            );
        }
    }
    return messages;
}

function extendedResourceProblems(c: VllmContainer, where: string): string[] {
    const { limits, requests } = resourcesOf(c);
    const names = [...new Set([...Object.keys(limits), ...Object.keys(requests)])].filter((n) => n.includes("/"));
    const messages: string[] = [];
    for (const n of names) {
        const limit = limits[n];
        const request = requests[n];
        if (limit === undefined) {
            messages.push(`${where}: ${n} is requested (${fmt(request)}) without a limit; extended resources must be set as limits, with requests equal to limits`);
            continue;
        }
        const lim = parseQuantity(limit);
        if (lim === undefined || !Number.isInteger(lim) || lim < 0) {
            messages.push(`${where}: ${n} limit ${fmt(limit)} is not a whole number of devices`);
            continue;
        }
        if (request !== undefined && parseQuantity(request) !== lim) {
            messages.push(
                `${where}: ${n} request ${fmt(request)} differs from its limit ${fmt(limit)}; extended resources cannot be overcommitted, ` +
                    `so requests must equal limits (PDStack sets both from ${CONFIG_PREFIX}${c.role} tensorParallelSize)`,
            );
        }
    }
    return messages;
}

function hardwareProblems(c: VllmContainer, where: string, hardware: HardwareChoice): string[] {
    const { limits, requests } = resourcesOf(c);
    const has = (r: string) => limits[r] !== undefined || requests[r] !== undefined;
    const tp = tensorParallelSize(c);
    const roleKey = `${CONFIG_PREFIX}${c.role} tensorParallelSize (PDStackArgs.${c.role}.tensorParallelSize)`;
    const messages: string[] = [];
    if (Number.isNaN(tp.size)) {
        messages.push(`${where}: --tensor-parallel-size ${JSON.stringify(tp.given)} is not a positive integer; set ${roleKey}`);
    }
    if (!hardware.name) {
        messages.push(
            `${where}: requests no accelerator (${NVIDIA_GPU} or ${INTEL_GPU}); vLLM needs one per tensor-parallel rank ` +
                `(${Number.isNaN(tp.size) ? "?" : tp.size} here): set ${CONFIG_PREFIX}hardware so that PDStack requests them`,
        );
        return messages;
    }
    const profile = HARDWARE[hardware.name];
    for (const f of forbiddenResources(profile)) {
        if (has(f)) {
            const why =
                f === RDMA_IB
                    ? `only hardware "h200-ib" has InfiniBand (set ${CONFIG_PREFIX}hardware to h200-ib if the nodes have it); elsewhere the pod stays Pending`
                    : `${hardware.name} nodes advertise ${profile.acceleratorResource}, so the pod stays Pending`;
            messages.push(`${where}: requests ${f}, which ${hardware.how} does not have: ${why}; remove ${f} from the container's resources`);
        }
    }
    const acc = profile.acceleratorResource;
    if (!has(acc)) {
        messages.push(
            `${where}: requests no ${acc}, which ${hardware.how} needs: vLLM runs one tensor-parallel rank per accelerator; ` +
                `request ${Number.isNaN(tp.size) ? "one per rank" : tp.size} ${acc} (PDStack does so from ${roleKey})`,
        );
        return messages;
    }
    const count = parseQuantity(limits[acc] ?? requests[acc]);
    if (count !== undefined && !Number.isNaN(tp.size) && count !== tp.size) {
        messages.push(
            `${where}: ${acc} is ${fmt(limits[acc] ?? requests[acc])} but the tensor parallel size is ${tp.size}` +
                `${tp.given === undefined ? " (no --tensor-parallel-size: vLLM's default)" : ""}; vLLM uses exactly one accelerator per ` +
                `tensor-parallel rank, so the others sit idle or vLLM fails to start: set ${roleKey}, from which PDStack derives both`,
        );
    }
    if (count !== undefined && count > profile.acceleratorsPerNode) {
        messages.push(
            `${where}: ${count} ${acc} per pod, but a node of ${hardware.how} has ${profile.acceleratorsPerNode}: the pod can never be scheduled; ` +
                `set ${roleKey} to at most ${profile.acceleratorsPerNode}`,
        );
    }
    return messages;
}

/** Everything wrong with the resources of a modelservice release's vLLM containers on this hardware. */
export function acceleratorResourceProblems(where: string, values: unknown, hardware: HardwareChoice): string[] {
    return vllmContainers(values).flatMap((c) => {
        const at = `${where}, ${containerLabel(c)}`;
        return [...cpuMemoryProblems(c, at), ...extendedResourceProblems(c, at), ...hardwareProblems(c, at, hardware)];
    });
}

function modelServiceReleases(resources: PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.type === HELM_RELEASE && isModelServiceRelease(r.type, r.props));
}

export const acceleratorResourcesPolicy: StackValidationPolicy = {
    name: ACCELERATOR_RESOURCES,
    description:
        "Every vLLM container of a modelservice release has cpu and memory limits (requests not above them), extended resources with " +
        "requests equal to limits, as many accelerators as its tensor parallel size, and only resources its hardware has.",
    enforcementLevel: "mandatory",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const releases = modelServiceReleases(args.resources);
        if (releases.length === 0) {
            args.notApplicable("no llm-d-modelservice release in the stack");
        }
        for (const r of releases) {
            const where = describeResource(r.type, r.name, r.props);
            acceleratorResourceProblems(where, r.props.values, hardwareOf(r)).forEach((m) => reportViolation(m, r.urn));
        }
    },
};

/** Accelerators of one modelservice release, per role. */
export interface AcceleratorUse {
    release: string;
    roles: { role: string; replicas: number; perPod: number }[];
    total: number;
}

/** Accelerators each modelservice release takes: replicas × accelerators per pod, for prefill and decode. */
export function acceleratorUse(releases: { type: string; name: string; props: Record<string, any> }[]): AcceleratorUse[] {
    return releases.map((r) => {
        const roles = ROLES.map((role) => {
            const v = roleValues(r.props.values, role);
            return { role, replicas: v.replicas, perPod: acceleratorsPerPod(v) };
        });
        const release = typeof r.props.name === "string" ? r.props.name : r.name;
        return { release, roles, total: roles.reduce((n, x) => n + x.replicas * x.perPod, 0) };
    });
}

/** `prefill 4 × 1 + decode 1 × 4 = 8` (one release), or one such line per release and the total. */
export function budgetBreakdown(uses: AcceleratorUse[]): string {
    const line = (u: AcceleratorUse) => `${u.roles.map((x) => `${x.role} ${x.replicas} × ${x.perPod}`).join(" + ")} = ${u.total}`;
    if (uses.length === 1) {
        return line(uses[0]);
    }
    const total = uses.reduce((n, u) => n + u.total, 0);
    return `${uses.map((u) => `${u.release}: ${line(u)}`).join("; ")}; total ${total}`;
}

/**
 * The GkeCluster a release is deployed on: the parent of the Kubernetes provider it uses, when that
 * parent is a GkeCluster that reports its `totalGpus`.
 */
function gkeClusterOf(release: PolicyResource, byUrn: Map<string, PolicyResource>): PolicyResource | undefined {
    const provider = release.provider ? byUrn.get(release.provider.urn) : undefined;
    const cluster = provider?.parent;
    return cluster?.type === GKE_CLUSTER && typeof cluster.props.totalGpus === "number" ? cluster : undefined;
}

/** One message per GkeCluster whose GPU node pool is smaller than what the releases on it request. */
function clusterCapacityProblems(releases: PolicyResource[], all: PolicyResource[]): { message: string; urn: string }[] {
    const byUrn = new Map(all.map((r) => [r.urn, r]));
    const onCluster = new Map<PolicyResource, PolicyResource[]>();
    for (const r of releases) {
        const cluster = gkeClusterOf(r, byUrn);
        if (cluster) {
            onCluster.set(cluster, [...(onCluster.get(cluster) ?? []), r]);
        }
    }
    return [...onCluster].flatMap(([cluster, rs]) => {
        const uses = acceleratorUse(rs);
        const total = uses.reduce((n, u) => n + u.total, 0);
        const offered = cluster.props.totalGpus as number;
        if (total <= offered) {
            return [];
        }
        return [
            {
                urn: cluster.urn,
                message:
                    `the modelservice releases on GkeCluster "${cluster.name}" take ${total} GPUs (${budgetBreakdown(uses)}), but its GPU node pool ` +
                    `offers ${offered}: pods would stay Pending. Raise gpuNodeCount (or add gpuZones) of the GkeCluster ` +
                    `(${CONFIG_PREFIX}gkeCluster.gpuNodeCount), or lower the replicas or tensorParallelSize of the PDStacks on it.`,
            },
        ];
    });
}

export const acceleratorBudgetPolicy: StackValidationPolicy = {
    name: ACCELERATOR_BUDGET,
    description:
        "The accelerators of the whole deployment (for every modelservice release: prefill and decode replicas × accelerators per pod) " +
        "stay within the budget maxAccelerators, and the releases on a GkeCluster within the GPUs of its node pool.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxAccelerators: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MAX_ACCELERATORS,
                description: "Accelerators (nvidia.com/gpu or gpu.intel.com/i915) the deployment may take in total.",
            },
        },
    },
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const releases = modelServiceReleases(args.resources);
        if (releases.length === 0) {
            args.notApplicable("no llm-d-modelservice release in the stack");
        }
        const max = args.getConfig<{ maxAccelerators?: number }>().maxAccelerators ?? DEFAULT_MAX_ACCELERATORS;
        const uses = acceleratorUse(releases);
        const total = uses.reduce((n, u) => n + u.total, 0);
        if (total > max) {
            reportViolation(
                `the deployment takes ${total} accelerators (${budgetBreakdown(uses)}), above the budget of ${max}: ` +
                    `lower ${CONFIG_PREFIX}prefill / ${CONFIG_PREFIX}decode replicas or tensorParallelSize, or, if the cluster has them, ` +
                    `raise the budget: --policy-pack-config with {"${ACCELERATOR_BUDGET}": {"maxAccelerators": ${total}}}`,
            );
        }
        for (const problem of clusterCapacityProblems(releases, args.resources)) {
            reportViolation(problem.message, problem.urn);
        }
    },
};
