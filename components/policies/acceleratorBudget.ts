/**
 * `pd-accelerator-budget`: the whole deployment stays within an accelerator budget, and the model
 * servers on a GkeCluster within the GPUs of its node pool (the capacity rule of
 * components/pdstack/rules/capacity.ts, which the program applies to its own GKE cluster config).
 * Every release's installs count alike (./modelServerView.ts).
 *
 * A plain stack policy: it reads every resource, to follow an install's provider to its GkeCluster.
 */
import { acceleratorsTaken, fitsCluster, RoleAccelerators } from "../pdstack/rules";
import { CONFIG_PREFIX, GKE_CLUSTER_TYPE } from "../tokens";
import { InstallRule, installPolicy } from "./installRules";
import type { ModelServerInstall, Verdict, ViewResource } from "./modelServerView";
import { acceleratorsPerPod, ROLES } from "./vllmContainers";

export const ACCELERATOR_BUDGET = "pd-accelerator-budget";
/** The seed's hardware: one node of 8 accelerators. */
export const DEFAULT_MAX_ACCELERATORS = 8;

/** Accelerators of one install, per role. */
export interface AcceleratorUse {
    release: string;
    roles: RoleAccelerators[];
    total: number;
}

/** Accelerators each install takes: replicas × accelerators per pod, for prefill and decode (a role it lacks takes none). */
export function acceleratorUse(installs: readonly ModelServerInstall[]): AcceleratorUse[] {
    return installs.map((install) => {
        const roles = ROLES.map((role) => {
            const r = install.roles[role];
            // A role KEDA scales counts at its ceiling (the reader took it from the ScaledObject).
            const label = r?.scaledBy ? `${role} at maxReplicaCount of ScaledObject "${r.scaledBy}"` : role;
            return { role: label, replicas: r?.replicas ?? 0, perPod: r ? acceleratorsPerPod(r) : 0 };
        });
        return { release: install.name, roles, total: acceleratorsTaken(roles) };
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
 * The GkeCluster an install is deployed on: the parent of the Kubernetes provider its resource uses,
 * when that parent is a GkeCluster that reports its `totalGpus`.
 */
function gkeClusterOf(install: ModelServerInstall, byUrn: Map<string | undefined, ViewResource>): ViewResource | undefined {
    const provider = install.anchor.provider ? byUrn.get(install.anchor.provider.urn) : undefined;
    const cluster = provider?.parent;
    return cluster?.type === GKE_CLUSTER_TYPE && typeof cluster.props.totalGpus === "number" ? cluster : undefined;
}

/** One verdict per GkeCluster whose GPU node pool is smaller than what the installs on it request. */
function clusterCapacityProblems(installs: readonly ModelServerInstall[], all: readonly ViewResource[]): Verdict[] {
    const byUrn = new Map(all.map((r) => [r.urn, r]));
    const onCluster = new Map<ViewResource, ModelServerInstall[]>();
    for (const install of installs) {
        const cluster = gkeClusterOf(install, byUrn);
        if (cluster) {
            onCluster.set(cluster, [...(onCluster.get(cluster) ?? []), install]);
        }
    }
    return [...onCluster].flatMap(([cluster, on]) => {
        const uses = acceleratorUse(on);
        const total = uses.reduce((n, u) => n + u.total, 0);
        const offered = cluster.props.totalGpus as number;
        if (fitsCluster(total, offered)) {
            return [];
        }
        const plurals = [...new Set(on.map((i) => i.plural))];
        return [
            {
                resource: cluster,
                message:
                    `the ${plurals.length === 1 ? plurals[0] : "model servers"} on GkeCluster "${cluster.name}" take ${total} GPUs (${budgetBreakdown(uses)}), but its GPU node pool ` +
                    `offers ${offered}: pods would stay Pending. Raise gpuNodeCount (or add gpuZones) of the GkeCluster ` +
                    `(${CONFIG_PREFIX}gkeCluster.gpuNodeCount), or lower the replicas or tensorParallelSize of the PDStacks on it.`,
            },
        ];
    });
}

/** The budget's verdict on the installs of the whole deployment, and each GkeCluster's. */
export function budgetVerdicts(installs: readonly ModelServerInstall[], ctx: { resources: readonly ViewResource[]; config: { maxAccelerators?: number } }): Verdict[] {
    const max = ctx.config.maxAccelerators ?? DEFAULT_MAX_ACCELERATORS;
    const uses = acceleratorUse(installs);
    const total = uses.reduce((n, u) => n + u.total, 0);
    const verdicts: Verdict[] = [];
    if (total > max) {
        const scaled = installs.some((i) => Object.values(i.roles).some((r) => r?.scaledBy !== undefined));
        const replicas = scaled ? `replicas (${CONFIG_PREFIX}autoscaling.<role>.maxReplicas when autoscaled)` : "replicas";
        verdicts.push({
            message:
                `the deployment takes ${total} accelerators (${budgetBreakdown(uses)}), above the budget of ${max}: ` +
                `lower ${CONFIG_PREFIX}prefill / ${CONFIG_PREFIX}decode ${replicas} or tensorParallelSize, or, if the cluster has them, ` +
                `raise the budget: --policy-pack-config with {"${ACCELERATOR_BUDGET}": {"maxAccelerators": ${total}}}`,
        });
    }
    return [...verdicts, ...clusterCapacityProblems(installs, ctx.resources)];
}

export const acceleratorBudgetRule: InstallRule = { policy: ACCELERATOR_BUDGET, verdicts: budgetVerdicts };

export const acceleratorBudgetPolicy = installPolicy(acceleratorBudgetRule, {
    description:
        "The accelerators of the whole deployment (for every model-server install, of every llm-d release: prefill and decode replicas, " +
        "or a KEDA ScaledObject's maxReplicaCount, × accelerators per pod) stay within the budget maxAccelerators, and the installs on a " +
        "GkeCluster within the GPUs of its node pool.",
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
});
