/**
 * What the smoke check prints of what a server sent: a server controls its status text, error
 * messages, model ids, event data and metric labels, so none of it reaches a terminal raw. Control
 * characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides are escaped;
 * long values are cut with their length. Pure.
 */

/** Longest value quoted from a server in a text or error line; longer ones are cut, with their length. */
export const VALUE_MAX_CHARS = 80;

/** Characters a terminal may act on: C0 controls, DEL, C1 controls, line/paragraph separators, bidi controls. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same set outside C0: what JSON.stringify leaves raw. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(c: string): string {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/** Every unsafe character as a visible escape (`\n`, `\x1b`, `\u202e`); nothing is cut. */
export function escapeControls(text: string): string {
    return text.replace(UNSAFE, escapeChar);
}

/**
 * A server-sent value as it may be printed: escaped, and cut at {@link VALUE_MAX_CHARS} printed
 * characters (never inside an escape or a surrogate pair) followed by `… (N characters)`.
 */
export function printable(value: string, max: number = VALUE_MAX_CHARS): string {
    const escaped = escapeControls(value);
    if (escaped.length <= max) {
        return escaped;
    }
    let out = "";
    for (const ch of value) {
        const piece = escapeControls(ch);
        if (out.length + piece.length > max) {
            break;
        }
        out += piece;
    }
    return `${out}… (${value.length} characters)`;
}

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
    return new RegExp(UNSAFE.source).test(text);
}
