/** zod pieces and patterns shared by the PDStack and GkeCluster schemas. */
import { z } from "zod";

/** The message for a value outside a fixed set. */
export const oneOf = (values: readonly string[]) => `must be one of ${values.join(", ")}`;

/** A zod error map: "is required" when the value is missing, else `rest`. */
export const required = (rest: string) => (issue: { input: unknown }) => (issue.input === undefined ? "is required" : rest);

/** A positive integer, with the same message for every way of missing it. */
export const positiveInt = z
    .number({ error: required("must be a positive integer") })
    .int({ error: "must be a positive integer" })
    .positive({ error: "must be a positive integer" });

/** An RFC 1123 label of any length (the length is checked separately, with its own message). */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An RFC 1123 subdomain of any length: labels joined by dots. */
export const DNS_SUBDOMAIN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes quantity as PDStack accepts it: `8`, `500m`, `64Gi`. */
export const QUANTITY_PATTERN = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
