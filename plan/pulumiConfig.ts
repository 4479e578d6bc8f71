/**
 * The Pulumi CLI's stack config rules, as `pulumi preview` and `pulumi up` apply them before the
 * program runs, so that the plan refuses what the CLI refuses, with the CLI's words. Each function
 * names the function of pulumi/pulumi it mirrors (read at commit 1b5949891b):
 *
 * - sdk/go/common/workspace/project.go: `RewriteShorthandConfigValues`, the project JSON schema's
 *   `configTypeDeclaration` (project.json), `(*Project).Validate`, `ValidateConfigValue`, `InferFullTypeName`;
 * - sdk/go/common/resource/config: `ParseKey` (key.go), `Value` and `object` (value.go, object.go):
 *   how a stack file's values are held;
 * - pkg/workspace/config.go: `mergeConfig` (defaults, required keys), `formatMissingKeys`,
 *   `missingStackConfigurationKeysError`, `validateStackConfigValues`, `validateStackConfigValue`,
 *   `createConfigValue`.
 *
 * The stack file itself is read as the CLI reads it (./goYaml: go-yaml v3's scalars and merge keys,
 * `stackConfigNamespacedWithProject` for keys without a namespace), checked at pulumi v3.276.0
 * (sdk/go/common/workspace/loaders.go, sdk/go/common/resource/config/object.go).
 *
 * What the plan cannot do like the CLI: decrypt. The CLI checks the declared type of an encrypted
 * value after decrypting it; here an encrypted value passes the type check, and the caller plans it
 * with a placeholder. ESC environments (`environment:` in the stack file) are not read.
 */

import { printable } from "../components/validation/printable";
import { GoScalar, GoTagged, GoTimestamp } from "./goYaml";

/** A `type` a Pulumi.yaml config key may declare (project.json `simpleConfigType`). */
export const CONFIG_TYPES = ["string", "integer", "boolean", "array", "object"] as const;

/** The attributes of a config key declaration (project.json `configTypeDeclaration`). */
const DECLARATION_ATTRIBUTES = ["default", "description", "items", "secret", "type", "value"];

/** `items` of an array declaration (`ProjectConfigItemsType`). */
export interface ConfigItemsType {
    type: string;
    items?: ConfigItemsType;
}

/** One declared key of Pulumi.yaml (`ProjectConfigType`); `default`/`value` undefined when absent. */
export interface ProjectConfigType {
    type?: string;
    items?: ConfigItemsType;
    description?: string;
    default?: unknown;
    value?: unknown;
    secret?: boolean;
}

/**
 * A stack config value as the CLI holds it (`config.Value`): scalars as text, maps and lists as
 * JSON (`object`), `{secure: <ciphertext>}` as an encrypted value (`secure`; a map or list holding
 * one is a secure object).
 */
export interface ConfigValue {
    text: string;
    secure: boolean;
    object: boolean;
    /** For a YAML scalar pulumi passes as other text than the file's (`0.10` passed as `0.1`): what the file says. */
    written?: string;
}

/** The CLI's error, with its message; the caller decides how to show it. */
export class PulumiConfigError extends Error {}

/** A config key: namespace and name (`config.Key`). */
export interface ConfigKey {
    namespace: string;
    name: string;
}

export const keyString = (k: ConfigKey) => `${k.namespace}:${k.name}`;

