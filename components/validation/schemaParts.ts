/** zod pieces and patterns shared by the PDStack and GkeCluster schemas. */
import { z } from "zod";

/** The message for a value outside a fixed set. */
export const oneOf = (values: readonly string[]) => `must be one of ${values.join(", ")}`;

/** A zod error map: "is required" when the value is missing, else `rest`. */
export const required = (rest: string) => (issue: { input: unknown }) => (issue.input === undefined ? "is required" : rest);

/**
 * The largest value of an int32 field: Kubernetes' replicas, probe thresholds and ports, GCP's node
 * counts and disk sizes. Every count PDStack takes ends up in such a field.
 */
export const INT32_MAX = 2 ** 31 - 1;

/** The message for a number above {@link INT32_MAX}. */
export const INT32_MESSAGE = `must be at most ${INT32_MAX}, the limit of the int32 field it sets (Kubernetes and GCP refuse more)`;

/**
 * A positive integer within {@link INT32_MAX}, with the same message for every way of missing it
 * (and NaN or Infinity, which JSON would turn into null).
 */
export const positiveInt = z
    .number({ error: required("must be a positive integer") })
    .max(INT32_MAX, { error: INT32_MESSAGE, abort: true })
    .int({ error: "must be a positive integer", abort: true })
    .positive({ error: "must be a positive integer" });

/** Kubernetes length limits of an RFC 1123 label and subdomain. */
export const DNS_LABEL_MAX = 63;
export const DNS_SUBDOMAIN_MAX = 253;

/** An RFC 1123 label of any length (the length is checked separately, with its own message). */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An RFC 1123 subdomain of any length: labels joined by dots. */
export const DNS_SUBDOMAIN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes quantity as PDStack accepts it: `8`, `500m`, `64Gi`. */
export const QUANTITY_PATTERN = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** Whether `s` is an RFC 1123 label: the pattern, at most {@link DNS_LABEL_MAX} characters. */
export function isDnsLabel(s: string): boolean {
    return s.length <= DNS_LABEL_MAX && DNS_LABEL_PATTERN.test(s);
}

/** Whether `s` is an RFC 1123 subdomain: the pattern, at most {@link DNS_SUBDOMAIN_MAX} characters. */
export function isDnsSubdomain(s: string): boolean {
    return s.length >= 1 && s.length <= DNS_SUBDOMAIN_MAX && DNS_SUBDOMAIN_PATTERN.test(s);
}
