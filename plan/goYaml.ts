/**
 * A stack file read as the Pulumi CLI reads it: go-yaml v3 (gopkg.in/yaml.v3 v3.0.1, which pulumi
 * v3.276.0 uses) decides what an unquoted scalar is, not the `yaml` package's YAML 1.2 core schema.
 * They differ where it matters to a stack: go-yaml reads `017` as octal 15, `1_000` as 1000, `0b101` as
 * 5, `9223372036854775808` as an exact uint64, leaves `1e309` a string (ParseFloat fails with a range
 * error), and reads `2001-12-14` as a timestamp; both honour merge keys (`<<: *base`).
 *
 * Mirrored from yaml.v3 resolve.go (`resolve`, `resolveTable`, `resolveMap`, `yamlStyleFloat`,
 * `parseTimestamp`) and decode.go (`mapping`, `merge`: a map's own keys win over merged ones, and of
 * several merged maps the first wins). Pure: text in, values out.
 */
import * as YAML from "yaml";

/**
 * A YAML number or boolean as go-yaml holds it; `text` is what pulumi passes (Go's json.Marshal of
 * it: `0.1` for `0.10`, `true` for `True`), `written` the source.
 */
export class GoScalar {
    constructor(
        readonly text: string,
        readonly written: string,
        readonly finite: boolean = true,
    ) {}
}

/** An unquoted timestamp (`2001-12-14`): pulumi passes Go's time text for it (`2001-12-14 00:00:00 +0000 UTC`). */
export class GoTimestamp {
    constructor(readonly written: string) {}
}

/** A value with an explicit tag other than `!!str` (`!!set`, `!!binary`, `!foo`), which PDStack does not read. */
export class GoTagged {
    constructor(
        readonly tag: string,
        readonly written: string,
    ) {}
}

export type GoValue = null | boolean | string | GoScalar | GoTimestamp | GoTagged | GoValue[] | { [key: string]: GoValue };

/** A stack file go-yaml cannot read, or reads into something pulumi refuses; the message is go-yaml's or pulumi's. */
export class GoYamlError extends Error {}

const STR_TAG = "tag:yaml.org,2002:str";
const MERGE_KEY = "<<";
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const BOOLS: Record<string, boolean> = { true: true, True: true, TRUE: true, false: false, False: false, FALSE: false };
const SPECIAL_FLOATS: Record<string, string> = {
    ".nan": "NaN", ".NaN": "NaN", ".NAN": "NaN",
    ".inf": "+Inf", ".Inf": "+Inf", ".INF": "+Inf", "+.inf": "+Inf", "+.Inf": "+Inf", "+.INF": "+Inf",
    "-.inf": "-Inf", "-.Inf": "-Inf", "-.INF": "-Inf",
};
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** `strconv.ParseInt(s, 0, 64)` / `ParseUint(s, 0, 64)`: base from the prefix (0x, 0o, 0b, a leading 0 for octal). */
function goParseInt(s: string, signed: boolean): bigint | undefined {
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
    if (!m || (!signed && m[1] !== "")) {
        return undefined;
    }
    const body = m[2];
    const digits = /^0[xXoObB]/.test(body) ? `0${body[1].toLowerCase()}${body.slice(2)}` : body.length > 1 && body[0] === "0" ? `0o${body.slice(1)}` : body;
    const n = (m[1] === "-" ? -1n : 1n) * BigInt(digits);
    return signed ? (n >= INT64_MIN && n <= INT64_MAX ? n : undefined) : n <= UINT64_MAX ? n : undefined;
}

/** go-yaml's `parseTimestamp`: a date `2006-1-2`, or one with a time, starting with four digits and '-'. */
function isTimestamp(s: string): boolean {
    const date = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})/.exec(s);
    if (!date) {
        return false;
    }
    const [y, mo, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const rest = s.slice(date[0].length);
    return valid && (rest === "" || /^([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})|\s[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?)$/.test(rest));
}

/** A float as pulumi writes it: Go's json.Marshal of a float64 is ECMAScript's number text. */
function float(n: number, written: string): GoScalar | string {
    return Number.isFinite(n) ? new GoScalar(JSON.stringify(n), written) : written;
}

