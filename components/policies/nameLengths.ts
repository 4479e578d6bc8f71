/**
 * `pd-name-lengths`: every name PDStack derives from the namespace and the release postfix fits its
 * Kubernetes or Helm limit. The binding one is the pod hostname: modelservice names its Deployments
 * `<ms release>-llm-d-modelservice-{decode,prefill}` and a pod adds `-<hash>-<random>`, so a prefill
 * pod's hostname is 47 + len(postfix) characters and must fit 63.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { GATEWAYS } from "../pdstack/gateway";
import {
    DerivedName,
    deriveNames,
    DNS_LABEL_MAX,
    DNS_SUBDOMAIN_MAX,
    HELM_RELEASE_MAX,
    longestPostfixThatFits,
    MODELSERVICE_FULLNAME_MAX,
    nameBudget,
    nameProblem,
    POD_NAME_SUFFIX,
} from "../pdstack/names";
import { CONFIG_PREFIX, describeResource, HELM_RELEASE, isKubernetesType, LlmdChart, llmdChartOf } from "./kubernetesResources";

export const NAME_LENGTHS = "pd-name-lengths";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kinds whose names are DNS labels (RFC 1123), not subdomains. */
const LABEL_KINDS = new Set(["Namespace", "Service"]);
/** Kinds whose names are path segments: anything but `/` and `%`, at most 253. */
const PATH_SEGMENT_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** The release prefix each llm-d chart gets from PDStack: `infra-<postfix>`, `gaie-<postfix>`, `ms-<postfix>`. */
const RELEASE_PREFIX: Record<LlmdChart, string> = { infra: "infra-", gaie: "gaie-", modelservice: "ms-" };

/** The derived names each release owns (the rest of {@link nameBudget} is checked on the release that creates it). */
const OWNED: Record<LlmdChart, string[]> = {
    infra: ["Gateway Service"],
    gaie: ["InferencePool", "EPP Service", "EPP Service FQDN (DestinationRule host)"],
    modelservice: ["decode Deployment", "prefill Deployment", "decode pod hostname", "prefill pod hostname"],
};

const HOSTNAME_NOTE =
    `(a pod's hostname is its Deployment's name plus "-<pod-template-hash>-<random>", ${POD_NAME_SUFFIX} characters, ` +
    `and Kubernetes caps it at ${DNS_LABEL_MAX})`;

/** Why a name is not a DNS label, or undefined. */
export function dnsLabelProblem(what: string, name: string): string | undefined {
    if (name.length > DNS_LABEL_MAX) {
        return `${what} "${name}" is ${name.length} characters; a DNS label may have ${DNS_LABEL_MAX}`;
    }
    if (!DNS_LABEL.test(name)) {
        return `${what} "${name}" is not a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit)`;
    }
    return undefined;
}

function dnsSubdomainProblem(what: string, name: string): string | undefined {
    if (name.length > DNS_SUBDOMAIN_MAX) {
        return `${what} "${name}" is ${name.length} characters; a DNS subdomain may have ${DNS_SUBDOMAIN_MAX}`;
    }
    if (!DNS_SUBDOMAIN.test(name)) {
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
    if (!DNS_SUBDOMAIN.test(name)) {
        return `Helm release name "${name}" is not a valid release name (lowercase letters, digits, '-' and '.')`;
    }
    return undefined;
}

/** The Gateway Service suffix of the provider whose GatewayClass the llm-d-infra values name. */
function gatewayServiceSuffix(values: any): string {
    const className = values?.gateway?.gatewayClassName;
    return Object.values(GATEWAYS).find((g) => g.className === className)?.serviceSuffix ?? "";
}

/** The names modelservice derives from a release that is not called `ms-<postfix>`. */
function modelServiceNames(release: string): DerivedName[] {
    let fullname = `${release}-llm-d-modelservice`;
    if (fullname.length > MODELSERVICE_FULLNAME_MAX) {
        fullname = fullname.slice(0, MODELSERVICE_FULLNAME_MAX).replace(/-+$/, "");
    }
    const pod = `-${"h".repeat(10)}-${"r".repeat(5)}`;
    return (["decode", "prefill"] as const).flatMap((role) => [
        { what: `${role} Deployment`, value: `${fullname}-${role}`, kind: "dns-label" as const, limit: DNS_LABEL_MAX },
        { what: `${role} pod hostname`, value: `${fullname}-${role}${pod}`, kind: "hostname" as const, limit: DNS_LABEL_MAX },
    ]);
}

/** How to fix names derived from a postfix that is too long (or from a namespace that is). */
function postfixFix(namespace: string, postfix: string, suffix: string, problems: DerivedName[]): string {
    const longest = longestPostfixThatFits(namespace, suffix);
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
export function releaseNameProblems(type: string, name: string, props: Record<string, any>): string[] {
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
    const suffix = chart === "infra" ? gatewayServiceSuffix(props.values) : "";
    let derived: DerivedName[];
    if (postfix !== undefined) {
        derived = nameBudget(deriveNames(ns, postfix, suffix)).filter((n) => OWNED[chart].includes(n.what));
    } else if (chart === "modelservice") {
        derived = modelServiceNames(release);
    } else {
        derived = [];
    }
    const host = chart === "infra" ? props.values?.gateway?.destinationRule?.host : undefined;
    if (typeof host === "string") {
        derived.push({ what: "DestinationRule host (gateway.destinationRule.host)", value: host, kind: "fqdn", limit: DNS_SUBDOMAIN_MAX });
    }
    const problems = derived.filter((n) => nameProblem(n) !== undefined);
    if (problems.length === 0) {
        return messages;
    }
    const text = problems.map((n) => nameProblem(n)!).join("; ");
    const note = problems.some((n) => n.kind === "hostname") ? ` ${HOSTNAME_NOTE}` : "";
    const fix = postfix !== undefined ? postfixFix(ns, postfix, suffix, problems) : `shorten the Helm release name "${release}"`;
    messages.push(`${where}: ${text}${note}. Fix: ${fix}.`);
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

export const nameLengthsPolicy: ResourceValidationPolicy = {
    name: NAME_LENGTHS,
    description:
        "Every name PDStack derives (Helm releases, Deployments, pod hostnames, Services, the EPP FQDN, object names) fits its " +
        "Kubernetes or Helm limit: DNS label 63, DNS subdomain 253 (each FQDN label 63), Helm release 53.",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!isKubernetesType(args.type)) {
            args.notApplicable("only Kubernetes objects and Helm releases have Kubernetes names");
        }
        const messages = args.type === HELM_RELEASE ? releaseNameProblems(args.type, args.name, args.props) : objectNameProblems(args.type, args.name, args.props);
        messages.forEach((m) => reportViolation(m));
    },
};
