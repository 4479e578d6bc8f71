export { InputError, inputErrorMessage } from "./inputError";
export { keyName, parseInput, ParseOptions } from "./parseInput";
export { DNS_LABEL_MAX, DNS_LABEL_PATTERN, DNS_SUBDOMAIN_MAX, DNS_SUBDOMAIN_PATTERN, INT32_MAX, INT32_MESSAGE, isDnsLabel, isDnsSubdomain, oneOf, positiveInt, QUANTITY_PATTERN, required } from "./schemaParts";
export { isPlainObject } from "./plainObject";
export { parseQuantity } from "./quantity";
export { DEFERRED_VALUE, describeValue, isDeferred, kindOf } from "./describe";
export { escapeControls, printable, VALUE_MAX_CHARS } from "./printable";
export { nearestName } from "./nearest";
export { Ipv4Range, parseIpv4Cidr, rangesOverlap } from "./cidr";