/** `config.ParseKey`: `<namespace>:<name>`, or the old `<namespace>:config:<name>`. */
export function parseKey(s: string): ConfigKey {
    const parts = s.split(":");
    if (parts.length === 2) {
        return { namespace: parts[0], name: parts[1] };
    }
    if (parts.length === 3 && parts[1] === "config") {
        return { namespace: parts[0], name: parts[2] };
    }
    throw new PulumiConfigError(`could not parse ${printable(s)} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
}

/** `parseConfigKey` (config.go): a Pulumi.yaml key without a namespace is in the project's. */
export function parseConfigKey(projectName: string, key: string): ConfigKey {
    return key.includes(":") ? parseKey(key) : { namespace: projectName, name: key };
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoScalar) && !(v instanceof GoTimestamp) && !(v instanceof GoTagged);
}

/** `isSecureValue` (object.go): a map of exactly one string `secure`. */
function isSecureValue(v: unknown): boolean {
    return isPlainMap(v) && Object.keys(v).length === 1 && typeof v.secure === "string";
}

function containsSecure(v: unknown): boolean {
    if (isSecureValue(v)) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.some(containsSecure);
    }
    return isPlainMap(v) && !(v instanceof GoScalar) && Object.values(v).some(containsSecure);
}

/** Why pulumi (or PDStack) cannot take a value of a stack file: a non-finite float, a timestamp, a tag. */
function unreadable(v: unknown): string | undefined {
    if (v instanceof GoScalar && !v.finite) {
        // object.MarshalString: json.Marshal refuses ±Inf and NaN, so pulumi cannot load the stack file.
        return `${printable(v.written)} is a YAML float pulumi cannot hold (it stops with "could not unmarshal map: json: unsupported value: ${v.text}"); quote it to pass the text, or write a number`;
    }
    if (v instanceof GoTimestamp) {
        return `${printable(v.written)} is a YAML timestamp, which pulumi passes as Go's time text (2001-12-14 becomes "2001-12-14 00:00:00 +0000 UTC"); quote it to pass the text`;
    }
    if (v instanceof GoTagged) {
        return `the YAML tag ${printable(v.tag)} is not read by PDStack (pulumi drops or converts tagged values: a !!set becomes a map of nulls); write the value without a tag`;
    }
    if (Array.isArray(v)) {
        return v.map(unreadable).find((p) => p !== undefined);
    }
    if (isPlainMap(v)) {
        return Object.values(v).map(unreadable).find((p) => p !== undefined);
    }
    return undefined;
}

/** Go's `json.Marshal`: map keys sorted; a YAML number as pulumi writes it. */
function goJson(v: unknown): string {
    if (v instanceof GoScalar) {
        return v.text;
    }
    if (Array.isArray(v)) {
        return `[${v.map(goJson).join(",")}]`;
    }
    if (isPlainMap(v)) {
        return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goJson(v[k])}`).join(",")}}`;
    }
    return JSON.stringify(v ?? null) ?? "null";
}

/**
 * `Value.UnmarshalYAML` via `object.MarshalString`: how a value written in a stack file (as
 * ./goYaml reads it) is held. Booleans and numbers become their JSON text, strings stay, `{secure}` is
 * ciphertext, a null is "", the rest JSON. A scalar whose text is not what the file says (`0.10`
 * becomes `0.1`, `True` becomes `true`) keeps what was written in `written`. Throws a
 * {@link PulumiConfigError} naming `key` for a value pulumi cannot load ({@link unreadable}).
 */
export function stackFileValue(v: unknown, key = "value"): ConfigValue {
    const problem = unreadable(v);
    if (problem) {
        throw new PulumiConfigError(`${printable(key)}: ${problem}`);
    }
    if (v === null || v === undefined) {
        return { text: "", secure: false, object: false };
    }
    if (typeof v === "string") {
        return { text: v, secure: false, object: false };
    }
    if (typeof v === "boolean" || typeof v === "number") {
        return { text: JSON.stringify(v), secure: false, object: false };
    }
    if (v instanceof GoScalar) {
        return { text: v.text, secure: false, object: false, ...(v.text !== v.written ? { written: v.written } : {}) };
    }
    if (isSecureValue(v)) {
        return { text: (v as { secure: string }).secure, secure: true, object: false };
    }
    return { text: goJson(v), secure: containsSecure(v), object: true };
}

/** `isPrimitiveValue` (config.go and project.go): string, int or bool. */
function isPrimitiveValue(v: unknown): boolean {
    return typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isInteger(v));
}

