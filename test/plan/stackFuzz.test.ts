/**
 * A fuzz target the suite runs: stack files generated from a fixed seed (special numbers, go-yaml's
 * octal, hex and underscores, timestamps, tags, merge keys, the three spellings of a key, typos,
 * control characters, long values, overlapping CIDRs, counts above int32) read as `pulumi up` reads
 * them (plan/stackConfig.ts), then the program's config (program/config.ts) and its components under
 * mocks, in this process. Every case must either plan or stop with an input error (a RunError: the
 * CLI prints the message alone), whose lines are one problem each, escaped and cut, never holding a
 * token; a text key must reach the program as written or be refused; and no number the components
 * register may be one JSON cannot write. Below it, the cases that found issue 18's bugs, kept as
 * regression tests. FUZZ_SEED and FUZZ_COUNT run other or more cases; a failure names its seed and case.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type * as Pulumi from "@pulumi/pulumi";
import { ResourceRecorder } from "../../plan/recorder";
import { loadStackConfig } from "../../plan/stackConfig";
import { hasUnsafe } from "../../smoke/printable";
import { fuzzBudget, Gen, rng } from "../support/fuzz";
import { PROJECT_DIR, tempDir } from "../support/planCli";

const { seed: SEED, count: COUNT } = fuzzBudget(60);
/** A token written in plain text by some cases: it must never be echoed. */
const PLAIN_TOKEN = "hf_fuzzPlainTextToken0123456789";

let pulumi: typeof Pulumi;
let components: typeof import("../../components");
let program: typeof import("../../program/config");

interface Outcome {
    ok: boolean;
    message: string;
    values: Record<string, string>;
    numbers: number[];
}

/** Every number anywhere in a registered resource's inputs. */
function numbersIn(v: unknown, out: number[] = [], seen = new Set<unknown>()): number[] {
    if (typeof v === "number") {
        out.push(v);
    } else if (typeof v === "object" && v !== null && !seen.has(v)) {
        seen.add(v);
        Object.values(v).forEach((x) => numbersIn(x, out, seen));
    }
    return out;
}

/** What `pulumi up` would do with this stack file, as far as the program's validation and construction go. */
async function runStackFile(yaml: string): Promise<Outcome> {
    const file = path.join(tempDir(), "Pulumi.fuzz.yaml");
    fs.writeFileSync(file, yaml);
    const recorder = await ResourceRecorder.install("llm-d-pd", "fuzz");
    let values: Record<string, string> = {};
    try {
        const config = loadStackConfig(PROJECT_DIR, "fuzz", file);
        values = config.values;
        pulumi.runtime.setAllConfig(config.values, config.secretKeys);
        const loaded = program.loadProgramConfig("llm-d-pd-gke");
        const cluster = loaded.gkeCluster ? new components.GkeCluster("llm-d-pd-gke", loaded.gkeCluster) : undefined;
        new components.PDStack("llm-d-pd", loaded.pdStack, { clusterClaims: cluster ? cluster.clusterClaims : new components.ClusterClaims("kubeconfig") });
    } catch (e) {
        const err = e as Error;
        if (!pulumi.RunError.isInstance(err)) {
            throw new Error(`not an input error: ${(e as Error)?.stack ?? String(e)}`);
        }
        return { ok: false, message: err.message, values, numbers: [] };
    }
    const resources = await recorder.settle();
    return { ok: true, message: "", values, numbers: resources.flatMap((r) => numbersIn(r.inputs)) };
}

/** The invariants every case holds to. */
function assertWellBehaved(outcome: Outcome, yaml = ""): void {
    if (!outcome.ok) {
        const [header, ...lines] = outcome.message.split("\n");
        assert.match(header, /^invalid [a-zA-Z ]+:$/, "the header");
        assert.ok(lines.length > 0, "no problem named");
        for (const line of lines) {
            assert.ok(line.startsWith("  ") && line.trim() !== "", `a line that is not one problem: ${JSON.stringify(line)}`);
            assert.ok(line.length <= 1200, `a line of ${line.length} characters`);
        }
        assert.ok(!hasUnsafe(lines.join("")), "a raw control character");
        assert.ok(!outcome.message.includes(PLAIN_TOKEN), "the token is echoed");
        if (!/null|Null|NULL|~/.test(yaml)) {
            assert.ok(!/\(got "?null"?\)/.test(outcome.message), `a value echoed as null: ${outcome.message}`);
        }
        return;
    }
    for (const n of outcome.numbers) {
        assert.ok(Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER, `a registered number JSON cannot write as given: ${n}`);
    }
}

