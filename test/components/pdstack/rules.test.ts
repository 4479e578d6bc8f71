/**
 * The rules PDStack knows for certain at construction (components/pdstack/rules): each on its own,
 * through the schema (errors naming `llm-d-pd:<key>` and `PDStackArgs.<key>`), through the component
 * (an InputError before anything is registered) and through the plan CLI (exit 1). The policies keep
 * the same rules for programs that transform values: test/components/policies/.
 */
import * as assert from "assert";
import type { PDStack as PDStackClass } from "../../../components/pdstack/pdStack";
import { acceleratorsRequested, fitsCluster, podFitsNode, postfixNameProblems, requestAboveLimit, requestsAboveLimits } from "../../../components/pdstack/rules";
import { llmd02NameBudgetOf } from "../../../components/releases/llmd02/names";
import { HARDWARE } from "../../../components/pdstack/hardware";
import { resolveSpec } from "../../../components/pdstack/spec";
import { InputError } from "../../../components/validation";
import { ResourceRecorder } from "../../../plan/recorder";
import { planInProcess, writeStackFile } from "../../support/planCli";
import { TOKEN } from "../../support/tokens";


/** The message of the InputError `f` throws. */
function inputError(f: () => unknown): string {
    try {
        f();
    } catch (e) {
        assert.ok(e instanceof InputError, `expected an InputError, got ${e}`);
        return e.message;
    }
    assert.fail("expected an InputError, nothing was thrown");
}

function includesAll(message: string, ...fragments: string[]): void {
    for (const f of fragments) {
        assert.ok(message.includes(f), `message lacks ${JSON.stringify(f)}:\n${message}`);
    }
}

