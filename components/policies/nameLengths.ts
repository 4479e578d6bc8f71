/**
 * `pd-name-lengths`: every name PDStack derives from the namespace and the release postfix fits its
 * Kubernetes or Helm limit. The binding one is the pod hostname: modelservice names its Deployments
 * `<ms release>-llm-d-modelservice-{decode,prefill}` and a pod adds `-<hash>-<random>`, so a prefill
 * pod's hostname is 47 + len(postfix) characters and must fit 63. On llm-d 0.9 the router release
 * (`router-<postfix>`: Helm release, InferencePool, EPP), the model-server Deployments
 * (`vllm-<postfix>-{prefill,decode}`, whose pod hostnames must fit 63) and the Gateway's Service are
 * checked by the rule of components/releases/llmd09/names.ts.
 *
 * PDStack rejects such a postfix at construction (components/pdstack/rules/names.ts); the policy
 * checks the releases and objects as they reach Pulumi, for programs that transform them.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { GATEWAY_NAMES, GatewayName, GATEWAYS } from "../pdstack/gateway";
import { llmd02NameBudgetOf, modelServiceFullname, modelServiceNameBudget } from "../releases/llmd02/names";
import { llmd09NameProblems, llmd09PostfixOf, Llmd09PostfixedName } from "../releases/llmd09/names";
import { DerivedName, DNS_LABEL_MAX, DNS_SUBDOMAIN_MAX, HELM_RELEASE_MAX, podHostname } from "../pdstack/names";
import { describeNamesOverLimits, longestPostfixThatFits, namesOverLimits, NameBudgetOf, postfixNameProblems } from "../pdstack/rules";
import { DNS_LABEL_PATTERN, DNS_SUBDOMAIN_PATTERN } from "../validation";
import { CONFIG_PREFIX } from "../tokens";
import { describeResource, HELM_RELEASE, isKubernetesType, LlmdChart, llmdChartOf, routerChartOf } from "./kubernetesResources";
import { modelServerRole } from "./modelServerDeployments";

export const NAME_LENGTHS = "pd-name-lengths";

/** Kinds whose names are DNS labels (RFC 1123), not subdomains. */
const LABEL_KINDS = new Set(["Namespace", "Service"]);
/** Kinds whose names are path segments: anything but `/` and `%`, at most 253. */
const PATH_SEGMENT_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** The release prefix each llm-d chart gets from PDStack: `infra-<postfix>`, `gaie-<postfix>`, `ms-<postfix>`. */
const RELEASE_PREFIX: Record<LlmdChart, string> = { infra: "infra-", gaie: "gaie-", modelservice: "ms-" };

/** The derived names each release owns (the rest of the name budget is checked on the release that creates it). */
const OWNED: Record<LlmdChart, string[]> = {
    infra: ["Gateway Service"],
    gaie: ["InferencePool", "EPP Service", "EPP Service FQDN (DestinationRule host)"],
    modelservice: ["decode Deployment", "prefill Deployment", "decode pod hostname", "prefill pod hostname"],
};

/**
 * The derived names of llm-d 0.9 (as components/releases/llmd09/names.ts calls them) each object
 * owns, and the name of that object from which the policy reads the postfix back.
 */
const OWNED_010: Record<"router" | "prefill" | "decode" | "gateway", { from: Llmd09PostfixedName; names: string[] }> = {
    router: { from: "routerRelease", names: ["llm-d-router Helm release", "InferencePool", "EPP Service"] },
    prefill: { from: "prefillDeployment", names: ["prefill Deployment", "prefill pod hostname"] },
    decode: { from: "decodeDeployment", names: ["decode Deployment", "decode pod hostname"] },
    gateway: { from: "gateway", names: ["Gateway Service"] },
};

/** Type token of the Gateway API Gateway PDStack creates on llm-d 0.10. */
const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";

/** What the policy reads of a Helm release: inputs of `k8s.helm.v3.Release`. */
export type ReleaseProps = {
    name?: string;
    namespace?: string;
    chart?: string;
    values?: Record<string, any>;
};

