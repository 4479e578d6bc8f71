/**
 * Rule: every name PDStack derives from the namespace and the release postfix fits its Kubernetes or
 * Helm limit. The binding one is usually a pod's hostname (its Deployment's name plus the pod suffix,
 * at most 63). Each release profile says which names it derives (its `nameBudget`); this rule applies
 * to any of them. PDStack's schema applies it to its spec, so a postfix that is too long is rejected at
 * construction; the `pd-name-lengths` policy applies it to the objects as they reach Pulumi (after any
 * transformation).
 */
import { DerivedName, DNS_LABEL_MAX, nameProblem, POD_NAME_SUFFIX } from "../names";

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

/** The names one install derives from a release postfix (in a namespace and gateway the caller fixed). */
export type NameBudgetOf = (postfix: string) => DerivedName[];

/** The longest release postfix for which every name of the budget fits. */
export function longestPostfixThatFits(budgetOf: NameBudgetOf): number {
    let best = 0;
    for (let len = 1; len <= DNS_LABEL_MAX && namesOverLimits(budgetOf("p".repeat(len))).length === 0; len++) {
        best = len;
    }
    return best;
}

/**
 * The rule on one install: the names derived from `postfix` over their limits; undefined when every
 * name fits. `only` keeps the names a caller owns (a policy checking one object checks the names that
 * object creates); the longest postfix is the one for which every name of the install fits, as the
 * postfix is shared by all of them.
 */
export function postfixNameProblems(
    budgetOf: NameBudgetOf,
    postfix: string,
    only: (n: DerivedName) => boolean = () => true,
): PostfixNameProblems | undefined {
    const problems = namesOverLimits(budgetOf(postfix).filter(only));
    if (problems.length === 0) {
        return undefined;
    }
    return { problems, longest: longestPostfixThatFits(budgetOf) };
}
