/**
 * `pd-model-cache-access`: a model claim that an install's vLLM pods mount can be attached where they
 * run, on every release. A ReadWriteOnce volume attaches to one node at a time, so with several vLLM
 * pods that the scheduler may place on different nodes, the pods on the other nodes never start
 * (Multi-Attach error); a ReadWriteOncePod volume takes one pod in all.
 *
 * The pods count as pinned to one node only when both roles select the same single node by
 * `kubernetes.io/hostname` (modelservice's `acceleratorTypes` or `extraConfig.nodeSelector`; a pod
 * spec's `nodeSelector` or required node affinity).
 */
import { MODEL_CACHE_STORAGE_CLASS } from "../gke/modelCacheStorageClass";
import { HARDWARE } from "../pdstack/hardware";
import { CONFIG_PREFIX } from "../tokens";
import { isPlainObject } from "../validation";
import { describeResource } from "./kubernetesResources";
import { InstallRule, installPolicy } from "./installRules";
import type { ModelServerInstall, Verdict } from "./modelServerView";
import { hardwareOf } from "./releaseHardware";
import { acceleratorsPerPod, ROLES } from "./vllmContainers";

export const MODEL_CACHE_ACCESS = "pd-model-cache-access";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";

/** Why the install's pods cannot all mount a claim of these access modes, or undefined when they can. */
export function accessProblem(claimWhere: string, accessModes: unknown, install: ModelServerInstall): string | undefined {
    const modes: string[] = Array.isArray(accessModes) ? accessModes.filter((m): m is string => typeof m === "string") : [];
    if (modes.length === 0 || modes.includes("ReadWriteMany") || modes.includes("ReadOnlyMany")) {
        return undefined;
    }
    const roles = ROLES.map((role) => ({ role, replicas: install.roles[role]?.replicas ?? 0, containers: install.roles[role]?.containers ?? [] }));
    const pods = roles.reduce((n, r) => n + r.replicas, 0);
    if (pods <= 1) {
        return undefined;
    }
    const counts = roles.map((r) => `${r.role} ${r.replicas}`).join(", ");
    const fix =
        `set ${CONFIG_PREFIX}modelCache.accessMode (PDStackArgs.modelCache.accessMode) to ReadWriteMany, with a storageClassName ` +
        `that offers it (Filestore on GKE: the "${MODEL_CACHE_STORAGE_CLASS}" class of a created GkeCluster)`;
    if (modes.includes("ReadWriteOncePod")) {
        return `${claimWhere} is ReadWriteOncePod, but the ${pods} vLLM pods of ${install.where} (${counts}) mount it: only one pod may; ${fix}`;
    }
    const nodes = new Set(ROLES.map((role) => install.roles[role]?.pinnedNode));
    if (nodes.size === 1 && !nodes.has(undefined)) {
        return undefined;
    }
    const hardware = hardwareOf(install);
    const accelerators = roles.reduce((n, r) => n + r.replicas * acceleratorsPerPod(r), 0);
    const perNode = hardware.name ? HARDWARE[hardware.name].acceleratorsPerNode : undefined;
    const spread =
        perNode !== undefined && accelerators > perNode
            ? `must be spread over several nodes (${accelerators} accelerators; a node of ${hardware.how} has ${perNode})`
            : "may be scheduled on different nodes";
    return (
        `${claimWhere} is ReadWriteOnce, but the ${pods} vLLM pods of ${install.where} (${counts}) that mount it ${spread}: a ReadWriteOnce ` +
        `volume attaches to one node, so the pods on any other node never start (Multi-Attach error); ${fix}`
    );
}

export const modelCacheAccessRule: InstallRule = {
    policy: MODEL_CACHE_ACCESS,
    verdicts: (installs, ctx) => {
        const verdicts: Verdict[] = [];
        for (const claim of ctx.resources.filter((r) => r.type === PVC)) {
            const metadata = isPlainObject(claim.props.metadata) ? claim.props.metadata : {};
            const spec = isPlainObject(claim.props.spec) ? claim.props.spec : {};
            const mounting = installs.filter((install) => {
                const sameNamespace = install.namespace === undefined || metadata.namespace === undefined || install.namespace === metadata.namespace;
                return sameNamespace && install.modelSources.some((s) => s.claim !== undefined && s.claim === metadata.name);
            });
            const claimWhere = describeResource(claim.type, claim.name, claim.props);
            for (const install of mounting) {
                const problem = accessProblem(claimWhere, spec.accessModes, install);
                if (problem) {
                    verdicts.push({ message: problem, resource: claim });
                }
            }
        }
        return verdicts;
    },
};

export const modelCacheAccessPolicy = installPolicy(modelCacheAccessRule, {
    description:
        "A model claim the vLLM pods of an install mount (the model cache, or a pvc:// model in the stack) is not ReadWriteOnce when those pods " +
        "may land on several nodes, nor ReadWriteOncePod when there are several.",
    enforcementLevel: "mandatory",
});
