/** Parses input with a zod schema into one error that names every bad key. */
import { z } from "zod";
import { InputError } from "./inputError";

function describeGiven(input: unknown): string {
    if (input === undefined) {
        return "nothing";
    }
    const text = JSON.stringify(input);
    return text === undefined ? String(input) : text;
}

/** "; known keys: a, b" for the object schema at `path`, when it can be found. */
function knownKeys(schema: z.ZodType, path: PropertyKey[]): string {
    let cur: unknown = schema;
    for (const key of [...path, null]) {
        // Unwrap optional/transform/pipe wrappers down to an object schema.
        for (let i = 0; i < 5 && cur && !(cur instanceof z.ZodObject); i++) {
            const def = (cur as { def?: Record<string, unknown> }).def ?? {};
            cur = def.innerType ?? def.in ?? def.schema;
        }
        if (!(cur instanceof z.ZodObject)) {
            return "";
        }
        if (key === null) {
            return `; known keys: ${Object.keys(cur.shape).join(", ")}`;
        }
        cur = cur.shape[key as string];
    }
    return "";
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

/** Renders `prefix.a.b[0]` for an issue path. */
export function keyName(prefix: string, path: PropertyKey[]): string {
    let out = prefix;
    for (const key of path) {
        if (typeof key === "number") {
            out += `[${key}]`;
        } else {
            out += out === "" || out.endsWith(":") ? String(key) : `.${String(key)}`;
        }
    }
    return out;
}

const EXPECTED: Record<string, string> = { array: "a list", string: "a string", number: "a number", boolean: "true or false" };

/** Our words for zod's default wrong-type text ("Invalid input: expected object, received string"). */
function typeMessage(schema: z.ZodType, issue: { expected: string; path: PropertyKey[] }): string {
    if (issue.expected === "object") {
        return `must be an object${knownKeys(schema, issue.path)}`;
    }
    return `must be ${EXPECTED[issue.expected] ?? `of type ${issue.expected}`}`;
}

/**
 * Parses `input` with `schema`; on failure throws an {@link InputError} listing every problem as
 * `<key>: <what is allowed> (got <value>)`. `prefix` is how the user spells the root, for example
 * `llm-d-pd:` for stack config or `PDStackArgs` for component args.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix: string, what: string): z.output<S> {
    const result = schema.safeParse(input);
    if (result.success) {
        return result.data;
    }
    const lines = result.error.issues.flatMap((issue) => {
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((k) => `  ${keyName(prefix, [...issue.path, k])}: is not a known key${knownKeys(schema, issue.path)}`);
        }
        const key = keyName(prefix, issue.path);
        // A custom issue raised with `params: { hideValue: true }` is about a secret in the value: it is not repeated.
        const hidden = issue.code === "custom" && (issue.params as { hideValue?: boolean } | undefined)?.hideValue === true;
        const given = hidden ? undefined : valueAt(input, issue.path);
        const message = issue.code === "invalid_type" && issue.message.startsWith("Invalid input") ? typeMessage(schema, issue) : issue.message;
        return [`  ${key}: ${message}${given === undefined ? "" : ` (got ${describeGiven(given)})`}`];
    });
    throw InputError.of(what, lines);
}
