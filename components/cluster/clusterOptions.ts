/**
 * The resource options of a component deployed on one Kubernetes cluster (PDStack,
 * GatewayControlPlane): the usual component options, plus the {@link ClusterClaims} of that cluster.
 *
 * The claims travel in the options rather than the args: they say where and beside what the
 * component is deployed, as `provider` does, not what it is; and the args must stay plain data that
 * the component package schema can describe (it only knows resource references of @pulumi packages).
 */
import * as pulumi from "@pulumi/pulumi";
import { describeValue, InputError, isDeferred } from "../validation";
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

/** The methods a component calls on its claims: what makes a value a ClusterClaims (a copy of the class from another install of the package too). */
const CLAIMS_METHODS = ["claimInstall", "installed", "recordInstalled", "storageClassProvisioner"] as const;

function isClusterClaims(v: unknown): v is ClusterClaims {
    return v instanceof ClusterClaims || (typeof v === "object" && v !== null && CLAIMS_METHODS.every((m) => typeof (v as Record<string, unknown>)[m] === "function"));
}

/** What a value given as a resource or a provider is, for a message: never the whole object. */
function given(v: unknown): string {
    return isDeferred(v) ? "an Output/Promise" : typeof v === "object" && v !== null ? `an object with keys ${describeValue(Object.keys(v))}` : describeValue(v);
}

/**
 * The options a program may get wrong in plain JavaScript: `clusterClaims`, `parent`, `provider` and
 * `providers` must be what they claim, or the component would fail later with a TypeError.
 */
function optionProblems(owner: string, opts: ClusterResourceOptions): string[] {
    const problems: string[] = [];
    const at = (key: string) => `${owner}: opts.${key}`;
    if (opts.clusterClaims !== undefined && !isClusterClaims(opts.clusterClaims)) {
        problems.push(`${at("clusterClaims")}: must be the ClusterClaims of a cluster (a GkeCluster's clusterClaims, or new ClusterClaims(name, provider)) (got ${given(opts.clusterClaims)})`);
    }
    if (opts.parent !== undefined && !pulumi.Resource.isInstance(opts.parent)) {
        problems.push(`${at("parent")}: must be a Pulumi resource (got ${given(opts.parent)})`);
    }
    if (opts.provider !== undefined && !pulumi.ProviderResource.isInstance(opts.provider)) {
        problems.push(`${at("provider")}: must be a Pulumi provider such as new k8s.Provider(...) (got ${given(opts.provider)})`);
    }
    const providers = opts.providers;
    if (providers !== undefined) {
        const list = Array.isArray(providers) ? providers : typeof providers === "object" && providers !== null ? Object.values(providers) : undefined;
        const bad = list === undefined ? providers : list.find((p) => !pulumi.ProviderResource.isInstance(p));
        if (list === undefined || bad !== undefined) {
            problems.push(`${at("providers")}: must be a list or a map of Pulumi providers (got ${given(bad)})`);
        }
    }
    return problems;
}

/**
 * Throws an {@link InputError} when a component's options are not what they claim (`clusterClaims`,
 * `parent`, `provider`, `providers`), before the component registers: one line per option, naming
 * `owner` (`GkeCluster "llm-d"`), never the whole object.
 */
export function checkResourceOptions(owner: string, opts: unknown): void {
    if (opts !== undefined && (typeof opts !== "object" || opts === null)) {
        throw InputError.of("resource options", [`${owner}: opts: must be an object of resource options (got ${given(opts)})`]);
    }
    const problems = optionProblems(owner, (opts ?? {}) as ClusterResourceOptions);
    if (problems.length > 0) {
        throw InputError.of("resource options", problems);
    }
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
    checkResourceOptions(owner, opts);
    const { clusterClaims, ...rest } = opts ?? {};
    const givenProvider = kubernetesProviderFrom(rest);
    if (!clusterClaims) {
        return { claims: new ClusterClaims(owner, givenProvider), opts: rest };
    }
    if (givenProvider !== undefined && givenProvider !== clusterClaims.provider) {
        throw new InputError(
            `${owner}: the Kubernetes provider in its options is not the provider of clusterClaims "${clusterClaims.name}": ` +
                `the claims describe one cluster; pass that cluster's provider, or only clusterClaims`,
        );
    }
    if (givenProvider === undefined && clusterClaims.provider !== undefined) {
        return { claims: clusterClaims, opts: { ...rest, provider: clusterClaims.provider } };
    }
    return { claims: clusterClaims, opts: rest };
}
