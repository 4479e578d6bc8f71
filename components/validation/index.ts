export { InputError, inputErrorMessage } from "./inputError";
export { keyName, parseInput } from "./parseInput";
export { DNS_LABEL_PATTERN, DNS_SUBDOMAIN_PATTERN, oneOf, positiveInt, QUANTITY_PATTERN, required } from "./schemaParts";
export { isPlainObject } from "./plainObject";
export { parseQuantity } from "./quantity";
