/**
 * Every name and label of an llm-d 0.9 install, derived from the namespace, the release postfix and
 * the gateway. None collides with a 0.2 install's names, so that a stack moving from 0.2 to 0.9 can
 * create the new objects before Pulumi deletes the old ones; only the HTTPRoute keeps its name (and
 * is updated in place to point at the new pool).
 */
import { GatewayName, GATEWAYS } from "../../pdstack/gateway";
import { DerivedName, DNS_LABEL_MAX, DNS_SUBDOMAIN_MAX, HELM_RELEASE_MAX, podHostname, routeName } from "../../pdstack/names";
import { PostfixNameProblems, postfixNameProblems } from "../../pdstack/rules/names";
import type { PDSpec } from "../../pdstack/spec";

/** The router chart truncates the release name to this many characters before adding `-epp`. */
export const ROUTER_NAME_TRUNCATION = 40;

/** The guide the pods and pool belong to (`llm-d.ai/guide`), as upstream labels it. */
export const GUIDE_LABEL = "llm-d.ai/guide";
export const GUIDE = "pd-disaggregation";
/** The label llm-d's prefill and decode filters read (shared by every release: ../vllm.ts). */
export { ROLE_LABEL } from "../vllm";
/** The label that keeps two installs in one namespace apart (upstream's selector is the guide label alone). */
export const INSTANCE_LABEL = "app.kubernetes.io/instance";

export interface Llmd09Names {
    /** Helm release of llm-d-router-gateway or -standalone; the chart names the InferencePool after it. */
    routerRelease: string;
    inferencePool: string;
    /** The EPP Deployment and Service (`<release truncated to 40>-epp`). */
    epp: string;
    /**
     * With `monitoring`: the Secret holding a token of the EPP's ServiceAccount, with which the router chart's
     * ServiceMonitor scrapes the EPP's `/metrics` (`router.monitoring.prometheus.auth.secretName`; the chart's
     * default name is the same in every install, so two installs in a namespace would share it).
     */
    eppMetricsToken: string;
    /** The Gateway PDStack creates; undefined in standalone mode. */
    gateway?: string;
    /** The Service clients reach: the gateway's, or in standalone mode the EPP's (Envoy listens there). */
    gatewayService: string;
    /** The ConfigMap Istio reads the gateway's Deployment and Service overrides from (istio only). */
    gatewayParameters?: string;
    /** The HTTPRoute (undefined in standalone mode); the same name as on 0.2. */
    route?: string;
    serviceAccount: string;
    prefillDeployment: string;
    decodeDeployment: string;
    /** Longest hostname a pod can get: Deployment name plus the pod suffix. */
    prefillPodHostname: string;
    decodePodHostname: string;
}

/** Derives every name of one 0.9 install. */
export function deriveLlmd09Names(namespace: string, postfix: string, gateway: GatewayName): Llmd09Names {
    const routerRelease = `router-${postfix}`;
    const epp = `${routerRelease.slice(0, ROUTER_NAME_TRUNCATION)}-epp`;
    const standalone = gateway === "standalone";
    const gatewayName = standalone ? undefined : `llm-d-${postfix}-inference-gateway`;
    const vllm = `vllm-${postfix}`;
    return {
        routerRelease,
        inferencePool: routerRelease,
        epp,
        eppMetricsToken: `${epp}-metrics-token`,
        gateway: gatewayName,
        gatewayService: gatewayName ? `${gatewayName}${GATEWAYS[gateway].serviceSuffix}` : epp,
        gatewayParameters: gateway === "istio" ? gatewayName : undefined,
        route: standalone ? undefined : routeName(postfix),
        serviceAccount: vllm,
        prefillDeployment: `${vllm}-prefill`,
        decodeDeployment: `${vllm}-decode`,
        prefillPodHostname: podHostname(`${vllm}-prefill`),
        decodePodHostname: podHostname(`${vllm}-decode`),
    };
}

/** The 0.9 names a policy finds on an object, and from which it reads the release postfix back. */
export type Llmd09PostfixedName = "routerRelease" | "gateway" | "prefillDeployment" | "decodeDeployment";

