/**
 * A fuzz target the suite runs: PDStackArgs and resource options generated from a fixed seed, as a
 * program in plain JavaScript might pass them (BigInts, NaN, Infinity, cycles, Outputs, Promises,
 * functions, symbols, Dates, long and control-character strings, junk where a resource or a provider
 * belongs, tokens of every kind), constructed under mocks. Every case must either register or throw
 * an InputError whose lines are one problem each, escaped and cut, never holding the token; and no
 * number registered may be one JSON cannot write. FUZZ_SEED and FUZZ_COUNT run other or more cases.
 */
import * as assert from "assert";
import type * as Pulumi from "@pulumi/pulumi";
import type * as Components from "../../../components";
import { ResourceRecorder } from "../../../plan/recorder";
import { hasUnsafe } from "../../../smoke/printable";
import { fuzzBudget, Gen, rng } from "../../support/fuzz";

const { seed: SEED, count: COUNT } = fuzzBudget(60);
const TOKEN = "hf_fuzzEmbeddedToken0123456789";

let pulumi: typeof Pulumi;
let components: typeof Components;

/** A value a JavaScript program could put anywhere. */
function weird(g: Gen): unknown {
    return g.pick([
        () => g.pick([4n, 2n ** 70n, NaN, Infinity, -Infinity, -0, 2 ** 31, 2 ** 53 + 1, 1e300, -1, 0, 1.5, 3, 1]),
        () => g.pick(["", "x".repeat(20_000), "serving", "0.9", "hf://org/model", "64Gi", "xpu", "istio"]),
        () => g.text(40),
        () => g.pick([null, undefined, true, [], {}, [1, "a"], { a: 1 }]),
        () => {
            const c: Record<string, unknown> = { replicas: 1 };
            c.self = c;
            return c;
        },
        () => pulumi.output(g.pick([1, "x", { replicas: 1 }])),
        () => Promise.resolve(g.pick([1, "x"])),
        () => g.pick([() => 1, Symbol("s"), new Date(0), /re/, new Map([["a", 1]]), Object.create(null)]),
    ])();
}

const KEYS = ["hardware", "gateway", "llmdVersion", "namespace", "releasePostfix", "maxModelLen", "readyTimeoutSeconds", "vllmImage", "existingHfTokenSecret", "benchmarking", "monitoring", "hardwre", "replicas"];

function args(g: Gen): Record<string, unknown> {
    const a: Record<string, unknown> = { hardware: g.pick(["xpu", "gke", "h200-ib"]), hfToken: TOKEN };
    for (let n = g.int(3); n > 0; n--) {
        const target = g.pick(["top", "top", "role", "model", "modelCache", "autoscaling", "hfToken"] as const);
        if (target === "top") {
            a[g.pick(KEYS)] = weird(g);
        } else if (target === "role") {
            a[g.pick(["prefill", "decode"])] = g.chance(0.2) ? weird(g) : { [g.pick(["replicas", "tensorParallelSize", "resources"])]: weird(g) };
        } else if (target === "model") {
            a.model = { uri: "hf://org/model", name: "m", [g.pick(["uri", "name", "size"])]: weird(g) };
        } else if (target === "modelCache") {
            a.modelCache = { enabled: true, storageClassName: "rwx", [g.pick(["size", "accessMode", "enabled"])]: weird(g) };
        } else if (target === "autoscaling") {
            a.autoscaling = { enabled: true, decode: { [g.pick(["minReplicas", "maxReplicas", "target"])]: weird(g) } };
        } else {
            a.hfToken = g.pick([weird(g), pulumi.secret(TOKEN), undefined]);
        }
    }
    return a;
}

function options(g: Gen): unknown {
    if (g.chance(0.7)) {
        return undefined;
    }
    return { [g.pick(["clusterClaims", "parent", "provider", "providers"])]: weird(g) };
}

describe("PDStack: a fuzz target of embedding programs' args and options", function () {
    this.timeout(600_000);

    before(async () => {
        await ResourceRecorder.install();
        pulumi = await import("@pulumi/pulumi");
        components = await import("../../../components");
    });

    it(`${COUNT} args and options from seed ${SEED} register, or throw a well-formed InputError`, async () => {
        let registered = 0;
        for (let i = 0; i < COUNT; i++) {
            const g = new Gen(rng(SEED * 100_003 + i));
            const a = args(g);
            const o = options(g);
            const where = `seed ${SEED} case ${i}`;
            const recorder = await ResourceRecorder.install("llm-d-pd", "fuzz");
            try {
                new components.PDStack(`pd${i}`, a as never, o as never);
            } catch (e) {
                const err = e as Error;
                assert.ok(err instanceof Error && err.name === "InputError", `${where}: not an InputError: ${err?.stack ?? String(e)}`);
                const [header, ...lines] = err.message.split("\n");
                assert.match(header, /^invalid [a-zA-Z ]+:$/, `${where}: the header of ${err.message}`);
                for (const line of lines) {
                    assert.ok(line.startsWith("  ") && line.length <= 1200, `${where}: a line that is not one short problem: ${line.slice(0, 300)}`);
                }
                assert.ok(!hasUnsafe(lines.join("")), `${where}: a raw control character`);
                assert.ok(!err.message.includes(TOKEN), `${where}: the token is echoed`);
                continue;
            }
            registered++;
            const resources = await recorder.settle();
            const numbers: number[] = [];
            const walk = (v: unknown, seen = new Set<unknown>()) => {
                if (typeof v === "number") {
                    numbers.push(v);
                } else if (typeof v === "object" && v !== null && !seen.has(v)) {
                    seen.add(v);
                    Object.values(v).forEach((x) => walk(x, seen));
                }
            };
            resources.forEach((r) => walk(r.inputs));
            for (const n of numbers) {
                assert.ok(Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER, `${where}: registered ${n}`);
            }
        }
        assert.ok(registered >= COUNT / 10, `only ${registered} of ${COUNT} cases registered`);
    });
});
