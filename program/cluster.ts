/**
 * The `llm-d-pd:gkeCluster` stack config: target an existing cluster (the `kubernetes:` provider
 * config, the default), or create a GKE cluster with {@link GkeCluster} and deploy through it.
 *
 *   llm-d-pd:gkeCluster:
 *     create: true
 *     region: us-central1
 *     gpuType: nvidia-h200-141gb
 */
import { z } from "zod";
import { GkeClusterArgs } from "../components/gke/gkeCluster";
import { gkeClusterInputSchema, resolveGkeClusterSpec } from "../components/gke/spec";
import { acceleratorsTaken, describeAccelerators, fitsCluster, specAccelerators } from "../components/pdstack/rules";
import { DEFAULT_LLMD_RELEASE } from "../components/releases";
import { PDSpec } from "../components/pdstack/spec";
import { InputError, parseInput } from "../components/validation";

export const GKE_CLUSTER_KEY = "gkeCluster";

/** `llmdVersion` is the stack's own key (`llm-d-pd:llmdVersion`), which the program passes on to the cluster. */
export const gkeClusterConfigSchema = gkeClusterInputSchema.omit({ llmdVersion: true }).partial({ region: true }).extend({
    create: z
        .boolean({ error: "must be true or false" })
        .describe("Create the GKE cluster and deploy through it; otherwise deploy on the cluster of the kubernetes provider config (kubeconfig).")
        .optional(),
});

/**
 * The GkeCluster args of the stack, or undefined when it targets an existing cluster. `raw` is the
 * decoded value of `llm-d-pd:gkeCluster`; `spec` the stack's validated PDStack spec, which must
 * be on hardware gke and fit the cluster's GPUs.
 */
export function gkeClusterArgsFromConfig(raw: unknown, spec: PDSpec, clusterName: string, prefix: string): GkeClusterArgs | undefined {
    if (raw === undefined) {
        return undefined;
    }
    const key = `${prefix}${GKE_CLUSTER_KEY}`;
    const { create, ...args } = parseInput(gkeClusterConfigSchema, raw, key, "stack configuration");
    if (!create) {
        return undefined;
    }
    const cluster = resolveGkeClusterSpec(clusterName, args, key);
    const problems: string[] = [];
    if (spec.hardware !== "gke") {
        problems.push(
            `  ${key}.create: a created GKE cluster has NVIDIA GPUs without RDMA, which is hardware gke; ` +
                `set ${prefix}hardware to gke (got ${JSON.stringify(spec.hardware)}) or target an existing cluster`,
        );
    }
    const roles = specAccelerators(spec);
    const wanted = acceleratorsTaken(roles);
    if (!fitsCluster(wanted, cluster.totalGpus)) {
        const nodes = Math.ceil(wanted / (cluster.gpu.gpusPerNode * cluster.gpuZones.length));
        const lower = spec.autoscaling ? `${prefix}autoscaling.<role>.maxReplicas` : `${prefix}prefill / ${prefix}decode replicas`;
        problems.push(
            `  ${key}.gpuNodeCount: the cluster offers ${cluster.totalGpus} GPUs (${cluster.gpuNodeCount} x ${cluster.gpu.machineType} ` +
                `in ${cluster.gpuZones.join(", ")}) but prefill and decode request ${wanted} (${describeAccelerators(roles)}); ` +
                `set gpuNodeCount to at least ${nodes}, or lower ${lower}`,
        );
    }
    if (problems.length > 0) {
        throw InputError.of("stack configuration", problems);
    }
    // The cluster's Inference Extension CRDs follow the stack's llm-d release (GkeClusterArgs.llmdVersion).
    return { ...args, ...(spec.llmdVersion !== DEFAULT_LLMD_RELEASE ? { llmdVersion: spec.llmdVersion } : {}) } as GkeClusterArgs;
}