/** Scalars as written in YAML: go-yaml's special readings, tags, long and control-character text. */
function scalar(g: Gen): string {
    return g.pick([
        () => g.pick(["1e309", "-1e309", ".inf", "-.inf", ".nan", ".NaN", "9223372036854775808", "18446744073709551616", "2147483648", "9007199254740991", "4294967296"]),
        () => g.pick(["0x1F", "017", "08", "1_000", "0b101", "0o17", "0.10", "1e3", "1.0", "-1", "0", "+12", "2001-12-14", "2001-12-14t21:59:43.10-05:00"]),
        () => g.pick(["True", "yes", "~", "null", '""', "''", "true", "[]", "{}", "[1, 2]", "{a: 1}"]),
        () => g.pick(["!!set {a, b}", "!!binary aGVsbG8=", "!foo bar", "!!str 0.10", "!!int 7", "!!float 1"]),
        () => JSON.stringify(g.text(40)),
        () => g.pick(["x", "llm", "serving", "0.9", '"0.9"', "3", "2", "1", "xpu", "gke", "h200-ib", "istio", "hf://org/model", "64Gi"]),
        () => "y".repeat(1 + g.int(3000)),
    ])();
}

const TEXT_KEYS = ["namespace", "releasePostfix", "existingHfTokenSecret", "llmdVersion", "gateway", "vllmImage"];
const NUMBER_KEYS = ["maxModelLen", "readyTimeoutSeconds"];
const BOOL_KEYS = ["createNamespace", "benchmarking", "monitoring", "installIntelGpuPlugin", "installGatewayControlPlane"];
const CIDRS = ["999.999.999.999/32", "10.0.0.0/8", "10.200.0.0/14", "1.2.3.4/33", "010.0.0.0/8", "172.16.0.0/12"];

/** A value the key takes, so that half of the cases get past the schema to the components. */
const VALID: Record<string, readonly string[]> = {
    namespace: ["serving", "9223372036854775808", "1e309", "123"],
    releasePostfix: ["llama", "1e309", "7"],
    existingHfTokenSecret: ["hf-token", "1e309"],
    llmdVersion: ['"0.2"', '"0.9"', "!!str 0.9"],
    gateway: ["istio"],
    vllmImage: ["vllm/vllm-openai:v0.26.0", "1e309"],
    maxModelLen: ["4096", "0x1000", "1_024", "017"],
    readyTimeoutSeconds: ["600", "2147483647", "1e3"],
};

/** An object value for a key that takes one, with fuzzed members (maybe merged from the file's anchor). */
function objectValue(g: Gen, key: string): string {
    const fuzzed = g.chance(0.5);
    const s = () => (fuzzed ? scalar(g) : g.pick(["1", "2", "0x2", "1_0"]));
    const merged = g.chance(0.2) ? "<<: *base, " : "";
    switch (key) {
        case "prefill":
        case "decode":
            return `{${merged}replicas: ${s()}${g.chance(0.5) ? `, tensorParallelSize: ${s()}` : ""}}`;
        case "model":
            return fuzzed ? `{uri: ${g.pick(["hf://org/model", s()])}, name: ${s()}, size: ${g.pick(["140Gi", `${"9".repeat(30)}Ei`, s()])}}` : "{uri: hf://org/model, name: 1e309, size: 140Gi}";
        case "modelCache":
            return fuzzed ? `{enabled: ${g.pick(["true", s()])}, storageClassName: ${g.pick(["rwx", s()])}}` : "{enabled: true, storageClassName: rwx}";
        case "workload":
            return `{inputTokens: ${s()}, outputTokens: ${s()}}`;
        case "autoscaling":
            return `{enabled: true, decode: {minReplicas: ${s()}, maxReplicas: ${s()}}}`;
        default:
            return `{create: true, region: us-central1, gpuType: nvidia-h100-80gb, ${g.pick(["podsCidr", "nodesCidr", "servicesCidr", "proxyOnlyCidr"])}: ${g.pick([...CIDRS, s()])}, gpuNodeCount: ${g.pick(["2", s()])}}`;
    }
}