/** go-yaml's `resolve` of an untagged plain scalar. */
export function resolvePlain(s: string): GoValue {
    if (NULLS.has(s)) {
        return null;
    }
    if (s in BOOLS) {
        return new GoScalar(String(BOOLS[s]), s);
    }
    if (s in SPECIAL_FLOATS) {
        return new GoScalar(SPECIAL_FLOATS[s], s, false);
    }
    const hint = s[0];
    if (hint === ".") {
        // Not in the map: maybe a plain float; ParseFloat's range error leaves it a string.
        return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? float(Number(s), s) : s;
    }
    if (!/^[-+0-9]/.test(hint)) {
        return s;
    }
    if (isTimestamp(s)) {
        return new GoTimestamp(s);
    }
    const plain = s.replace(/_/g, "");
    const int = goParseInt(plain, true) ?? goParseInt(plain, false);
    if (int !== undefined) {
        return new GoScalar(String(int), s);
    }
    if (YAML_STYLE_FLOAT.test(plain)) {
        const f = float(Number(plain), s);
        if (f instanceof GoScalar) {
            return f;
        }
    }
    return s;
}

/** Where a node is, for messages: `config.llm-d-pd:prefill.replicas`. */
type Path = string[];

class Reader {
    constructor(private readonly doc: YAML.Document.Parsed) {}

    value(node: unknown, path: Path): GoValue {
        if (node === null || node === undefined) {
            return null;
        }
        if (YAML.isAlias(node)) {
            return this.value(node.resolve(this.doc), path);
        }
        const tag = (node as { tag?: string }).tag;
        if (tag !== undefined && tag !== STR_TAG && tag !== "!") {
            return new GoTagged(tag.replace(/^tag:yaml\.org,2002:/, "!!"), YAML.isScalar(node) ? String(node.source ?? node.value) : String(node));
        }
        if (YAML.isScalar(node)) {
            const text = String(node.source ?? node.value ?? "");
            return node.type === "PLAIN" && tag === undefined ? resolvePlain(text) : text;
        }
        if (YAML.isSeq(node)) {
            return node.items.map((item, i) => this.value(item, [...path, String(i)]));
        }
        if (YAML.isMap(node)) {
            return this.mapping(node, path, new Set());
        }
        throw new GoYamlError(`${path.join(".")}: unsupported YAML node`);
    }

    private keyOf(node: unknown, path: Path): string {
        const key = this.value(node, path);
        if (key instanceof GoScalar || key instanceof GoTimestamp || key instanceof GoTagged) {
            return key instanceof GoScalar ? key.text : key.written;
        }
        if (key === null) {
            return String(key);
        }
        if (typeof key !== "string") {
            throw new GoYamlError(`${path.join(".")}: invalid map key: a map or a list`);
        }
        return key;
    }

    private isMergeKey(node: unknown): boolean {
        return YAML.isScalar(node) && node.type === "PLAIN" && node.value === MERGE_KEY && ((node as { tag?: string }).tag ?? "!") === "!";
    }

    /**
     * decode.go `mapping` and `merge`: the map's own keys first, then each merged map's keys that are
     * not set yet (so the map's own win, and of a list of merged maps the first).
     */
    private mapping(node: YAML.YAMLMap, path: Path, out: Set<string>, into: { [key: string]: GoValue } = {}): { [key: string]: GoValue } {
        let merge: unknown;
        for (const pair of node.items) {
            if (this.isMergeKey(pair.key)) {
                merge = pair.value;
                continue;
            }
            const key = this.keyOf(pair.key, path);
            if (out.has(key)) {
                continue;
            }
            out.add(key);
            // Defined, not assigned: a key such as `__proto__` is data, as it is to go-yaml.
            Object.defineProperty(into, key, { value: this.value(pair.value, [...path, key]), enumerable: true, writable: true, configurable: true });
        }
        if (merge !== undefined) {
            const target = YAML.isAlias(merge) ? merge.resolve(this.doc) : merge;
            const maps = YAML.isSeq(target) ? target.items.map((i) => (YAML.isAlias(i) ? i.resolve(this.doc) : i)) : [target];
            for (const m of maps) {
                if (!YAML.isMap(m)) {
                    throw new GoYamlError(`${[...path, MERGE_KEY].join(".")}: map merge requires map or sequence of maps as the value`);
                }
                this.mapping(m, path, out, into);
            }
        }
        return into;
    }
}

/**
 * Parses a stack file as go-yaml v3 does (`yaml.Unmarshal` into `any`). Throws {@link GoYamlError}
 * for YAML go-yaml refuses (syntax, duplicate keys), with the `yaml` package's first message line.
 */
export function parseGoYaml(text: string): GoValue {
    const doc = YAML.parseDocument(text, { schema: "failsafe", uniqueKeys: true, merge: false, prettyErrors: false });
    if (doc.errors.length > 0) {
        throw new GoYamlError(doc.errors[0].message.split("\n")[0]);
    }
    return new Reader(doc).value(doc.contents, []);
}

/** Whether a value is a map (not a list, not a scalar). */
export function isGoMap(v: GoValue | undefined): v is { [key: string]: GoValue } {
    return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoScalar) && !(v instanceof GoTimestamp) && !(v instanceof GoTagged);
}
