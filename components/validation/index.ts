export { InputError, inputErrorMessage } from "./inputError";
export { keyName, parseInput } from "./parseInput";
export { DNS_LABEL_MAX, DNS_LABEL_PATTERN, DNS_SUBDOMAIN_MAX, DNS_SUBDOMAIN_PATTERN, isDnsLabel, isDnsSubdomain, oneOf, positiveInt, QUANTITY_PATTERN, required } from "./schemaParts";
export { isPlainObject } from "./plainObject";
export { parseQuantity } from "./quantity";