/** The ways to write a key: namespaced, bare, the legacy `config:` form; sometimes with a typo. */
function spelling(g: Gen, key: string): string {
    let name = key;
    if (g.chance(0.1)) {
        const i = g.int(name.length);
        name = name.slice(0, i) + name.slice(i + 1);
    }
    return g.pick([`llm-d-pd:${name}`, `llm-d-pd:${name}`, name, `llm-d-pd:config:${name}`]);
}

interface Case {
    yaml: string;
    /** Text keys set once with a plain scalar: what the program must get, if the file is planned. */
    written: Record<string, string>;
}

function stackFile(g: Gen): Case {
    const hardware = g.pick(["xpu", "gke", "h200-ib"]);
    const lines: [string, string][] = [["llm-d-pd:hardware", hardware]];
    lines.push(g.chance(0.8) ? ["llm-d-pd:existingHfTokenSecret", "hf-token"] : ["llm-d-pd:hfToken", g.chance(0.5) ? "{secure: v1:ZnV6eg==}" : PLAIN_TOKEN]);
    const written: Record<string, string> = {};
    for (let n = 1 + g.int(2); n > 0; n--) {
        const kind = g.int(4);
        const key = kind === 0 ? g.pick(TEXT_KEYS) : kind === 1 ? g.pick(NUMBER_KEYS) : kind === 2 ? g.pick(BOOL_KEYS) : g.pick(["prefill", "decode", "model", "modelCache", "workload", "autoscaling", "gkeCluster"]);
        const value = kind === 3 ? objectValue(g, key) : g.chance(0.5) && key in VALID ? g.pick(VALID[key]) : kind === 2 && g.chance(0.5) ? g.pick(["true", "false"]) : scalar(g);
        lines.push([spelling(g, key), value]);
        if (kind === 0 && /^[-+.0-9a-zA-Z_]/.test(value) && !/^(true|false|null|yes)$/.test(value)) {
            written[key] = value;
        }
    }
    if (g.chance(0.1)) {
        const [key, value] = g.pick(lines);
        lines.push([key.includes(":config:") ? key.replace(":config:", ":") : key.replace("llm-d-pd:", "llm-d-pd:config:"), value]);
    }
    const yaml = `x-base: &base {replicas: ${scalar(g)}}\nconfig:\n${lines.map(([k, v]) => `  ${k}: ${v}`).join("\n")}\n`;
    return { yaml, written };
}

