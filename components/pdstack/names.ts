/**
 * Every Kubernetes name PDStack derives from the namespace and release postfix, with the limit
 * each must fit. The values builders, the objects and the policy pack all take names from here.
 */

import { DNS_LABEL_MAX, DNS_SUBDOMAIN_MAX } from "../validation";

export { DNS_LABEL_MAX, DNS_SUBDOMAIN_MAX };
/** Helm's limit on a release name. */
export const HELM_RELEASE_MAX = 53;
/** modelservice truncates `<release>-llm-d-modelservice` to this many characters (trunc 55). */
export const MODELSERVICE_FULLNAME_MAX = 55;
/** What a ReplicaSet and the API server append to a Deployment's name: `-<hash up to 10>-<5 random>`. */
export const POD_NAME_SUFFIX = 1 + 10 + 1 + 5;

/** The HF token Secret upstream creates by hand. */
export const DEFAULT_HF_TOKEN_SECRET = "llm-d-hf-token";
/** Key of the token in that Secret. */
export const HF_TOKEN_KEY = "HF_TOKEN";

export type NameKind = "dns-label" | "dns-subdomain" | "helm-release" | "hostname" | "fqdn";

/** A derived name and the limit it must fit. */
export interface DerivedName {
    /** What the name is for, as a reader would look it up. */
    what: string;
    /** The name itself (for a pod hostname: its longest possible form). */
    value: string;
    kind: NameKind;
    /** Maximum length of the whole name. */
    limit: number;
}

export interface PDNames {
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

/** The longest hostname a pod of this Deployment can get: the name plus `-<pod-template-hash>-<random>`. */
export function podHostname(deployment: string): string {
    return `${deployment}-${"h".repeat(10)}-${"r".repeat(5)}`;
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
export function deriveNames(namespace: string, postfix: string, gatewayServiceSuffix: string): PDNames {
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
        route: `llm-d-${postfix}-disaggregation`,
        modelServiceFullname: fullname,
        decodeDeployment,
        prefillDeployment,
        decodePodHostname: podHostname(decodeDeployment),
        prefillPodHostname: podHostname(prefillDeployment),
    };
}

/** Every derived name with its limit, for the name-length policy and the plan. */
export function nameBudget(names: PDNames): DerivedName[] {
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

/** Why a derived name does not fit, or undefined when it does. */
export function nameProblem(n: DerivedName): string | undefined {
    if (n.value.length > n.limit) {
        return `${n.what} "${n.value}" is ${n.value.length} characters; the limit is ${n.limit}`;
    }
    if (n.kind === "fqdn") {
        const long = n.value.split(".").find((label) => label.length > DNS_LABEL_MAX);
        if (long) {
            return `${n.what} "${n.value}" has the label "${long}" of ${long.length} characters; each label may have ${DNS_LABEL_MAX}`;
        }
    }
    return undefined;
}

/** The longest release postfix for which every name of {@link nameBudget} fits, in this namespace. */
export function longestPostfixThatFits(namespace: string, gatewayServiceSuffix: string): number {
    let best = 0;
    for (let len = 1; len <= DNS_LABEL_MAX; len++) {
        const names = deriveNames(namespace, "p".repeat(len), gatewayServiceSuffix);
        if (nameBudget(names).some((n) => nameProblem(n) !== undefined)) {
            break;
        }
        best = len;
    }
    return best;
}