/** Why a name is not a DNS label, or undefined. */
export function dnsLabelProblem(what: string, name: string): string | undefined {
    if (name.length > DNS_LABEL_MAX) {
        return `${what} "${name}" is ${name.length} characters; a DNS label may have ${DNS_LABEL_MAX}`;
    }
    if (!DNS_LABEL_PATTERN.test(name)) {
        return `${what} "${name}" is not a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit)`;
    }
    return undefined;
}

function dnsSubdomainProblem(what: string, name: string): string | undefined {
    if (name.length > DNS_SUBDOMAIN_MAX) {
        return `${what} "${name}" is ${name.length} characters; a DNS subdomain may have ${DNS_SUBDOMAIN_MAX}`;
    }
    if (!DNS_SUBDOMAIN_PATTERN.test(name)) {
        return `${what} "${name}" is not a DNS subdomain (lowercase letters, digits, '-' and '.')`;
    }
    const long = name.split(".").find((label) => label.length > DNS_LABEL_MAX);
    if (long) {
        return `${what} "${name}" has the label "${long}" of ${long.length} characters; each label may have ${DNS_LABEL_MAX}`;
    }
    return undefined;
}

function helmReleaseNameProblem(name: string): string | undefined {
    if (name.length > HELM_RELEASE_MAX) {
        return `Helm release name "${name}" is ${name.length} characters; Helm allows ${HELM_RELEASE_MAX}`;
    }
    if (!DNS_SUBDOMAIN_PATTERN.test(name)) {
        return `Helm release name "${name}" is not a valid release name (lowercase letters, digits, '-' and '.')`;
    }
    return undefined;
}

/** The gateway provider whose GatewayClass the llm-d-infra values name (istio when none matches: the others add no Service suffix). */
function gatewayOfInfraValues(values: any): GatewayName {
    const className = values?.gateway?.gatewayClassName;
    return GATEWAY_NAMES.find((g) => GATEWAYS[g].className === className) ?? "kgateway";
}

/** How to fix names derived from a postfix that is too long (or from a namespace that is). */
function postfixFix(namespace: string, postfix: string, longest: number, problems: DerivedName[]): string {
    const involvesNamespace = problems.some((n) => n.value.includes(`.${namespace}.`));
    const shortenNamespace = `shorten ${CONFIG_PREFIX}namespace (PDStackArgs.namespace)`;
    if (postfix.length <= longest) {
        return involvesNamespace ? shortenNamespace : `shorten ${CONFIG_PREFIX}releasePostfix or ${CONFIG_PREFIX}namespace`;
    }
    if (longest === 0) {
        return `no release postfix fits with namespace "${namespace}": ${shortenNamespace}`;
    }
    return (
        `release postfix "${postfix}" is ${postfix.length} characters; the longest postfix that fits is ${longest} characters ` +
        `(namespace "${namespace}"): set ${CONFIG_PREFIX}releasePostfix (PDStackArgs.releasePostfix) to at most ${longest} characters` +
        (involvesNamespace ? `, or ${shortenNamespace}` : "")
    );
}

