/**
 * What the smoke check prints of what a server sent: a server controls its status text, error
 * messages, model ids, event data and metric labels, so none of it reaches a terminal raw. Control
 * characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides are escaped;
 * long values are cut with their length: the one rule of components/validation/printable.ts. Pure.
 */

import { escapeControls, printable, UNSAFE_CHARS, VALUE_MAX_CHARS } from "../components/validation/printable";

export { escapeControls, printable, VALUE_MAX_CHARS };

/** The unsafe characters outside C0: what JSON.stringify leaves raw. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A server's prose (an error message, a body) on one line: whitespace runs become one space, then {@link printable}. */
export function oneLine(text: string, max: number = VALUE_MAX_CHARS): string {
    return printable(text.replace(/\s+/g, " ").trim(), max);
}

/** A value quoted: `"id"`, escaped and cut like {@link printable}. */
export function quoted(value: string): string {
    return `"${printable(value)}"`;
}

/**
 * A list of server-sent values, quoted, at most `count` of them (then how many more): a server listing
 * thousands of models keeps the line short.
 */
export function quotedList(values: string[], count = 10): string {
    const shown = values.slice(0, count).map(quoted).join(", ");
    return values.length > count ? `${shown} and ${values.length - count} more` : shown;
}

/** Like {@link quotedList}, without the quotes. */
export function printableList(values: string[], count = 10): string {
    const shown = values.slice(0, count).map((v) => printable(v)).join(", ");
    return values.length > count ? `${shown} and ${values.length - count} more` : shown;
}

/**
 * A JSON document safe for a terminal: JSON.stringify escapes C0 controls; this escapes DEL, C1,
 * separators and bidi controls as `\uXXXX` too, which keeps it valid JSON with the same value.
 */
export function safeJson(value: unknown): string {
    return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Whether text has a character {@link escapeControls} would escape (for the tests' invariant). */
export function hasUnsafe(text: string): boolean {
    return new RegExp(UNSAFE_CHARS.source).test(text);
}