/**
 * The release postfix a 0.9 name was derived from (`vllm-pd-prefill`, the prefill Deployment, from `pd`),
 * by inverting {@link deriveLlmd09Names}; undefined when the name is not of that form.
 */
export function llmd09PostfixOf(field: Llmd09PostfixedName, name: string): string | undefined {
    const mark = "\u0000";
    const [prefix, suffix] = deriveLlmd09Names("default", mark, "istio")[field]!.split(mark);
    if (name.length <= prefix.length + suffix.length || !name.startsWith(prefix) || !name.endsWith(suffix)) {
        return undefined;
    }
    return name.slice(prefix.length, name.length - suffix.length);
}

/** The 0.9 names of a validated spec. */
export function llmd09NamesOf(spec: Pick<PDSpec, "namespace" | "releasePostfix" | "gateway">): Llmd09Names {
    return deriveLlmd09Names(spec.namespace, spec.releasePostfix, spec.gateway);
}

/** Every derived name with its limit, for the name-length policy. */
export function llmd09NameBudget(names: Llmd09Names): DerivedName[] {
    const budget: DerivedName[] = [
        { what: "llm-d-router Helm release", value: names.routerRelease, kind: "helm-release", limit: HELM_RELEASE_MAX },
        { what: "InferencePool", value: names.inferencePool, kind: "dns-label", limit: DNS_LABEL_MAX },
        { what: "EPP Service", value: names.epp, kind: "dns-label", limit: DNS_LABEL_MAX },
        { what: "Gateway Service", value: names.gatewayService, kind: "dns-label", limit: DNS_LABEL_MAX },
        { what: "ServiceAccount", value: names.serviceAccount, kind: "dns-subdomain", limit: DNS_SUBDOMAIN_MAX },
        { what: "prefill Deployment", value: names.prefillDeployment, kind: "dns-label", limit: DNS_LABEL_MAX },
        { what: "decode Deployment", value: names.decodeDeployment, kind: "dns-label", limit: DNS_LABEL_MAX },
        { what: "prefill pod hostname", value: names.prefillPodHostname, kind: "hostname", limit: DNS_LABEL_MAX },
        { what: "decode pod hostname", value: names.decodePodHostname, kind: "hostname", limit: DNS_LABEL_MAX },
    ];
    if (names.route) {
        budget.push({ what: "HTTPRoute", value: names.route, kind: "dns-subdomain", limit: DNS_SUBDOMAIN_MAX });
    }
    return budget;
}

/** The name budget of an install on a gateway, from its namespace and postfix (what the profile table gives). */
export function llmd09NameBudgetOf(namespace: string, postfix: string, gateway: GatewayName): DerivedName[] {
    return llmd09NameBudget(deriveLlmd09Names(namespace, postfix, gateway));
}

/**
 * The rule of rules/names.ts on a 0.9 install: its derived names over their limits, and the longest
 * postfix that fits the namespace; undefined when every name fits. `only` keeps the names a caller owns
 * (the name-length policy checking one object checks the names that object creates).
 */
export function llmd09NameProblems(
    namespace: string,
    postfix: string,
    gateway: GatewayName,
    only: (n: DerivedName) => boolean = () => true,
): PostfixNameProblems | undefined {
    return postfixNameProblems((p) => llmd09NameBudgetOf(namespace, p, gateway), postfix, only);
}

const LABEL_VALUE_MAX = 63;

/**
 * The `llm-d.ai/model` label value of a served model, as upstream writes it: the last path segment
 * of the model name (`openai/gpt-oss-120b` -> `gpt-oss-120b`), made a valid label value.
 */
export function modelLabel(modelName: string): string {
    const last = modelName.split("/").filter((s) => s !== "").pop() ?? modelName;
    const cleaned = last
        .replace(/[^A-Za-z0-9._-]/g, "-")
        .slice(0, LABEL_VALUE_MAX)
        .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
    return cleaned === "" ? "model" : cleaned;
}
