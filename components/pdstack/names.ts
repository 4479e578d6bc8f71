/**
 * What every release profile's names share: the Kubernetes and Helm limits a derived name must fit,
 * the pod hostname a Deployment's name leads to, and the names PDStack gives the same way on every
 * release (the HF token Secret, the HTTPRoute). Each profile derives the rest of its names in its own
 * folder (components/releases/<profile>/names.ts).
 */

import { DNS_LABEL_MAX, DNS_SUBDOMAIN_MAX } from "../validation";

export { DNS_LABEL_MAX, DNS_SUBDOMAIN_MAX };
/** Helm's limit on a release name. */
export const HELM_RELEASE_MAX = 53;
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

/**
 * The HTTPRoute PDStack creates (upstream applies it by hand). Every release profile gives it this
 * name, so that a stack moving between releases updates its route in place.
 */
export function routeName(postfix: string): string {
    return `llm-d-${postfix}-disaggregation`;
}

/** The longest hostname a pod of this Deployment can get: the name plus `-<pod-template-hash>-<random>`. */
export function podHostname(deployment: string): string {
    return `${deployment}-${"h".repeat(10)}-${"r".repeat(5)}`;
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