/** Problems with the names an llm-d Helm release and what it creates will have. */
export function releaseNameProblems(type: string, name: string, props: ReleaseProps): string[] {
    const where = describeResource(type, name, props);
    const messages: string[] = [];
    const namespace = typeof props.namespace === "string" ? props.namespace : undefined;
    if (namespace !== undefined) {
        const p = dnsLabelProblem("namespace", namespace);
        if (p) {
            messages.push(`${where}: ${p}; set ${CONFIG_PREFIX}namespace (PDStackArgs.namespace) to a DNS label of at most ${DNS_LABEL_MAX} characters`);
        }
    }
    const release = typeof props.name === "string" ? props.name : undefined;
    if (release === undefined) {
        return messages;
    }
    const chart = llmdChartOf(type, props);
    // The router release of PDStack's form: its name with the names the router chart derives from it.
    const router = routerChartOf(type, props) ? llmd09NameLengthProblems(where, "router", release, namespace ?? "default") : undefined;
    if (router) {
        return [...messages, ...router];
    }
    const releaseProblem = helmReleaseNameProblem(release);
    const prefix = chart ? RELEASE_PREFIX[chart] : undefined;
    const postfix = prefix && release.startsWith(prefix) ? release.slice(prefix.length) : undefined;
    if (releaseProblem) {
        const fix = postfix !== undefined ? `shorten ${CONFIG_PREFIX}releasePostfix (PDStackArgs.releasePostfix)` : "shorten the release name";
        messages.push(`${where}: ${releaseProblem}; ${fix}`);
    }
    if (!chart) {
        return messages;
    }
    const ns = namespace ?? "default";
    const gateway: GatewayName = chart === "infra" ? gatewayOfInfraValues(props.values) : "kgateway";
    const budgetOf: NameBudgetOf = (p) => llmd02NameBudgetOf(ns, p, gateway);
    // The names PDStack derives, by the same rule PDStack applies at construction; a modelservice
    // release named otherwise gets modelservice's names for its own release name.
    const owned = postfix !== undefined ? postfixNameProblems(budgetOf, postfix, (n) => OWNED[chart].includes(n.what)) : undefined;
    const problems: DerivedName[] = owned?.problems ?? [];
    if (postfix === undefined && chart === "modelservice") {
        problems.push(...namesOverLimits(modelServiceNameBudget(modelServiceFullname(release))));
    }
    const host = chart === "infra" ? props.values?.gateway?.destinationRule?.host : undefined;
    if (typeof host === "string") {
        problems.push(...namesOverLimits([{ what: "DestinationRule host (gateway.destinationRule.host)", value: host, kind: "fqdn", limit: DNS_SUBDOMAIN_MAX }]));
    }
    if (problems.length === 0) {
        return messages;
    }
    const fix =
        postfix !== undefined
            ? postfixFix(ns, postfix, owned?.longest ?? longestPostfixThatFits(budgetOf), problems)
            : `shorten the Helm release name "${release}"`;
    messages.push(`${where}: ${describeNamesOverLimits(problems)}. Fix: ${fix}.`);
    return messages;
}

/** Problems with a Kubernetes object's `metadata.name` and `metadata.namespace`. */
export function objectNameProblems(type: string, name: string, props: Record<string, any>): string[] {
    const metadata = props.metadata;
    if (typeof metadata !== "object" || metadata === null) {
        return [];
    }
    const where = describeResource(type, name, props);
    const kind = typeof props.kind === "string" ? props.kind : type.slice(type.lastIndexOf(":") + 1);
    const messages: string[] = [];
    if (typeof metadata.name === "string") {
        const n: string = metadata.name;
        let problem: string | undefined;
        if (LABEL_KINDS.has(kind)) {
            problem = dnsLabelProblem(`${kind} name`, n);
        } else if (PATH_SEGMENT_KINDS.has(kind)) {
            problem = n.length > DNS_SUBDOMAIN_MAX || /[/%]/.test(n) || n === "" ? `${kind} name "${n}" is not a valid name` : undefined;
        } else {
            problem = dnsSubdomainProblem(`${kind} name`, n);
        }
        if (problem) {
            const fix =
                kind === "Namespace"
                    ? `set ${CONFIG_PREFIX}namespace (PDStackArgs.namespace) to a DNS label of at most ${DNS_LABEL_MAX} characters`
                    : `shorten ${CONFIG_PREFIX}releasePostfix or ${CONFIG_PREFIX}namespace, from which PDStack derives it, or rename the object`;
            messages.push(`${where}: ${problem}; ${fix}`);
        }
    }
    if (typeof metadata.namespace === "string") {
        const problem = dnsLabelProblem("metadata.namespace", metadata.namespace);
        if (problem) {
            messages.push(`${where}: ${problem}; set ${CONFIG_PREFIX}namespace (PDStackArgs.namespace) to a DNS label`);
        }
    }
    return messages;
}

