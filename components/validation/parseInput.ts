/** Parses input with a zod schema into one error that names every bad key. */
import { z } from "zod";
import { DEFERRED_VALUE, describeValue, isDeferred } from "./describe";
import { InputError } from "./inputError";
import { nearestName } from "./nearest";
import { printable } from "./printable";

/** The keys of the object schema at `path`, when it can be found. */
function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] | undefined {
    let cur: unknown = schema;
    for (const key of [...path, null]) {
        // Unwrap optional/transform/pipe wrappers down to an object schema.
        for (let i = 0; i < 5 && cur && !(cur instanceof z.ZodObject); i++) {
            const def = (cur as { def?: Record<string, unknown> }).def ?? {};
            cur = def.innerType ?? def.in ?? def.schema;
        }
        if (!(cur instanceof z.ZodObject)) {
            return undefined;
        }
        if (key === null) {
            return Object.keys(cur.shape);
        }
        cur = cur.shape[key as string];
    }
    return undefined;
}

/** "; known keys: a, b" for the object schema at `path` (with `rootKeys` at the root), when it can be found. */
function knownKeys(schema: z.ZodType, path: PropertyKey[], rootKeys: readonly string[] = []): string {
    const keys = keysAt(schema, path);
    return keys ? `; known keys: ${[...keys, ...(path.length === 0 ? rootKeys : [])].join(", ")}` : "";
}

/** "; did you mean x?" when an unknown key is a typo of a known one. */
function didYouMean(schema: z.ZodType, path: PropertyKey[], given: string, rootKeys: readonly string[]): string {
    const near = nearestName(given, [...(keysAt(schema, path) ?? []), ...(path.length === 0 ? rootKeys : [])]);
    return near ? `; did you mean ${near}?` : "";
}

/** The shortest prefix of `path` at which `root` holds an Output or a Promise, if any. */
function deferredPrefix(root: unknown, path: PropertyKey[]): PropertyKey[] | undefined {
    let cur: unknown = root;
    for (let i = 0; i < path.length; i++) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = (cur as Record<PropertyKey, unknown>)[path[i]];
        if (isDeferred(cur)) {
            return path.slice(0, i + 1);
        }
    }
    return undefined;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
    let cur: unknown = root;
    for (const key of path) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = (cur as Record<PropertyKey, unknown>)[key];
    }
    return cur;
}

/** Renders `prefix.a.b[0]` for an issue path; a key is escaped and cut like any echoed value. */
export function keyName(prefix: string, path: PropertyKey[]): string {
    let out = prefix;
    for (const key of path) {
        if (typeof key === "number") {
            out += `[${key}]`;
        } else {
            const name = printable(String(key));
            out += out === "" || out.endsWith(":") ? name : `.${name}`;
        }
    }
    return out;
}

const EXPECTED: Record<string, string> = { array: "a list", string: "a string", number: "a number", boolean: "true or false" };

/** Our words for zod's default wrong-type text ("Invalid input: expected object, received string"). */
function typeMessage(schema: z.ZodType, issue: { expected: string; path: PropertyKey[] }, rootKeys: readonly string[]): string {
    if (issue.expected === "object") {
        return `must be an object${knownKeys(schema, issue.path, rootKeys)}`;
    }
    return `must be ${EXPECTED[issue.expected] ?? `of type ${issue.expected}`}`;
}

/** Options of {@link parseInput}. */
export interface ParseOptions {
    /** Keys the caller reads at the root besides the schema's (the stack's `hfToken`), listed as known. */
    rootKeys?: readonly string[];
}

/**
 * Parses `input` with `schema`; on failure throws an {@link InputError} listing every problem as
 * `<key>: <what is allowed> (got <value>)`, the value escaped and cut (./describe). `prefix` is how
 * the user spells the root, for example `llm-d-pd:` for stack config or `PDStackArgs` for component
 * args. An Output or a Promise where the schema needs a plain value is named as such, once.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix: string, what: string, options: ParseOptions = {}): z.output<S> {
    const result = schema.safeParse(input);
    if (result.success) {
        return result.data;
    }
    const rootKeys = options.rootKeys ?? [];
    const deferredSeen = new Set<string>();
    const lines = result.error.issues.flatMap((issue) => {
        const fullPaths = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
        const deferred = fullPaths.map((p) => deferredPrefix(input, p)).find((p) => p !== undefined);
        if (deferred) {
            const key = keyName(prefix, deferred);
            if (deferredSeen.has(key)) {
                return [];
            }
            deferredSeen.add(key);
            return [`  ${key}: is ${DEFERRED_VALUE}`];
        }
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map(
                (k) => `  ${keyName(prefix, [...issue.path, k])}: is not a known key${knownKeys(schema, issue.path, rootKeys)}${didYouMean(schema, issue.path, k, rootKeys)}`,
            );
        }
        const key = keyName(prefix, issue.path);
        // A custom issue raised with `params: { hideValue: true }` is about a secret in the value: it is not repeated.
        const hidden = issue.code === "custom" && (issue.params as { hideValue?: boolean } | undefined)?.hideValue === true;
        const given = hidden ? undefined : valueAt(input, issue.path);
        const message = issue.code === "invalid_type" && issue.message.startsWith("Invalid input") ? typeMessage(schema, issue, rootKeys) : issue.message;
        return [`  ${key}: ${message}${given === undefined ? "" : ` (got ${describeValue(given)})`}`];
    });
    throw InputError.of(what, lines);
}
