/**
 * PDStack embedded in a program written in plain JavaScript, or with casts: whatever it is given,
 * it refuses bad input with an InputError of one line per problem, naming the key, the value (cut,
 * never a token) and what is allowed; never a TypeError from deep inside. Cases found by the fuzz
 * run of issue 18 (BigInts, cycles, options that are not what they claim, tokens of the wrong kind,
 * Outputs and Promises where a plain value is needed).
 */
import * as assert from "assert";
import type * as Pulumi from "@pulumi/pulumi";
import type { PDStack as PDStackClass } from "../../../components/pdstack/pdStack";
import { ResourceRecorder } from "../../../plan/recorder";
import { TOKEN } from "../../support/tokens";

let pulumi: typeof Pulumi;
let PDStack: typeof PDStackClass;

/** The message of the InputError `new PDStack("pd", args, opts)` throws; fails on any other outcome. */
function refusal(args: unknown, opts?: unknown): string {
    try {
        new PDStack("pd", args as never, opts as never);
    } catch (e) {
        const err = e as Error;
        assert.strictEqual(err.name, "InputError", `not an InputError: ${err.stack}`);
        assert.ok(pulumi.RunError.isInstance(err));
        assert.ok(!err.message.includes(TOKEN), "the message holds the token");
        return err.message;
    }
    return assert.fail("expected an InputError");
}

const lines = (message: string) => message.split("\n").slice(1).map((l) => l.trim());

describe("PDStack embedded: bad args are InputErrors, never TypeErrors", () => {
    before(async () => {
        await ResourceRecorder.install();
        pulumi = await import("@pulumi/pulumi");
        PDStack = (await import("../../../components/pdstack/pdStack")).PDStack;
    });

    it("a BigInt where a number is needed", () => {
        assert.deepStrictEqual(lines(refusal({ hardware: "xpu", hfToken: TOKEN, maxModelLen: 4096n, prefill: { replicas: 2n } })), [
            "PDStackArgs.maxModelLen: must be a positive integer (got 4096n)",
            "PDStackArgs.prefill.replicas: must be a positive integer (got 2n)",
        ]);
    });

    it("a circular object", () => {
        const circular: Record<string, unknown> = { a: 1 };
        circular.self = circular;
        assert.deepStrictEqual(lines(refusal({ hardware: "xpu", hfToken: TOKEN, namespace: circular })), ['PDStackArgs.namespace: must be a string (got {"a":1,"self":"[Circular]"})']);
        assert.deepStrictEqual(lines(refusal({ hardware: "xpu", hfToken: TOKEN, namespace: { a: pulumi.output(1), b: 3n } })), [
            'PDStackArgs.namespace: must be a string (got {"a":"[Output/Promise]","b":"3n"})',
        ]);
    });

    it("an Output or a Promise where a plain value is needed, said once per key", () => {
        assert.deepStrictEqual(
            lines(
                refusal({
                    hardware: "xpu",
                    hfToken: TOKEN,
                    namespace: pulumi.output("serving"),
                    model: Promise.resolve({ uri: "hf://a/b", name: "b" }),
                    prefill: { replicas: pulumi.output(2) },
                }),
            ),
            [
                "PDStackArgs.namespace: is an Output/Promise; this key must be a plain value",
                "PDStackArgs.model: is an Output/Promise; this key must be a plain value",
                "PDStackArgs.prefill.replicas: is an Output/Promise; this key must be a plain value",
            ],
        );
        assert.match(refusal(pulumi.output({ hardware: "xpu" })), /PDStackArgs: PDStack "pd" needs args, not an Output\/Promise/);
    });

    it("an hfToken that is not a non-empty string or an Output of one, without showing it", () => {
        for (const [token, kind] of [
            ["", "an empty string"],
            ["   ", "an empty string"],
            [null, "null"],
            [12345, "a number"],
            [{ value: TOKEN }, "an object"],
            [[TOKEN], "a list"],
        ] as const) {
            assert.deepStrictEqual(lines(refusal({ hardware: "xpu", hfToken: token })), [
                `PDStackArgs.hfToken: must be a non-empty string, or an Output of one such as pulumi.secret(token) (got ${kind}; a token is never shown)`,
            ]);
        }
        new PDStack("secret-token", { hardware: "xpu", hfToken: pulumi.secret(TOKEN), releasePostfix: "st", namespace: "st" });
    });

    it("clusterClaims, parent, provider and providers that are not what they claim", () => {
        const message = refusal({ hardware: "xpu", hfToken: TOKEN }, { clusterClaims: { name: "c" }, parent: { urn: "x" }, provider: "k8s", providers: [{}] });
        assert.deepStrictEqual(lines(message), [
            `PDStack "pd": opts.clusterClaims: must be the ClusterClaims of a cluster (a GkeCluster's clusterClaims, or new ClusterClaims(name, provider)) (got an object with keys ["name"])`,
            `PDStack "pd": opts.parent: must be a Pulumi resource (got an object with keys ["urn"])`,
            `PDStack "pd": opts.provider: must be a Pulumi provider such as new k8s.Provider(...) (got "k8s")`,
            `PDStack "pd": opts.providers: must be a list or a map of Pulumi providers (got an object with keys [])`,
        ]);
    });

    it("cuts a long value at 80 characters with its length, and escapes control characters", () => {
        const message = refusal({ hardware: "xpu", hfToken: TOKEN, namespace: `\u001b[2J${"x".repeat(100_000)}`, vllmImage: 7 });
        assert.ok(message.length < 400, `${message.length} characters`);
        assert.ok(!message.includes("\u001b"), "a raw escape character");
        assert.match(message, /PDStackArgs\.namespace: must be a DNS label.* \(got "\\x1b\[2Jx+… \(100004 characters\)"\)/);
    });

    it("names the nearest known key for a typo, and lists hfToken among the known keys", () => {
        const [typo] = lines(refusal({ hardwre: "xpu", hardware: "xpu", hfToken: TOKEN }));
        assert.match(typo, /^PDStackArgs\.hardwre: is not a known key; known keys: hardware, .*, hfToken; did you mean hardware\?$/);
    });

    it("a GkeCluster's parent or provider that is not one, before anything is registered", async () => {
        const { GkeCluster } = await import("../../../components/gke/gkeCluster");
        assert.throws(() => new GkeCluster("c", { region: "us-central1", gpuType: "nvidia-h100-80gb" }, { parent: "p" as never }), {
            name: "InputError",
            message: 'invalid resource options:\n  GkeCluster "c": opts.parent: must be a Pulumi resource (got "p")',
        });
    });
});
