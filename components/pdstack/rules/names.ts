/**
 * Rule: every name PDStack derives from the namespace and the release postfix fits its Kubernetes or
 * Helm limit. The binding one is the prefill pod's hostname (its Deployment's name plus the pod
 * suffix, at most 63). PDStack's schema applies the rule to its spec, so a postfix that is too long is
 * rejected at construction; the `pd-name-lengths` policy applies it to the releases as they reach
 * Pulumi (after any transformation).
 */
import { DerivedName, deriveNames, DNS_LABEL_MAX, longestPostfixThatFits, nameBudget, nameProblem, POD_NAME_SUFFIX } from "../names";

/** Why a pod hostname is capped, said once in a message that reports one. */
export const HOSTNAME_NOTE =
    `(a pod's hostname is its Deployment's name plus "-<pod-template-hash>-<random>", ${POD_NAME_SUFFIX} characters, ` +
    `and Kubernetes caps it at ${DNS_LABEL_MAX})`;

/** The names that do not fit their limits. */
export function namesOverLimits(names: readonly DerivedName[]): DerivedName[] {
    return names.filter((n) => nameProblem(n) !== undefined);
}

/** One sentence for names over their limits: each problem, then {@link HOSTNAME_NOTE} when a pod hostname is among them. */
export function describeNamesOverLimits(problems: readonly DerivedName[]): string {
    const text = problems.map((n) => nameProblem(n)!).join("; ");
    return problems.some((n) => n.kind === "hostname") ? `${text} ${HOSTNAME_NOTE}` : text;
}

/** The derived names of one install that are over their limits, and the longest postfix that fits its namespace. */
export interface PostfixNameProblems {
    problems: DerivedName[];
    /** The longest release postfix for which every derived name fits (0 when none does). */
    longest: number;
}

/**
 * The rule on one install: the names derived from `namespace` and `postfix` (with the gateway's
 * Service suffix) over their limits; undefined when every name fits. `only` keeps the names a
 * caller owns (a policy checking one Helm release checks the names that release creates).
 */
export function postfixNameProblems(
    namespace: string,
    postfix: string,
    gatewayServiceSuffix: string,
    only: (n: DerivedName) => boolean = () => true,
): PostfixNameProblems | undefined {
    const problems = namesOverLimits(nameBudget(deriveNames(namespace, postfix, gatewayServiceSuffix)).filter(only));
    if (problems.length === 0) {
        return undefined;
    }
    return { problems, longest: longestPostfixThatFits(namespace, gatewayServiceSuffix) };
}
