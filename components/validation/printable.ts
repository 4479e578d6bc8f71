/**
 * How any value a user or a server gave is echoed in a message: control characters (C0, DEL, C1),
 * line and paragraph separators and bidirectional overrides are escaped, so nothing reaches a terminal
 * raw and a message stays on one line; and a long value is cut at {@link VALUE_MAX_CHARS} with its
 * length. One rule for error messages of the components, the program and the plan, and for what the
 * smoke check prints of a server's replies (smoke/printable.ts). Pure.
 */

/** Longest value quoted in a message; longer ones are cut, with their length. */
export const VALUE_MAX_CHARS = 80;

/** Characters a terminal may act on: C0 controls, DEL, C1 controls, line/paragraph separators, bidi controls. */
export const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(c: string): string {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/** Every unsafe character as a visible escape (`\n`, `\x1b`, `\u202e`); nothing is cut. */
export function escapeControls(text: string): string {
    return text.replace(UNSAFE_CHARS, escapeChar);
}

/**
 * A value as it may be printed: escaped, and cut at `max` printed characters (never inside an escape
 * or a surrogate pair) followed by `… (N characters)`, N being the length of the value as given.
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
