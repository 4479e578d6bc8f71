/**
 * What a message says a user gave: any value a program can pass (strings, numbers, BigInts, circular
 * objects, functions, Outputs, Promises) described without throwing, escaped and cut at
 * {@link VALUE_MAX_CHARS} with its length (./printable).
 */
import * as pulumi from "@pulumi/pulumi";
import { printable } from "./printable";

/** Whether `v` is a Pulumi Output or a Promise (or another thenable): a value known only later. */
export function isDeferred(v: unknown): boolean {
    if (pulumi.Output.isInstance(v)) {
        return true;
    }
    return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
}

/** What a message says of an Output or a Promise given where a plain value is needed. */
export const DEFERRED_VALUE = "an Output/Promise; this key must be a plain value";

/** JSON text of `v` that never throws: BigInts as `12n`, cycles as `[Circular]`, Outputs and Promises, functions and symbols named. */
function safeJson(v: unknown): string {
    const seen = new WeakSet<object>();
    const text = JSON.stringify(v, function (this: Record<string, unknown>, key: string, value: unknown) {
        // JSON.stringify calls an Output's toJSON (which logs a long warning) before the replacer sees it: look at the original.
        if (isDeferred(this[key])) {
            return "[Output/Promise]";
        }
        if (typeof value === "bigint") {
            return `${value}n`;
        }
        if (typeof value === "number" && !Number.isFinite(value)) {
            return String(value);
        }
        if (typeof value === "function") {
            return isDeferred(value) ? "[Output/Promise]" : "[function]";
        }
        if (typeof value === "symbol") {
            return String(value);
        }
        if (typeof value === "object" && value !== null) {
            if (isDeferred(value)) {
                return "[Output/Promise]";
            }
            if (seen.has(value)) {
                return "[Circular]";
            }
            seen.add(value);
        }
        return value;
    });
    return text ?? String(v);
}

/**
 * A value as a message shows it: `"text"` for a string, `12n` for a BigInt, `Infinity`, JSON for the
 * rest; never longer than {@link VALUE_MAX_CHARS} plus the length note.
 */
export function describeValue(v: unknown): string {
    if (v === undefined) {
        return "nothing";
    }
    if (typeof v === "string") {
        return `"${printable(v)}"`;
    }
    if (typeof v === "bigint") {
        return printable(`${v}n`);
    }
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "symbol" || v === null) {
        return String(v);
    }
    if (isDeferred(v)) {
        return "an Output/Promise";
    }
    if (typeof v === "function") {
        return "a function";
    }
    let text: string;
    try {
        text = safeJson(v);
    } catch {
        text = Object.prototype.toString.call(v);
    }
    return printable(text);
}

/** A value's kind for a message that must not show the value (a secret): `a number`, `an object`, `null`. */
export function kindOf(v: unknown): string {
    if (v === null) {
        return "null";
    }
    if (Array.isArray(v)) {
        return "a list";
    }
    if (isDeferred(v)) {
        return "an Output/Promise";
    }
    const t = typeof v;
    return t === "object" ? "an object" : t === "undefined" ? "nothing" : `a ${t === "bigint" ? "BigInt" : t}`;
}
