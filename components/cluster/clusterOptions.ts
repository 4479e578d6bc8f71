/**
 * The resource options of a component deployed on one Kubernetes cluster (PDStack,
 * GatewayControlPlane): the usual component options, plus the {@link ClusterClaims} of that cluster.
 *
 * The claims travel in the options rather than the args: they say where and beside what the
 * component is deployed, as `provider` does, not what it is; and the args must stay plain data that
 * the component package schema can describe (it only knows resource references of @pulumi packages).
 */
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../validation";
import { ClusterClaims } from "./clusterClaims";

/** Options of a component deployed on a cluster. */
export interface ClusterResourceOptions extends pulumi.ComponentResourceOptions {
    /**
     * The claims of the cluster, shared by every component the program deploys on it. The component
     * deploys through the claims' provider. @default claims of its own: the component assumes it is
     * alone on its cluster
     */
    clusterClaims?: ClusterClaims;
}

function isKubernetesProvider(p: unknown): p is pulumi.ProviderResource {
    return pulumi.ProviderResource.isInstance(p) && (p as unknown as { getPackage(): string }).getPackage() === "kubernetes";
}

/**
 * The Kubernetes provider a component with these options deploys through, worked out before the
 * component registers (so that a rejected component registers nothing): `provider`, then
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
 * The claims a component checks itself against and the options it registers with. With
 * `clusterClaims`, the component deploys through the claims' provider (a different Kubernetes
 * provider in the options is an {@link InputError}); without, it gets claims of its own for the
 * provider its options resolve to. `owner` names the component in messages (`PDStack "llama"`).
 */
export function resolveClusterOptions(
    owner: string,
    opts: ClusterResourceOptions | undefined,
): { claims: ClusterClaims; opts: pulumi.ComponentResourceOptions } {
    const { clusterClaims, ...rest } = opts ?? {};
    const given = kubernetesProviderFrom(rest);
    if (!clusterClaims) {
        return { claims: new ClusterClaims(owner, given), opts: rest };
    }
    if (given !== undefined && given !== clusterClaims.provider) {
        throw new InputError(
            `${owner}: the Kubernetes provider in its options is not the provider of clusterClaims "${clusterClaims.name}": ` +
                `the claims describe one cluster; pass that cluster's provider, or only clusterClaims`,
        );
    }
    if (given === undefined && clusterClaims.provider !== undefined) {
        return { claims: clusterClaims, opts: { ...rest, provider: clusterClaims.provider } };
    }
    return { claims: clusterClaims, opts: rest };
}