/** `createConfigValue`: a Pulumi.yaml `default` or `value` as the stack value it becomes. */
export function createConfigValue(raw: unknown): ConfigValue {
    if (isPrimitiveValue(raw)) {
        return { text: String(raw), secure: false, object: false };
    }
    return { text: goJson(raw), secure: false, object: true };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `strconv.Atoi` on a 64-bit platform: an optional sign and decimal digits, within int64. */
function atoiOk(s: string): boolean {
    if (!/^[+-]?[0-9]+$/.test(s)) {
        return false;
    }
    const n = BigInt(s);
    return n >= INT64_MIN && n <= INT64_MAX;
}

/** `ValidateConfigValue`: whether a value (a Go value: string, number, bool, map, list) has the declared type. */
export function validateConfigValue(typeName: string, items: ConfigItemsType | undefined, value: unknown): boolean {
    switch (typeName) {
        case "string":
            return typeof value === "string";
        case "integer":
            // YAML and JSON numbers come as floats; a whole one passes, as does a string Atoi accepts.
            return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && atoiOk(value));
        case "boolean":
            return value === "true" || value === "false" || typeof value === "boolean";
        case "object":
            return isPlainMap(value);
    }
    if (!Array.isArray(value) || items === undefined) {
        return false;
    }
    return value.every((item) => validateConfigValue(items.type, items.items, item));
}

/** `InferFullTypeName`: `array<string>` for an array of strings. */
export function inferFullTypeName(typeName: string, items: ConfigItemsType | undefined): string {
    return items ? `array<${inferFullTypeName(items.type, items.items)}>` : typeName;
}

/** `configKeyIsNamespacedByProject`. */
function namespacedByProject(projectName: string, key: string): boolean {
    return !key.includes(":") || key.startsWith(`${projectName}:`);
}

/**
 * The `config:` block of Pulumi.yaml as the CLI loads it: `RewriteShorthandConfigValues` (a bare
 * value is a project key's `default`, another namespace's `value`), the project schema's checks of
 * each declaration, then `(*Project).Validate`. Keys are visited in sorted order (Go visits a map
 * in random order; the first error wins either way).
 */
export function loadProjectConfig(projectName: string, config: unknown): Record<string, ProjectConfigType> {
    if (config === undefined || config === null) {
        return {};
    }
    if (!isPlainMap(config)) {
        throw new PulumiConfigError(`#/config: expected object, but got ${Array.isArray(config) ? "array" : typeof config}`);
    }
    const out: Record<string, ProjectConfigType> = {};
    for (const key of Object.keys(config).sort()) {
        let decl = config[key];
        if (isPrimitiveValue(decl) || Array.isArray(decl)) {
            decl = namespacedByProject(projectName, key) ? { default: decl } : { value: decl };
        }
        if (!isPlainMap(decl)) {
            throw new PulumiConfigError(`#/config/${key}: expected string, integer, boolean, array or a config type declaration`);
        }
        for (const attr of Object.keys(decl)) {
            if (!DECLARATION_ATTRIBUTES.includes(attr)) {
                throw new PulumiConfigError(
                    `#/config/${key}: additionalProperties '${attr}' not allowed; the allowed attributes are ` +
                        `${DECLARATION_ATTRIBUTES.slice(0, -1).map((a) => `'${a}'`).join(", ")} and '${DECLARATION_ATTRIBUTES.at(-1)}'`,
                );
            }
        }
        if (decl.type !== undefined && !(CONFIG_TYPES as readonly unknown[]).includes(decl.type)) {
            throw new PulumiConfigError(`#/config/${key}/type: value must be one of ${CONFIG_TYPES.map((t) => `"${t}"`).join(", ")}`);
        }
        // A YAML `default: null` is Go's nil: no default.
        const nilToUndefined = (v: unknown) => (v === null ? undefined : v);
        out[key] = {
            ...(decl as ProjectConfigType),
            default: nilToUndefined(decl.default),
            value: nilToUndefined(decl.value),
        };
    }
    validateProject(projectName, out);
    return out;
}

