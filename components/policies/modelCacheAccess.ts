/**
 * `pd-model-cache-access`: a model claim that the vLLM pods of a modelservice release mount can be
 * attached where they run. A ReadWriteOnce volume attaches to one node at a time, so with several
 * vLLM pods that the scheduler may place on different nodes, the pods on the other nodes never start
 * (Multi-Attach error); a ReadWriteOncePod volume takes one pod in all.
 *
 * The pods count as pinned to one node only when both roles select the same single node by
 * `kubernetes.io/hostname` (modelservice's `acceleratorTypes` or `extraConfig.nodeSelector`).
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { MODEL_CACHE_STORAGE_CLASS } from "../gke/modelCacheStorageClass";
import { HARDWARE } from "../pdstack/hardware";
import { claimOfModelUri } from "../modelcache";
import { CONFIG_PREFIX } from "../tokens";
import { describeResource, modelServiceReleases } from "./kubernetesResources";
import { hardwareOf } from "./releaseHardware";
import { acceleratorsPerPod, Role, ROLES, roleValues } from "./vllmContainers";
import { isPlainObject } from "../validation";

export const MODEL_CACHE_ACCESS = "pd-model-cache-access";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const HOSTNAME_LABEL = "kubernetes.io/hostname";

/** The one node a role's pods are pinned to by hostname, or undefined when they may land on any node. */
export function pinnedNode(values: unknown, role: Role): string | undefined {
    const v = isPlainObject(values) && isPlainObject(values[role]) ? values[role] : {};
    const types = isPlainObject(v.acceleratorTypes) ? v.acceleratorTypes : {};
    if (types.labelKey === HOSTNAME_LABEL && Array.isArray(types.labelValues) && types.labelValues.length === 1) {
        return String(types.labelValues[0]);
    }
    const selector = isPlainObject(v.extraConfig) && isPlainObject(v.extraConfig.nodeSelector) ? v.extraConfig.nodeSelector : {};
    return typeof selector[HOSTNAME_LABEL] === "string" ? selector[HOSTNAME_LABEL] : undefined;
}

/** Why the release's pods cannot all mount a claim of these access modes, or undefined when they can. */
export function accessProblem(claimWhere: string, accessModes: unknown, release: PolicyResource): string | undefined {
    const modes: string[] = Array.isArray(accessModes) ? accessModes.filter((m): m is string => typeof m === "string") : [];
    if (modes.length === 0 || modes.includes("ReadWriteMany") || modes.includes("ReadOnlyMany")) {
        return undefined;
    }
    const values = release.props.values;
    const roles = ROLES.map((role) => roleValues(values, role));
    const pods = roles.reduce((n, r) => n + r.replicas, 0);
    if (pods <= 1) {
        return undefined;
    }
    const where = describeResource(release.type, release.name, release.props);
    const counts = roles.map((r) => `${r.role} ${r.replicas}`).join(", ");
    const fix =
        `set ${CONFIG_PREFIX}modelCache.accessMode (PDStackArgs.modelCache.accessMode) to ReadWriteMany, with a storageClassName ` +
        `that offers it (Filestore on GKE: the "${MODEL_CACHE_STORAGE_CLASS}" class of a created GkeCluster)`;
    if (modes.includes("ReadWriteOncePod")) {
        return `${claimWhere} is ReadWriteOncePod, but the ${pods} vLLM pods of ${where} (${counts}) mount it: only one pod may; ${fix}`;
    }
    const nodes = new Set(ROLES.map((role) => pinnedNode(values, role)));
    if (nodes.size === 1 && !nodes.has(undefined)) {
        return undefined;
    }
    const hardware = hardwareOf(release);
    const accelerators = roles.reduce((n, r) => n + r.replicas * acceleratorsPerPod(r), 0);
    const perNode = hardware.name ? HARDWARE[hardware.name].acceleratorsPerNode : undefined;
    const spread =
        perNode !== undefined && accelerators > perNode
            ? `must be spread over several nodes (${accelerators} accelerators; a node of ${hardware.how} has ${perNode})`
            : "may be scheduled on different nodes";
    return (
        `${claimWhere} is ReadWriteOnce, but the ${pods} vLLM pods of ${where} (${counts}) that mount it ${spread}: a ReadWriteOnce ` +
        `volume attaches to one node, so the pods on any other node never start (Multi-Attach error); ${fix}`
    );
}

export const modelCacheAccessPolicy: StackValidationPolicy = {
    name: MODEL_CACHE_ACCESS,
    description:
        "A model claim the vLLM pods mount (the model cache, or a pvc:// model in the stack) is not ReadWriteOnce when those pods may " +
        "land on several nodes, nor ReadWriteOncePod when there are several.",
    enforcementLevel: "mandatory",
    // A stack policy over every resource: the claim and the release that mounts it are two resources.
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const releases = modelServiceReleases(args.resources);
        const claims = args.resources.filter((r) => r.type === PVC);
        if (releases.length === 0 || claims.length === 0) {
            args.notApplicable("no PersistentVolumeClaim mounted by an llm-d-modelservice release in the stack");
        }
        for (const claim of claims) {
            const metadata = isPlainObject(claim.props.metadata) ? claim.props.metadata : {};
            const spec = isPlainObject(claim.props.spec) ? claim.props.spec : {};
            const mounting = releases.filter((r) => {
                const uri = r.props.values?.modelArtifacts?.uri;
                const sameNamespace = r.props.namespace === undefined || metadata.namespace === undefined || r.props.namespace === metadata.namespace;
                return typeof uri === "string" && claimOfModelUri(uri) === metadata.name && sameNamespace;
            });
            const claimWhere = describeResource(claim.type, claim.name, claim.props);
            for (const release of mounting) {
                const problem = accessProblem(claimWhere, spec.accessModes, release);
                if (problem) {
                    reportViolation(problem, claim.urn);
                }
            }
        }
    },
};
