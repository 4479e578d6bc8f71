/**
 * `pd-accelerator-budget`: the whole deployment stays within an accelerator budget, and the releases
 * on a GkeCluster within the GPUs of its node pool (the capacity rule of
 * components/pdstack/rules/capacity.ts, which the program applies to its own GKE cluster config).
 *
 * A plain stack policy: it reads every resource, to follow a release's provider to its GkeCluster.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { acceleratorsTaken, fitsCluster, RoleAccelerators } from "../pdstack/rules";
import { CONFIG_PREFIX, GKE_CLUSTER_TYPE } from "../tokens";
import { modelServiceReleases } from "./kubernetesResources";
import { modelServerInstallsAsReleases } from "./modelServerDeployments";
import { acceleratorsPerPod, ROLES, roleValues } from "./vllmContainers";

export const ACCELERATOR_BUDGET = "pd-accelerator-budget";
/** The seed's hardware: one node of 8 accelerators. */
export const DEFAULT_MAX_ACCELERATORS = 8;

/** Accelerators of one modelservice release, per role. */
export interface AcceleratorUse {
    release: string;
    roles: RoleAccelerators[];
    total: number;
}

/** Accelerators each modelservice release takes: replicas × accelerators per pod, for prefill and decode. */
export function acceleratorUse(releases: { type: string; name: string; props: Record<string, any> }[]): AcceleratorUse[] {
    return releases.map((r) => {
        const roles = ROLES.map((role) => {
            const v = roleValues(r.props.values, role);
            // A role KEDA scales counts at its ceiling (./modelServerDeployments.ts reads it from the ScaledObject).
            const scaledBy = r.props.values?.[role]?.scaledObject;
            const label = typeof scaledBy === "string" ? `${role} at maxReplicaCount of ScaledObject "${scaledBy}"` : role;
            return { role: label, replicas: v.replicas, perPod: acceleratorsPerPod(v) };
        });
        const release = typeof r.props.name === "string" ? r.props.name : r.name;
        return { release, roles, total: acceleratorsTaken(roles) };
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
    return cluster?.type === GKE_CLUSTER_TYPE && typeof cluster.props.totalGpus === "number" ? cluster : undefined;
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
        if (fitsCluster(total, offered)) {
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
        "The accelerators of the whole deployment (for every modelservice release and llm-d 0.9 install: prefill and decode replicas, " +
        "or a KEDA ScaledObject's maxReplicaCount, × accelerators per pod) " +
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
        // llm-d 0.2 modelservice releases, and llm-d 0.9 installs (prefill and decode Deployments) read the same way.
        const releases = [...modelServiceReleases(args.resources), ...modelServerInstallsAsReleases(args.resources)];
        if (releases.length === 0) {
            args.notApplicable("no llm-d-modelservice release or llm-d 0.9 model-server Deployment in the stack");
        }
        const max = args.getConfig<{ maxAccelerators?: number }>().maxAccelerators ?? DEFAULT_MAX_ACCELERATORS;
        const uses = acceleratorUse(releases);
        const total = uses.reduce((n, u) => n + u.total, 0);
        if (total > max) {
            reportViolation(
                `the deployment takes ${total} accelerators (${budgetBreakdown(uses)}), above the budget of ${max}: ` +
                    `lower ${CONFIG_PREFIX}prefill / ${CONFIG_PREFIX}decode replicas (${CONFIG_PREFIX}autoscaling.<role>.maxReplicas when autoscaled) or tensorParallelSize, or, if the cluster has them, ` +
                    `raise the budget: --policy-pack-config with {"${ACCELERATOR_BUDGET}": {"maxAccelerators": ${total}}}`,
            );
        }
        for (const problem of clusterCapacityProblems(releases, args.resources)) {
            reportViolation(problem.message, problem.urn);
        }
    },
};