/**
 * The names an llm-d 0.9 object (`owner`: the router release, a model-server Deployment, the Gateway)
 * named by PDStack's rule creates, over their limits, with the longest postfix that fits; undefined when
 * `name` is not of PDStack's form (`router-<postfix>`, `vllm-<postfix>-prefill`, ...). `gateway` decides the
 * Gateway Service's suffix.
 */
export function llmd09NameLengthProblems(
    where: string,
    owner: keyof typeof OWNED_010,
    name: string,
    namespace: string,
    gateway: GatewayName = "istio",
): string[] | undefined {
    const owned = OWNED_010[owner];
    const postfix = llmd09PostfixOf(owned.from, name);
    if (postfix === undefined) {
        return undefined;
    }
    const found = llmd09NameProblems(namespace, postfix, gateway, (n) => owned.names.includes(n.what));
    return found ? [`${where}: ${describeNamesOverLimits(found.problems)}. Fix: ${postfixFix(namespace, postfix, found.longest, found.problems)}.`] : [];
}

/**
 * The names an llm-d 0.9 object creates beyond its own: a model-server Deployment's pod hostnames (its
 * name plus the pod suffix), the Gateway's Service (its name plus the provider's suffix). Names of
 * PDStack's form get the postfix fix; others are checked as they are.
 */
export function llmd09ObjectNameProblems(type: string, name: string, props: Record<string, any>): string[] {
    const objectName = props?.metadata?.name;
    if (typeof objectName !== "string") {
        return [];
    }
    const namespace = typeof props.metadata.namespace === "string" ? props.metadata.namespace : "default";
    const where = describeResource(type, name, props);
    const role = modelServerRole({ type, name, props });
    let own: DerivedName | undefined;
    if (role) {
        const fromPostfix = llmd09NameLengthProblems(where, role, objectName, namespace);
        if (fromPostfix) {
            return fromPostfix;
        }
        own = { what: `${role} pod hostname`, value: podHostname(objectName), kind: "hostname", limit: DNS_LABEL_MAX };
    } else if (type === GATEWAY) {
        const gateway = GATEWAY_NAMES.find((g) => GATEWAYS[g].className === props.spec?.gatewayClassName);
        if (!gateway) {
            return [];
        }
        const fromPostfix = llmd09NameLengthProblems(where, "gateway", objectName, namespace, gateway);
        if (fromPostfix) {
            return fromPostfix;
        }
        own = { what: "Gateway Service", value: `${objectName}${GATEWAYS[gateway].serviceSuffix}`, kind: "dns-label", limit: DNS_LABEL_MAX };
    }
    const problems = own ? namesOverLimits([own]) : [];
    return problems.length > 0 ? [`${where}: ${describeNamesOverLimits(problems)}. Fix: shorten the name "${objectName}".`] : [];
}

/** The names of an llm-d Helm release and of what it creates. */
const validateRelease: ResourceValidation = validateResourceOfType(Release, (release, args, reportViolation) => {
    releaseNameProblems(args.type, args.name, release).forEach((m) => reportViolation(m));
});

/** `metadata.name` and `metadata.namespace` of any other Kubernetes object. */
const validateObject: ResourceValidation = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (!isKubernetesType(args.type) || args.type === HELM_RELEASE) {
        args.notApplicable("only Kubernetes objects have metadata names (Helm releases are checked on their own)");
    }
    [...objectNameProblems(args.type, args.name, args.props), ...llmd09ObjectNameProblems(args.type, args.name, args.props)].forEach((m) => reportViolation(m));
};

export const nameLengthsPolicy: ResourceValidationPolicy = {
    name: NAME_LENGTHS,
    description:
        "Every name PDStack derives (Helm releases, Deployments, pod hostnames, Services, the EPP FQDN, object names) fits its " +
        "Kubernetes or Helm limit: DNS label 63, DNS subdomain 253 (each FQDN label 63), Helm release 53.",
    enforcementLevel: "mandatory",
    validateResource: [validateRelease, validateObject],
};
