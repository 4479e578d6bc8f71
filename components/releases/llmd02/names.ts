/**
 * Every Kubernetes name an llm-d 0.2 install derives from the namespace and release postfix, with the
 * limit each must fit. The values builders, the objects and the policy pack take names from here.
 */
import { GATEWAYS, GatewayName } from "../../pdstack/gateway";
import { DerivedName, DNS_LABEL_MAX, DNS_SUBDOMAIN_MAX, HELM_RELEASE_MAX, podHostname, routeName } from "../../pdstack/names";
import type { PDSpec } from "../../pdstack/spec";

/** modelservice truncates `<release>-llm-d-modelservice` to this many characters (trunc 55). */
export const MODELSERVICE_FULLNAME_MAX = 55;

export interface Llmd02Names {
    namespace: string;
    postfix: string;
    infraRelease: string;
    gaieRelease: string;
    msRelease: string;
    /** The Gateway llm-d-infra creates. */
    gateway: string;
    /** The Service in front of the Gateway (providers such as istio add a suffix to the Gateway's name). */
    gatewayService: string;
    /** The InferencePool the inferencepool chart creates. */
    inferencePool: string;
    /** The EPP Service, and the name of its cluster-scoped ClusterRole and ClusterRoleBinding. */
    epp: string;
    /** FQDN of the EPP Service: the Istio DestinationRule host. */
    eppHost: string;
    /**
     * The ServiceAccount, token Secret, ClusterRole and ClusterRoleBinding with which Prometheus reads the
     * EPP's metrics (the EPP authorizes `/metrics` by token). Cluster-scoped: unique per postfix, like `epp`.
     */
    eppMetricsReader: string;
    /** The HTTPRoute PDStack creates (upstream applies it by hand). */
    route: string;
    /** modelservice's fullname, the prefix of its Deployments. */
    modelServiceFullname: string;
    decodeDeployment: string;
    prefillDeployment: string;
    /** Longest hostname a decode pod can get: Deployment name plus the pod suffix. */
    decodePodHostname: string;
    prefillPodHostname: string;
}

function truncate(s: string, max: number): string {
    return s.length <= max ? s : s.slice(0, max).replace(/-+$/, "");
}

/** modelservice's fullname for a Helm release: `<release>-llm-d-modelservice`, cut to 55 characters without a trailing '-'. */
export function modelServiceFullname(release: string): string {
    return truncate(`${release}-llm-d-modelservice`, MODELSERVICE_FULLNAME_MAX);
}

/** The Deployments modelservice names from its fullname, and the longest hostnames of their pods, with their limits. */
export function modelServiceNameBudget(fullname: string): DerivedName[] {
    const roles = ["decode", "prefill"] as const;
    return [
        ...roles.map((role): DerivedName => ({ what: `${role} Deployment`, value: `${fullname}-${role}`, kind: "dns-label", limit: DNS_LABEL_MAX })),
        ...roles.map((role): DerivedName => ({ what: `${role} pod hostname`, value: podHostname(`${fullname}-${role}`), kind: "hostname", limit: DNS_LABEL_MAX })),
    ];
}

/**
 * Derives every name of one install from its namespace, release postfix and the suffix the
 * gateway provider adds to the Gateway's Service (see `GatewayProfile.serviceSuffix`).
 */
export function deriveLlmd02Names(namespace: string, postfix: string, gatewayServiceSuffix: string): Llmd02Names {
    const msRelease = `ms-${postfix}`;
    const fullname = modelServiceFullname(msRelease);
    const decodeDeployment = `${fullname}-decode`;
    const prefillDeployment = `${fullname}-prefill`;
    const epp = `gaie-${postfix}-epp`;
    return {
        namespace,
        postfix,
        infraRelease: `infra-${postfix}`,
        gaieRelease: `gaie-${postfix}`,
        msRelease,
        gateway: `infra-${postfix}-inference-gateway`,
        gatewayService: `infra-${postfix}-inference-gateway${gatewayServiceSuffix}`,
        inferencePool: `gaie-${postfix}`,
        epp,
        eppHost: `${epp}.${namespace}.svc.cluster.local`,
        eppMetricsReader: `${epp}-metrics-reader`,
        route: routeName(postfix),
        modelServiceFullname: fullname,
        decodeDeployment,
        prefillDeployment,
        decodePodHostname: podHostname(decodeDeployment),
        prefillPodHostname: podHostname(prefillDeployment),
    };
}

/** The 0.2 names of a validated spec. */
export function llmd02NamesOf(spec: Pick<PDSpec, "namespace" | "releasePostfix" | "gateway">): Llmd02Names {
    return deriveLlmd02Names(spec.namespace, spec.releasePostfix, GATEWAYS[spec.gateway].serviceSuffix);
}

/** Every derived name with its limit, for the name-length policy and the plan. */
export function llmd02NameBudget(names: Llmd02Names): DerivedName[] {
    return [
        { what: "namespace", value: names.namespace, kind: "dns-label", limit: DNS_LABEL_MAX },
        { what: "llm-d-infra Helm release", value: names.infraRelease, kind: "helm-release", limit: HELM_RELEASE_MAX },
        { what: "inferencepool Helm release", value: names.gaieRelease, kind: "helm-release", limit: HELM_RELEASE_MAX },
        { what: "llm-d-modelservice Helm release", value: names.msRelease, kind: "helm-release", limit: HELM_RELEASE_MAX },
        { what: "Gateway Service", value: names.gatewayService, kind: "dns-label", limit: DNS_LABEL_MAX },
        { what: "InferencePool", value: names.inferencePool, kind: "dns-label", limit: DNS_LABEL_MAX },
        { what: "EPP Service", value: names.epp, kind: "dns-label", limit: DNS_LABEL_MAX },
        { what: "EPP Service FQDN (DestinationRule host)", value: names.eppHost, kind: "fqdn", limit: DNS_SUBDOMAIN_MAX },
        { what: "HTTPRoute", value: names.route, kind: "dns-subdomain", limit: DNS_SUBDOMAIN_MAX },
        ...modelServiceNameBudget(names.modelServiceFullname),
    ];
}

/** The name budget of an install on a gateway, from its namespace and postfix (what the profile table gives). */
export function llmd02NameBudgetOf(namespace: string, postfix: string, gateway: GatewayName): DerivedName[] {
    return llmd02NameBudget(deriveLlmd02Names(namespace, postfix, GATEWAYS[gateway].serviceSuffix));
}
