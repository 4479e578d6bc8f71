/**
 * What the PDStacks of one program have claimed on each cluster: the cluster-scoped names the
 * inferencepool chart creates (`gaie-<postfix>-epp` ClusterRole and ClusterRoleBinding), and the
 * per-cluster Intel GPU device plugin.
 *
 * A cluster is identified by the Kubernetes provider the PDStack deploys through (the default
 * provider counts as one cluster). State is kept per Pulumi engine connection, so every program
 * run, and every mocked test run, starts empty.
 */
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../validation";

interface ClusterClaims {
    /** postfix -> "<namespace> (<PDStack name>)" that claimed `gaie-<postfix>-epp`. */
    clusterScopedNames: Map<string, { namespace: string; owner: string }>;
    /** The device plugin DaemonSet, once one PDStack created it. */
    intelGpuPlugin?: pulumi.Resource;
}

const DEFAULT_PROVIDER = Symbol("default kubernetes provider");
/** Stands for the engine connection when there is none yet. */
const NO_MONITOR = {};
const registries = new WeakMap<object, Map<object | symbol, ClusterClaims>>();

function claimsFor(provider: pulumi.ProviderResource | undefined): ClusterClaims {
    const monitor: object = (pulumi.runtime as any).getMonitor() ?? NO_MONITOR;
    let clusters = registries.get(monitor);
    if (!clusters) {
        clusters = new Map();
        registries.set(monitor, clusters);
    }
    const key = provider ?? DEFAULT_PROVIDER;
    let claims = clusters.get(key);
    if (!claims) {
        claims = { clusterScopedNames: new Map() };
        clusters.set(key, claims);
    }
    return claims;
}

function isKubernetesProvider(p: unknown): p is pulumi.ProviderResource {
    return pulumi.ProviderResource.isInstance(p) && (p as unknown as { getPackage(): string }).getPackage() === "kubernetes";
}

/**
 * The Kubernetes provider a component with these options deploys through, worked out before the
 * component registers (so that a rejected install registers nothing): `provider`, then
 * `providers`, then what the parent passes down; undefined for the default provider.
 */
export function kubernetesProviderFrom(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
    if (isKubernetesProvider(opts?.provider)) {
        return opts.provider;
    }
    const providers = opts?.providers;
    const listed = Array.isArray(providers) ? providers.find(isKubernetesProvider) : providers?.["kubernetes"];
    if (listed) {
        return listed;
    }
    return opts?.parent?.getProvider("kubernetes::");
}

/**
 * Claims the cluster-scoped names of an install with this postfix; throws if another PDStack of
 * this program already holds them on the same cluster.
 */
export function claimClusterScopedNames(
    provider: pulumi.ProviderResource | undefined,
    postfix: string,
    namespace: string,
    owner: string,
): void {
    const claims = claimsFor(provider);
    const held = claims.clusterScopedNames.get(postfix);
    if (held) {
        throw new InputError(
            `PDStack "${owner}": releasePostfix "${postfix}" in namespace "${namespace}" collides with PDStack ` +
                `"${held.owner}" in namespace "${held.namespace}" on the same cluster: the inferencepool chart creates ` +
                `the cluster-scoped ClusterRole and ClusterRoleBinding "gaie-${postfix}-epp" for each install. ` +
                `Give each install on a cluster its own releasePostfix.`,
        );
    }
    claims.clusterScopedNames.set(postfix, { namespace, owner });
}

/** The Intel GPU device plugin already created on this cluster by this program, if any. */
export function existingIntelGpuPlugin(provider: pulumi.ProviderResource | undefined): pulumi.Resource | undefined {
    return claimsFor(provider).intelGpuPlugin;
}

/** Records the Intel GPU device plugin of this cluster, so later PDStacks reuse it. */
export function recordIntelGpuPlugin(provider: pulumi.ProviderResource | undefined, plugin: pulumi.Resource): void {
    claimsFor(provider).intelGpuPlugin = plugin;
}
