/**
 * The name rules `pd-name-lengths` applies to anything, whatever the release: a name's form and limit
 * by its kind (DNS label, DNS subdomain, path segment, Helm release), the names an object creates
 * beyond its own (a pod's hostname, a Gateway's Service), and the fix for names derived from a release
 * postfix. The names a release derives by its own rule are checked by its profile
 * (`ReleaseProfile.checks.names`), with these helpers.
 */
import { GATEWAY_NAMES, GATEWAYS } from "../pdstack/gateway";
import { DerivedName, DNS_LABEL_MAX, DNS_SUBDOMAIN_MAX, HELM_RELEASE_MAX, podHostname } from "../pdstack/names";
import { describeNamesOverLimits, namesOverLimits } from "../pdstack/rules";
import { CONFIG_PREFIX } from "../tokens";
import { DNS_LABEL_PATTERN, DNS_SUBDOMAIN_PATTERN, isPlainObject } from "../validation";
import { kindOfType } from "./kubernetesResources";
import { podRole } from "./podInstalls";

/** Kinds whose names are DNS labels (RFC 1123), not subdomains. */
const LABEL_KINDS = new Set(["Namespace", "Service"]);
/** Kinds whose names are path segments: anything but `/` and `%`, at most 253. */
const PATH_SEGMENT_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** Type token of a Deployment (what a model-server role is registered as). */
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
/** Type token of a Gateway API Gateway. */
export const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";

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

/** Why a Helm release name is not one Helm accepts, or undefined. */
export function helmReleaseNameProblem(name: string): string | undefined {
    if (name.length > HELM_RELEASE_MAX) {
        return `Helm release name "${name}" is ${name.length} characters; Helm allows ${HELM_RELEASE_MAX}`;
    }
    if (!DNS_SUBDOMAIN_PATTERN.test(name)) {
        return `Helm release name "${name}" is not a valid release name (lowercase letters, digits, '-' and '.')`;
    }
    return undefined;
}

/** How to fix names derived from a postfix that is too long (or from a namespace that is). */
export function postfixFix(namespace: string, postfix: string, longest: number, problems: DerivedName[]): string {
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

/** Problems with a Kubernetes object's `metadata.name` and `metadata.namespace` (`where` names the object). */
export function objectNameProblems(where: string, kind: string, props: Record<string, any>): string[] {
    const metadata = props.metadata;
    if (!isPlainObject(metadata)) {
        return [];
    }
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

/** The kind of a resource: its `kind`, else the last part of its type token. */
export function kindOf(type: string, props: Record<string, any>): string {
    return typeof props.kind === "string" ? props.kind : kindOfType(type);
}

/** The P/D role of a model-server Deployment (`llm-d.ai/role` of its pods), if it is one. */
export function deploymentRole(type: string, props: Record<string, any>): "prefill" | "decode" | undefined {
    return type === DEPLOYMENT ? podRole(props?.spec?.template?.metadata?.labels) : undefined;
}

/** The gateway provider of a Gateway, from its class; undefined for a class no provider of PDStack's has. */
export function gatewayOfClass(className: unknown) {
    return GATEWAY_NAMES.find((g) => GATEWAYS[g].className === className);
}

/**
 * The names an object creates beyond its own, over their limits, as they are: a model-server
 * Deployment's pod hostnames (its name plus the pod suffix), a Gateway's Service (its name plus the
 * provider's suffix). For objects no release profile named by its own rule.
 */
export function createdNamesOverLimits(type: string, props: Record<string, any>): DerivedName[] {
    const objectName = props?.metadata?.name;
    if (typeof objectName !== "string") {
        return [];
    }
    const role = deploymentRole(type, props);
    if (role) {
        return namesOverLimits([{ what: `${role} pod hostname`, value: podHostname(objectName), kind: "hostname", limit: DNS_LABEL_MAX }]);
    }
    const gateway = type === GATEWAY ? gatewayOfClass(props.spec?.gatewayClassName) : undefined;
    if (gateway) {
        return namesOverLimits([{ what: "Gateway Service", value: `${objectName}${GATEWAYS[gateway].serviceSuffix}`, kind: "dns-label", limit: DNS_LABEL_MAX }]);
    }
    return [];
}

/** Names an object creates over their limits, as one message fixed by shortening the object's name. */
export function createdNamesMessage(where: string, objectName: string, problems: readonly DerivedName[]): string[] {
    return problems.length > 0 ? [`${where}: ${describeNamesOverLimits(problems)}. Fix: shorten the name "${objectName}".`] : [];
}

/** {@link createdNamesOverLimits} as one message, fixed by shortening the object's name. */
export function createdNameProblems(where: string, type: string, props: Record<string, any>): string[] {
    return createdNamesMessage(where, String(props?.metadata?.name), createdNamesOverLimits(type, props));
}