/** `(*Project).Validate`: what the CLI refuses in Pulumi.yaml's `config:` itself. */
function validateProject(projectName: string, config: Record<string, ProjectConfigType>): void {
    for (const [key, decl] of Object.entries(config)) {
        if (decl.default !== undefined && decl.value !== undefined) {
            throw new PulumiConfigError(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
        }
        if (namespacedByProject(projectName, key)) {
            if (decl.type === "array" && decl.items === undefined) {
                throw new PulumiConfigError(
                    `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`,
                );
            }
            if (decl.type !== undefined && decl.default !== undefined && !validateConfigValue(decl.type, decl.items, decl.default)) {
                throw new PulumiConfigError(
                    `The default value specified for configuration key '${key}' is not of the expected type '${inferFullTypeName(decl.type, decl.items)}'`,
                );
            }
        } else {
            if (decl.type !== undefined) {
                throw new PulumiConfigError(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
            }
            if (decl.default !== undefined) {
                throw new PulumiConfigError(
                    `Configuration key '${key}' is not namespaced by the project and should not define a default value. ` +
                        `Did you mean to use the 'value' attribute instead of 'default'?`,
                );
            }
            if (decl.value === undefined) {
                throw new PulumiConfigError(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
            }
        }
    }
}

/** `formatMissingKeys`: `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'` (sorted when more than one). */
export function formatMissingKeys(keys: string[]): string {
    if (keys.length === 1) {
        return `'${keys[0]}'`;
    }
    const sorted = [...keys].sort();
    return sorted.map((k, i) => (i === sorted.length - 1 ? `and '${k}'` : i === sorted.length - 2 ? `'${k}' ` : `'${k}', `)).join("");
}

/** `missingStackConfigurationKeysError`. */
export function missingKeysMessage(stack: string, keys: string[]): string {
    return `Stack '${stack}' is missing configuration ${keys.length > 1 ? "values" : "value"} ${formatMissingKeys(keys)}`;
}

/**
 * `mergeConfig` with validation on (what `pulumi preview` and `pulumi up` run): every key Pulumi.yaml
 * declares in the project's namespace without a `default` (or `value`) must be set by the stack, and
 * all missing ones are reported together; a key the stack does not set gets its `default` (or
 * `value`); then `validateStackConfigValues`. Returns the stack's config with the project's applied.
 *
 * Declared keys are plain names: the CLI also accepts property paths (`a.b`), which this project
 * does not use and the plan refuses.
 */
export function mergeConfig(
    stack: string,
    projectName: string,
    declared: Record<string, ProjectConfigType>,
    stackConfig: Map<string, ConfigValue>,
): Map<string, ConfigValue> {
    const merged = new Map(stackConfig);
    const missing: string[] = [];
    for (const projectKey of Object.keys(declared).sort()) {
        const decl = declared[projectKey];
        const key = parseConfigKey(projectName, projectKey);
        if (/[.[\]]/.test(key.name)) {
            throw new PulumiConfigError(`configuration key '${projectKey}': property paths in Pulumi.yaml are not supported by the plan`);
        }
        const found = merged.has(keyString(key));
        const hasDefault = decl.default !== undefined;
        const hasValue = decl.value !== undefined;
        if (!found && !hasValue && !hasDefault && key.namespace === projectName) {
            missing.push(projectKey);
            continue;
        }
        if (!found && (hasValue || hasDefault)) {
            merged.set(keyString(key), createConfigValue(hasDefault ? decl.default : decl.value));
        }
    }
    if (missing.length > 0) {
        throw new PulumiConfigError(missingKeysMessage(stack, missing));
    }
    validateStackConfigValues(stack, projectName, declared, merged);
    return merged;
}

/**
 * `validateStackConfigValues` and `validateStackConfigValue`: for each explicitly typed key (sorted),
 * a `secret: true` key must hold an encrypted value, and the value must have the declared type (the
 * text itself, or the parsed JSON of a map or list). Encrypted values are not type-checked here: the
 * CLI checks them after decrypting, which the plan cannot.
 */
export function validateStackConfigValues(
    stack: string,
    projectName: string,
    declared: Record<string, ProjectConfigType>,
    config: Map<string, ConfigValue>,
): void {
    for (const projectKey of Object.keys(declared).sort()) {
        const decl = declared[projectKey];
        if (decl.type === undefined) {
            continue;
        }
        const value = config.get(keyString(parseConfigKey(projectName, projectKey))) ?? { text: "", secure: false, object: false };
        if (decl.secret && !value.secure) {
            throw new PulumiConfigError(`Stack '${stack}' with configuration key '${projectKey}' must be encrypted as it's secret`);
        }
        if (value.secure) {
            continue;
        }
        const content: unknown = value.object ? JSON.parse(value.text) : value.text;
        if (!validateConfigValue(decl.type, decl.items, content)) {
            throw new PulumiConfigError(
                `Stack '${stack}' with configuration key '${projectKey}' must be of type '${inferFullTypeName(decl.type, decl.items)}'`,
            );
        }
    }
}
