/** What the smoke check prints of what a server sent (smoke/printable.ts). */
import * as assert from "assert";
import { escapeControls, hasUnsafe, oneLine, printable, printableList, quotedList, safeJson, VALUE_MAX_CHARS } from "../../smoke/printable";

describe("smoke printable", () => {
    it("escapes C0, DEL, C1, separators and bidi controls visibly; leaves other text alone", () => {
        assert.strictEqual(escapeControls("a\nb\rc\td\u0000e\u001b[2Jf\u0007g\u007fh\u009bi\u2028j\u202ek\u2066l"), "a\\nb\\rc\\td\\x00e\\x1b[2Jf\\x07g\\x7fh\\x9bi\\u2028j\\u202ek\\u2066l");
        assert.strictEqual(escapeControls('plain "quoted" \\ é 😀 {}'), 'plain "quoted" \\ é 😀 {}');
        assert.ok(hasUnsafe("x\u0085") && !hasUnsafe(escapeControls("x\u0085")));
    });

    it(`cuts a value at ${VALUE_MAX_CHARS} printed characters with its length, never inside an escape or a surrogate pair`, () => {
        assert.strictEqual(printable("x".repeat(80)), "x".repeat(80));
        assert.strictEqual(printable("x".repeat(81)), `${"x".repeat(80)}… (81 characters)`);
        assert.strictEqual(printable(`${"x".repeat(78)}\u001b`), `${"x".repeat(78)}… (79 characters)`, "the 4-character escape does not fit: not half of it");
        assert.strictEqual(printable(`${"x".repeat(79)}😀y`), `${"x".repeat(79)}… (82 characters)`, "no lone surrogate");
        assert.strictEqual(printable("abc", 2), "ab… (3 characters)");
    });

    it("puts prose on one line, and lists at most ten values", () => {
        assert.strictEqual(oneLine("  upstream\n\tconnect  error \u001b[0m "), "upstream connect error \\x1b[0m");
        const many = Array.from({ length: 12 }, (_, i) => `m${i}\n`);
        assert.strictEqual(quotedList(many), `${many.slice(0, 10).map((m) => `"${m.replace("\n", "\\n")}"`).join(", ")} and 2 more`);
        assert.strictEqual(printableList(["a\u0007", "b"]), "a\\x07, b");
    });

    it("prints JSON that a terminal cannot be steered by and that parses to the same value", () => {
        const value = { id: "a\u001b[2J\u0007\u009b\u202e\u2028\u007fz", n: 1 };
        const text = safeJson(value);
        assert.ok(!hasUnsafe(text.replace(/\n/g, "")), text);
        assert.deepStrictEqual(JSON.parse(text), value);
    });
});