describe("plan: a fuzz target of stack files, read as pulumi reads them", function () {
    this.timeout(600_000);

    before(async () => {
        pulumi = await import("@pulumi/pulumi");
        components = await import("../../components");
        program = await import("../../program/config");
    });
    after(() => pulumi.runtime.setAllConfig({}, []));

    it(`${COUNT} stack files from seed ${SEED} plan, or stop with a well-formed input error`, async () => {
        let planned = 0;
        for (let i = 0; i < COUNT; i++) {
            const c = stackFile(new Gen(rng(SEED * 100_003 + i)));
            const where = `seed ${SEED} case ${i}:\n${c.yaml}`;
            let outcome: Outcome;
            try {
                outcome = await runStackFile(c.yaml);
                assertWellBehaved(outcome, c.yaml);
            } catch (e) {
                throw new Error(`${where}\n${(e as Error).message}`);
            }
            if (outcome.ok) {
                planned++;
                for (const [key, text] of Object.entries(c.written)) {
                    const got = outcome.values[`llm-d-pd:${key}`];
                    assert.ok(got === undefined || got === text || (got === "" && /^(~|null|""|'')$/.test(text)), `${where}\nllm-d-pd:${key} written ${text} reached the program as ${got}`);
                }
            }
        }
        // The generator must reach the components, not only the schema's refusals.
        assert.ok(planned >= COUNT / 10, `only ${planned} of ${COUNT} cases planned`);
    });

    describe("the cases that found issue 18's bugs", () => {
        const base = "config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:existingHfTokenSecret: hf-token\n";
        const planned: [string, string, string][] = [
            ["namespace: 1e309 plans namespace 1e309, as pulumi passes it", "  llm-d-pd:namespace: 1e309\n", "llm-d-pd:namespace=1e309"],
            ["namespace: 9223372036854775808 plans it exactly", "  llm-d-pd:namespace: 9223372036854775808\n", "llm-d-pd:namespace=9223372036854775808"],
            ["a merge key merges", "  llm-d-pd:decode: {<<: {replicas: 2}}\n", 'llm-d-pd:decode={"replicas":2}'],
            ["a bare key is the project's", "  benchmarking: true\n", "llm-d-pd:benchmarking=true"],
        ];
        for (const [name, extra, expected] of planned) {
            it(name, async () => {
                const outcome = await runStackFile(base + extra);
                assert.ok(outcome.ok, outcome.message);
                const [key, value] = expected.split(/=(.*)/s);
                assert.strictEqual(outcome.values[key], value);
            });
        }
        const refused: [string, string, RegExp][] = [
            ["releasePostfix: .inf", "  llm-d-pd:releasePostfix: .inf\n", /llm-d-pd:releasePostfix: \.inf is a YAML float pulumi cannot hold/],
            ["existingHfTokenSecret: .nan", "  llm-d-pd:config:existingHfTokenSecret: .nan\n", /llm-d-pd:existingHfTokenSecret: (\.nan is a YAML float|is set 2 times)/],
            ["llmdVersion: 0.10 unquoted", "  llm-d-pd:llmdVersion: 0.10\n", /llm-d-pd:llmdVersion: 0\.10 is a number .* passes as "0\.1"/],
            ["readyTimeoutSeconds above int32", "  llm-d-pd:readyTimeoutSeconds: 9007199254740991\n", /llm-d-pd:readyTimeoutSeconds: must be at most 2147483647/],
            ["maxModelLen: 1e309 (Pulumi.yaml declares an integer: the CLI's own words)", "  llm-d-pd:maxModelLen: 1e309\n", /Stack 'fuzz' with configuration key 'maxModelLen' must be of type 'integer'/],
            ["replicas beyond 2^53", "  llm-d-pd:prefill: {replicas: 9223372036854775808}\n", /llm-d-pd:prefill\.replicas: must be a positive integer \(got "9223372036854775808"\)/],
            ["a huge model size", "  llm-d-pd:model: {uri: hf://a/b, name: b, size: 999999999999999999999999999999Ei}\n  llm-d-pd:modelCache: {enabled: true, storageClassName: rwx}\n", /llm-d-pd:model\.size: .*activeDeadlineSeconds/],
            ["!!set", "  llm-d-pd:prefill: !!set {replicas}\n", /llm-d-pd:prefill: the YAML tag !!set/],
            ["config:hardware beside hardware", "  llm-d-pd:config:hardware: gke\n", /llm-d-pd:hardware: is set 2 times/],
            ["a plain token beside an encrypted one", `  llm-d-pd:hfToken: ${PLAIN_TOKEN}\n  llm-d-pd:config:hfToken: {secure: v1:abc}\n`, /llm-d-pd:hfToken: is set 2 times/],
            ["a plain token", `  llm-d-pd:config:hfToken: ${PLAIN_TOKEN}\n`, /llm-d-pd:hfToken: is stored in plain text/],
            ["a typo", "  llm-d-pd:hardwre: gke\n", /llm-d-pd:hardwre: is not a known key; known keys: .*; did you mean hardware\?/],
            ["nodesCidr 999.999.999.999/32", "  llm-d-pd:gkeCluster: {create: true, region: us-central1, nodesCidr: 999.999.999.999/32}\n", /llm-d-pd:gkeCluster\.nodesCidr: must be an IPv4 CIDR/],
            ["a 100 KB value", `  llm-d-pd:vllmImage: ${"v".repeat(100_000)}\n  llm-d-pd:namespace: ${"n".repeat(100_000)}\n`, /llm-d-pd:namespace: must be a DNS label.*… \(100000 characters\)"\)$/m],
            ["overlapping GKE CIDRs", "  llm-d-pd:gkeCluster: {create: true, region: us-central1, podsCidr: 10.0.0.0/8}\n", /llm-d-pd:gkeCluster\.podsCidr: overlaps nodesCidr/],
        ];
        for (const [name, extra, expected] of refused) {
            it(`refuses ${name}`, async () => {
                const outcome = await runStackFile(base + extra);
                assertWellBehaved(outcome, base + extra);
                assert.ok(!outcome.ok, "planned");
                assert.match(outcome.message, expected);
                assert.ok(outcome.message.length < 2000, `${outcome.message.length} characters`);
            });
        }
    });
});
