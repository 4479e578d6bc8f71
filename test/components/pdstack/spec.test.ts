import * as assert from "assert";
import { DEFAULT_READY_TIMEOUT_SECONDS, resolveSpec } from "../../../components/pdstack/spec";
import { InputError } from "../../../components/validation";

/** Asserts that `input` is rejected with an InputError whose message contains every fragment. */
function rejects(input: Record<string, unknown>, ...fragments: string[]): void {
    assert.throws(
        () => resolveSpec(input, "llm-d-pd:"),
        (e: unknown) => {
            assert.ok(e instanceof InputError, `expected InputError, got ${e}`);
            for (const f of fragments) {
                assert.ok(e.message.includes(f), `message lacks ${JSON.stringify(f)}:\n${e.message}`);
            }
            return true;
        },
    );
}

describe("config validation: bad input is named, with what was given and what is allowed", () => {
    it("unknown hardware", () => rejects({ hardware: "a100" }, "llm-d-pd:hardware", "must be one of h200-ib, gke, xpu", '"a100"'));
    it("missing hardware", () => rejects({}, "llm-d-pd:hardware: is required"));
    it("unknown gateway", () => rejects({ hardware: "gke", gateway: "nginx" }, "llm-d-pd:gateway", "must be one of istio, kgateway, gke", '"nginx"'));
    it("gateway gke on other hardware", () => {
        rejects({ hardware: "xpu", gateway: "gke" }, "llm-d-pd:gateway", 'needs hardware "gke"', 'hardware is "xpu"');
        rejects({ hardware: "h200-ib", gateway: "gke" }, "llm-d-pd:gateway", 'needs hardware "gke"');
    });
    it("namespace that is not a DNS label", () => {
        rejects({ hardware: "gke", namespace: "LLM_D" }, "llm-d-pd:namespace", "must be a DNS label", '"LLM_D"');
        rejects({ hardware: "gke", namespace: "a".repeat(64) }, "llm-d-pd:namespace", "must be a DNS label");
        rejects({ hardware: "gke", namespace: "-pd" }, "llm-d-pd:namespace", "must be a DNS label");
    });
    it("postfix that is not a DNS label", () => rejects({ hardware: "gke", releasePostfix: "p.d" }, "llm-d-pd:releasePostfix", "must be a DNS label", '"p.d"'));
    it("replicas not a positive integer", () => {
        rejects({ hardware: "gke", prefill: { replicas: 0 } }, "llm-d-pd:prefill.replicas: must be a positive integer (got 0)");
        rejects({ hardware: "gke", decode: { replicas: 1.5 } }, "llm-d-pd:decode.replicas: must be a positive integer (got 1.5)");
        rejects({ hardware: "gke", decode: { replicas: "2" } }, "llm-d-pd:decode.replicas: must be a positive integer", '"2"');
    });
    it("tensorParallelSize not a positive integer", () => {
        rejects({ hardware: "xpu", decode: { tensorParallelSize: -2 } }, "llm-d-pd:decode.tensorParallelSize: must be a positive integer (got -2)");
    });
    it("prefill tensorParallelSize larger than decode's", () => {
        rejects({ hardware: "h200-ib", prefill: { tensorParallelSize: 8 } }, "llm-d-pd:prefill.tensorParallelSize", "prefill tensorParallelSize 8 is larger than decode tensorParallelSize 4", "NIXL");
        rejects({ hardware: "xpu", prefill: { tensorParallelSize: 2 }, decode: { tensorParallelSize: 1 } }, "at most 1");
    });
    it("model uri not hf:// or pvc://", () => rejects({ hardware: "gke", model: { uri: "s3://bucket/llama", name: "llama" } }, "llm-d-pd:model.uri", "hf://", "pvc://", '"s3://bucket/llama"'));
    it("missing model name", () => rejects({ hardware: "gke", model: { uri: "hf://org/m" } }, "llm-d-pd:model.name: is required"));
    it("unknown keys, with the known ones listed", () => {
        rejects({ hardware: "gke", replicas: 3 }, "llm-d-pd:replicas: is not a known key", "known keys: hardware, gateway");
        rejects({ hardware: "gke", prefill: { tp: 2 } }, "llm-d-pd:prefill.tp: is not a known key", "known keys: replicas, tensorParallelSize, resources");
    });
    it("resource quantities", () => rejects({ hardware: "gke", decode: { resources: { limits: { memory: "lots" } } } }, "llm-d-pd:decode.resources.limits.memory", "Kubernetes quantity"));
    it("every problem is reported at once", () => rejects({ hardware: "gke", namespace: "X", prefill: { replicas: 0 } }, "llm-d-pd:namespace", "llm-d-pd:prefill.replicas"));
});

describe("config defaults", () => {
    it("the hardware decides the gateway, model and roles; the rest has fixed defaults", () => {
        const s = resolveSpec({ hardware: "xpu" }, "x:");
        assert.strictEqual(s.gateway, "istio");
        assert.strictEqual(s.namespace, "llm-d-pd");
        assert.strictEqual(s.releasePostfix, "pd");
        assert.strictEqual(s.benchmarking, false);
        assert.strictEqual(s.createNamespace, true);
        assert.strictEqual(s.installIntelGpuPlugin, true);
        assert.strictEqual(s.readyTimeoutSeconds, DEFAULT_READY_TIMEOUT_SECONDS);
        assert.strictEqual(s.model.name, "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B");
        assert.deepStrictEqual([s.prefill.replicas, s.prefill.tensorParallelSize, s.decode.replicas, s.decode.tensorParallelSize], [2, 1, 1, 2]);
        assert.strictEqual(resolveSpec({ hardware: "gke" }, "x:").gateway, "gke");
        assert.strictEqual(resolveSpec({ hardware: "h200-ib" }, "x:").installIntelGpuPlugin, false);
    });
    it("a partial role override keeps the hardware's other role defaults", () => {
        const s = resolveSpec({ hardware: "h200-ib", decode: { resources: { limits: { cpu: "32" } } } }, "x:");
        assert.deepStrictEqual(s.decode.limits, { cpu: "32", memory: "64Gi" });
        assert.deepStrictEqual(s.decode.requests, { cpu: "16", memory: "64Gi" });
        assert.strictEqual(s.decode.tensorParallelSize, 4);
    });
});
