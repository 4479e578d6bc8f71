/**
 * `pd-name-lengths`: every name PDStack derives from the namespace and the release postfix fits its
 * Kubernetes or Helm limit. The binding one is usually a pod hostname (a Deployment's name plus
 * `-<hash>-<random>`, at most 63): on llm-d 0.2 modelservice's `<ms release>-llm-d-modelservice-prefill`
 * (47 + len(postfix)), on llm-d 0.9 `vllm-<postfix>-prefill` (30 + len(postfix)).
 *
 * The names a release derives by its own rule are its profile's to check
 * (`ReleaseProfile.checks.names`: components/releases/llmd02/checks.ts, llmd09/checks.ts), asked of
 * the table; the rules of ./nameRules.ts apply to everything else: any object's `metadata.name` by its
 * kind, any Helm release's name, the pod hostnames of any model-server Deployment and the Service of
 * any Gateway. PDStack rejects a postfix that is too long at construction (components/pdstack/rules/names.ts);
 * the policy checks the releases and objects as they reach Pulumi, for programs that transform them.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { LLMD_RELEASES, RELEASE_PROFILES } from "../releases";
import { DNS_LABEL_MAX } from "../pdstack/names";
import { CONFIG_PREFIX } from "../tokens";
import { describeResource, HELM_RELEASE, isKubernetesType } from "./kubernetesResources";
import { createdNameProblems, dnsLabelProblem, helmReleaseNameProblem, kindOf, objectNameProblems, ReleaseProps } from "./nameRules";

export const NAME_LENGTHS = "pd-name-lengths";

export { dnsLabelProblem, ReleaseProps };

/** Problems with the names an llm-d Helm release and what it creates will have. */
export function releaseNameProblems(type: string, name: string, props: ReleaseProps): string[] {
    const where = describeResource(type, name, props);
    const messages: string[] = [];
    if (typeof props.namespace === "string") {
        const p = dnsLabelProblem("namespace", props.namespace);
        if (p) {
            messages.push(`${where}: ${p}; set ${CONFIG_PREFIX}namespace (PDStackArgs.namespace) to a DNS label of at most ${DNS_LABEL_MAX} characters`);
        }
    }
    if (typeof props.name !== "string") {
        return messages;
    }
    for (const release of LLMD_RELEASES) {
        const own = RELEASE_PROFILES[release].checks.names.release(where, type, props);
        if (own) {
            return [...messages, ...own];
        }
    }
    const p = helmReleaseNameProblem(props.name);
    return p ? [...messages, `${where}: ${p}; shorten the release name`] : messages;
}

/**
 * The names a Kubernetes object creates beyond its own (a model-server Deployment's pod hostnames, a
 * Gateway's Service): by the rule of the release profile that named it, else as they are.
 */
export function derivedObjectNameProblems(where: string, type: string, props: Record<string, any>): string[] {
    for (const release of LLMD_RELEASES) {
        const own = RELEASE_PROFILES[release].checks.names.object(where, type, props);
        if (own) {
            return own;
        }
    }
    return createdNameProblems(where, type, props);
}

/** Every name problem of a Kubernetes object (not a Helm release): its own name and namespace, and the names it creates. */
export function kubernetesObjectNameProblems(type: string, name: string, props: Record<string, any>): string[] {
    const where = describeResource(type, name, props);
    return [...objectNameProblems(where, kindOf(type, props), props), ...derivedObjectNameProblems(where, type, props)];
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
    kubernetesObjectNameProblems(args.type, args.name, args.props).forEach((m) => reportViolation(m));
};

export const nameLengthsPolicy: ResourceValidationPolicy = {
    name: NAME_LENGTHS,
    description:
        "Every name PDStack derives (Helm releases, Deployments, pod hostnames, Services, the EPP FQDN, object names) fits its " +
        "Kubernetes or Helm limit: DNS label 63, DNS subdomain 253 (each FQDN label 63), Helm release 53.",
    enforcementLevel: "mandatory",
    validateResource: [validateRelease, validateObject],
};
