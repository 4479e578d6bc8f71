/** pd-accelerator-resources on what PDStack registers, and on values a program changed. */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { parseQuantity } from "../../../components/validation";
import { mandatory, ms, mutate, one, recordEachHardware, setArg, violations, vllm } from "../../support/policyFixture";

describe("policy pd-accelerator-resources", () => {
    const P = "pd-accelerator-resources";
    let xpu: PlannedResource[];
    let h200: PlannedResource[];
    let gke: PlannedResource[];

    before(async () => {
        ({ xpu, h200, gke } = await recordEachHardware());
    });
    const where = (role: string) => `Helm release "ms-pd" (namespace llm-d-pd), ${role} container "vllm"`;

    it("requires cpu and memory limits, naming the config key", async () => {
        const rs = mutate(h200, (r) => {
            delete vllm(r, "decode").resources.limits.cpu;
        });
        one(await mandatory(rs, P), `${where("decode")}: no cpu limit`, "set llm-d-pd:decode resources.limits.cpu (PDStackArgs.decode.resources.limits.cpu)");
        assert.strictEqual((await violations(rs, P))[0].resource, "llm-d-pd-ms");
    });

    it("compares requests with limits as Kubernetes quantities", async () => {
        assert.strictEqual(parseQuantity("500m"), 0.5);
        assert.strictEqual(parseQuantity("64Gi"), 64 * 2 ** 30);
        assert.strictEqual(parseQuantity("2k"), 2000);
        assert.strictEqual(parseQuantity("1e3"), 1000);
        assert.strictEqual(parseQuantity("1E"), 1e18);
        assert.strictEqual(parseQuantity(4), 4);
        assert.strictEqual(parseQuantity("4 cores"), undefined);
        // A program that lowers a limit below PDStack's request (PDStack itself rejects such args).
        const fits = mutate(xpu, (r) => {
            vllm(r, "prefill").resources.requests.cpu = "4000m";
            vllm(r, "prefill").resources.requests.memory = "24576Mi";
        });
        assert.deepStrictEqual(await mandatory(fits, P), []);
        const over = mutate(xpu, (r) => {
            vllm(r, "prefill").resources.requests.memory = "32Gi";
        });
        one(await mandatory(over, P), `${where("prefill")}: memory request 32Gi is above its limit 24Gi`, "set llm-d-pd:prefill resources.requests.memory");
    });

    it("requires extended resources' requests to equal their limits", async () => {
        const rs = mutate(h200, (r) => {
            vllm(r, "decode").resources.requests["nvidia.com/gpu"] = "2";
            delete vllm(r, "prefill").resources.limits["rdma/ib"];
        });
        const messages = (await mandatory(rs, P)).join("\n");
        assert.match(messages, /decode container "vllm": nvidia\.com\/gpu request 2 differs from its limit 4; .*requests must equal limits/);
        assert.match(messages, /prefill container "vllm": rdma\/ib is requested \(1\) without a limit/);
    });

    it("requires as many accelerators as the tensor parallel size (vLLM's default 1 without the flag)", async () => {
        const rs = mutate(xpu, (r) => {
            vllm(r, "decode").resources.limits["gpu.intel.com/i915"] = "1";
            vllm(r, "decode").resources.requests["gpu.intel.com/i915"] = "1";
        });
        one(await mandatory(rs, P), `${where("decode")}: gpu.intel.com/i915 is 1 but the tensor parallel size is 2`, "set llm-d-pd:decode tensorParallelSize");
        const noFlag = mutate(gke, (r) => {
            vllm(r, "prefill").resources.limits["nvidia.com/gpu"] = "2";
            vllm(r, "prefill").resources.requests["nvidia.com/gpu"] = "2";
        });
        one(await mandatory(noFlag, P), "nvidia.com/gpu is 2 but the tensor parallel size is 1 (no --tensor-parallel-size: vLLM's default)");
    });

    it("allows only the resources the PDStack's hardware has", async () => {
        const rdmaOnGke = mutate(gke, (r) => {
            vllm(r, "decode").resources.limits["rdma/ib"] = 1;
            vllm(r, "decode").resources.requests["rdma/ib"] = 1;
        });
        one(await mandatory(rdmaOnGke, P), `${where("decode")}: requests rdma/ib, which hardware "gke" (PDStack "llm-d-pd") does not have`, 'only hardware "h200-ib" has InfiniBand');
        const nvidiaOnXpu = mutate(xpu, (r) => {
            for (const side of ["limits", "requests"]) {
                const res = vllm(r, "prefill").resources[side];
                delete res["gpu.intel.com/i915"];
                res["nvidia.com/gpu"] = "1";
            }
        });
        const messages = await mandatory(nvidiaOnXpu, P);
        assert.strictEqual(messages.length, 2, messages.join("\n"));
        assert.match(messages[0], /prefill container "vllm": requests nvidia\.com\/gpu, which hardware "xpu" \(PDStack "llm-d-pd"\) does not have: xpu nodes advertise gpu\.intel\.com\/i915/);
        assert.match(messages[1], /prefill container "vllm": requests no gpu\.intel\.com\/i915, which hardware "xpu" \(PDStack "llm-d-pd"\) needs/);
    });

    it("infers the hardware from the requested resources when the release has no PDStack parent", async () => {
        const orphan = mutate(xpu, (r) => {
            ms(r).parentUrn = null;
            vllm(r, "decode").resources.limits["rdma/ib"] = 1;
            vllm(r, "decode").resources.requests["rdma/ib"] = 1;
        });
        one(await mandatory(orphan, P), 'requests rdma/ib, which hardware "xpu" (inferred from the requested gpu.intel.com/i915 and rdma/ib) does not have');
        const noAccelerator = mutate(gke, (r) => {
            ms(r).parentUrn = null;
            for (const role of ["prefill", "decode"] as const) {
                delete vllm(r, role).resources.limits["nvidia.com/gpu"];
                delete vllm(r, role).resources.requests["nvidia.com/gpu"];
            }
        });
        const messages = await mandatory(noAccelerator, P);
        assert.strictEqual(messages.length, 2);
        assert.match(messages[1], /decode container "vllm": requests no accelerator \(nvidia\.com\/gpu or gpu\.intel\.com\/i915\); vLLM needs one per tensor-parallel rank \(4 here\)/);
    });

    it("fails a pod wider than one node of its hardware (values a program changed; PDStack rejects such a tensorParallelSize)", async () => {
        const rs = mutate(xpu, (r) => {
            setArg(vllm(r, "decode"), "--tensor-parallel-size", "8");
            vllm(r, "decode").resources.limits["gpu.intel.com/i915"] = "8";
            vllm(r, "decode").resources.requests["gpu.intel.com/i915"] = "8";
        });
        one(await mandatory(rs, P), `${where("decode")}: 8 gpu.intel.com/i915 per pod, but a node of hardware "xpu" (PDStack "llm-d-pd") has 4`, "at most 4");
    });
});