describe("construction-time rules (components/pdstack/rules)", () => {
    describe("derived names fit their limits", () => {
        it("finds the prefill pod hostname of a 17-character postfix over 63, and 16 as the longest that fits", () => {
            assert.strictEqual(postfixNameProblems((p) => llmd02NameBudgetOf("llm-d-pd", p, "istio"), "a".repeat(16)), undefined);
            const found = postfixNameProblems((p) => llmd02NameBudgetOf("llm-d-pd", p, "istio"), "a".repeat(17))!;
            assert.deepStrictEqual(found.problems.map((n) => n.what), ["prefill pod hostname"]);
            assert.strictEqual(found.longest, 16);
            assert.deepStrictEqual(postfixNameProblems((p) => llmd02NameBudgetOf("llm-d-pd", p, "kgateway"), "a".repeat(18))!.problems.map((n) => n.what), ["decode pod hostname", "prefill pod hostname"]);
        });

        it("rejects the postfix in stack config and in PDStackArgs, naming the key and the longest postfix that fits", () => {
            for (const prefix of ["llm-d-pd:", "PDStackArgs"]) {
                const key = prefix === "llm-d-pd:" ? "llm-d-pd:releasePostfix" : "PDStackArgs.releasePostfix";
                includesAll(
                    inputError(() => resolveSpec({ hardware: "gke", releasePostfix: "a".repeat(17) }, prefix)),
                    `${key}: makes names too long for Kubernetes: prefill pod hostname "ms-${"a".repeat(17)}-llm-d-modelservice-prefill-`,
                    "is 64 characters; the limit is 63",
                    'the longest postfix that fits in namespace "llm-d-pd" is 16 characters: use at most 16',
                    `(got "${"a".repeat(17)}")`,
                );
            }
            assert.strictEqual(resolveSpec({ hardware: "gke", releasePostfix: "a".repeat(16) }, "llm-d-pd:").releasePostfix, "a".repeat(16));
        });
    });

    describe("requests are not above limits", () => {
        it("compares quantities, not strings", () => {
            assert.strictEqual(requestAboveLimit("32Gi", "24Gi"), true);
            assert.strictEqual(requestAboveLimit("24576Mi", "24Gi"), false);
            assert.strictEqual(requestAboveLimit("0.1", "100m"), false);
            assert.strictEqual(requestAboveLimit("2", "1500m"), true);
            assert.strictEqual(requestAboveLimit("lots", "1"), false, "not a quantity: reported elsewhere");
            assert.deepStrictEqual(requestsAboveLimits({ cpu: "4", memory: "8Gi" }, { cpu: "2", memory: "8Gi" }), [{ resource: "cpu", request: "4", limit: "2" }]);
        });

        it("names the request the user raised, and the limit the user lowered below the hardware's default request", () => {
            includesAll(
                inputError(() => resolveSpec({ hardware: "xpu", prefill: { resources: { requests: { memory: "32Gi" } } } }, "llm-d-pd:")),
                "llm-d-pd:prefill.resources.requests.memory: prefill memory request 32Gi is above its limit 24Gi (hardware xpu's default)",
                "which Kubernetes rejects",
                "set resources.requests.memory to at most 24Gi or raise resources.limits.memory",
            );
            includesAll(
                inputError(() => resolveSpec({ hardware: "xpu", decode: { resources: { limits: { cpu: "2" } } } }, "PDStackArgs")),
                "PDStackArgs.decode.resources.limits.cpu: decode cpu request 4 (hardware xpu's default) is above its limit 2",
            );
            const fits = resolveSpec({ hardware: "xpu", decode: { resources: { limits: { cpu: "4" } } } }, "llm-d-pd:");
            assert.deepStrictEqual(fits.decode.limits, { cpu: "4", memory: "24Gi" });
        });
    });

    describe("a pod's accelerators fit one node", () => {
        it("allows up to acceleratorsPerNode", () => {
            assert.strictEqual(podFitsNode(4, HARDWARE.xpu), true);
            assert.strictEqual(podFitsNode(5, HARDWARE.xpu), false);
            assert.strictEqual(podFitsNode(8, HARDWARE["h200-ib"]), true);
        });

        it("rejects a tensorParallelSize wider than a node of the hardware, naming the role's key", () => {
            includesAll(
                inputError(() => resolveSpec({ hardware: "xpu", decode: { tensorParallelSize: 8 } }, "llm-d-pd:")),
                'llm-d-pd:decode.tensorParallelSize: decode tensorParallelSize 8 puts 8 gpu.intel.com/i915 in one pod, but a node of hardware "xpu" has 4',
                "use at most 4 (got 8)",
            );
            includesAll(
                inputError(() => resolveSpec({ hardware: "h200-ib", prefill: { tensorParallelSize: 16 }, decode: { tensorParallelSize: 16 } }, "PDStackArgs")),
                "PDStackArgs.prefill.tensorParallelSize: prefill tensorParallelSize 16 puts 16 nvidia.com/gpu in one pod",
                "PDStackArgs.decode.tensorParallelSize: decode tensorParallelSize 16",
            );
            assert.strictEqual(resolveSpec({ hardware: "h200-ib", decode: { tensorParallelSize: 8 } }, "llm-d-pd:").decode.tensorParallelSize, 8);
        });
    });

    describe("the installs on a cluster fit its GPUs", () => {
        it("counts replicas × tensorParallelSize of both roles", () => {
            const spec = resolveSpec({ hardware: "gke", prefill: { replicas: 2, tensorParallelSize: 2 }, decode: { replicas: 3, tensorParallelSize: 4 } }, "x");
            assert.strictEqual(acceleratorsRequested(spec), 2 * 2 + 3 * 4);
            assert.strictEqual(fitsCluster(16, 16), true);
            assert.strictEqual(fitsCluster(17, 16), false);
        });
    });

    describe("through the component and the plan", () => {
        let PDStack: typeof PDStackClass;

        before(async () => {
            await ResourceRecorder.install();
            PDStack = (await import("../../../components/pdstack/pdStack")).PDStack;
        });

        it("new PDStack with a 17-character postfix throws an InputError naming PDStackArgs.releasePostfix, and registers nothing", async () => {
            const recorder = await ResourceRecorder.install();
            const message = inputError(() => new PDStack("llm-d-pd", { hardware: "xpu", hfToken: TOKEN, releasePostfix: "a".repeat(17) }));
            includesAll(message, "PDStackArgs.releasePostfix: makes names too long", "the longest postfix that fits", "is 16 characters");
            assert.ok(!message.includes(TOKEN));
            assert.deepStrictEqual(await recorder.settle(), []);
        });

        it("npm run plan exits 1 naming llm-d-pd:releasePostfix, with nothing on stdout", async () => {
            const file = writeStackFile("long", { hardware: "xpu", releasePostfix: "abcdefghijklmnopq" });
            const run = await planInProcess("--stack", "long", "--config-file", file, "--json");
            assert.strictEqual(run.status, 1, run.stderr);
            assert.strictEqual(run.stdout, "");
            includesAll(run.stderr, "llm-d-pd:releasePostfix: makes names too long for Kubernetes", "the longest postfix that fits", "16 characters");
            assert.doesNotMatch(run.stderr, /^\s+at .*:\d+:\d+\)?$/m, "a stack trace");
        });
    });
});
