/**
 * The pack on llm-d 0.9 installs: nothing wrong with what PDStack registers (each hardware, each
 * gateway mode), and pd-model-server-wiring, pd-model-server-resources and pd-accelerator-budget on
 * model-server Deployments a program's transformation changed.
 */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { evaluatePolicies } from "../../../plan/policyEvaluator";
import { mandatory, mutate, one, record } from "../../support/policyFixture";
import { DEPLOYMENT } from "../../support/tokens";

const WIRING = "pd-model-server-wiring";
const RESOURCES = "pd-model-server-resources";

const deployment = (rs: PlannedResource[], role: "prefill" | "decode"): any => {
    const d = rs.find((r) => r.type === DEPLOYMENT && r.name === `llm-d-pd-${role}`);
    assert.ok(d, `no ${role} Deployment`);
    return d.inputs;
};
const pod = (rs: PlannedResource[], role: "prefill" | "decode") => deployment(rs, role).spec.template.spec;
const vllm = (rs: PlannedResource[], role: "prefill" | "decode") => pod(rs, role).containers[0];
const sidecar = (rs: PlannedResource[]) => pod(rs, "decode").initContainers[0];
const replaceArg = (c: any, prefix: string, value: string) => {
    c.args = c.args.map((a: string) => (a.startsWith(prefix) ? value : a));
};

describe("policies on llm-d 0.9 installs", () => {
    let h200: PlannedResource[];
    let xpu: PlannedResource[];

    before(async () => {
        h200 = await record({ hardware: "h200-ib", llmdVersion: "0.9" });
        xpu = await record({ hardware: "xpu", llmdVersion: "0.9" });
    });

    for (const args of [
        { hardware: "h200-ib", llmdVersion: "0.9", benchmarking: true },
        { hardware: "gke", llmdVersion: "0.9" },
        { hardware: "xpu", llmdVersion: "0.9" },
        { hardware: "h200-ib", llmdVersion: "0.9", gateway: "agentgateway" },
        { hardware: "gke", llmdVersion: "0.9", gateway: "standalone", modelCache: { enabled: true } },
    ]) {
        it(`find nothing wrong with PDStack's own output: ${JSON.stringify(args)}`, async () => {
            assert.deepStrictEqual(await evaluatePolicies(await record(args)), []);
        });
    }

    it("requires NixlConnector on the model servers", async () => {
        const rs = mutate(h200, (r) => {
            const c = vllm(r, "prefill");
            c.args[c.args.indexOf("--kv-transfer-config") + 1] = '{"kv_connector":"LMCacheConnectorV1","kv_role":"kv_both"}';
        });
        one(
            await mandatory(rs, WIRING),
            'Deployment "vllm-pd-prefill", prefill container "modelserver": --kv-transfer-config has kv_connector "LMCacheConnectorV1", not "NixlConnector"',
        );
    });

    it("requires the pod IP as the NIXL side channel host on both roles", async () => {
        const rs = mutate(xpu, (r) => {
            vllm(r, "decode").env = vllm(r, "decode").env.filter((e: any) => e.name !== "VLLM_NIXL_SIDE_CHANNEL_HOST");
        });
        one(await mandatory(rs, WIRING), 'Deployment "vllm-pd-decode", decode container "modelserver": no env VLLM_NIXL_SIDE_CHANNEL_HOST');
    });

    it("requires the disaggregation sidecar on decode, as a native sidecar, with NIXL, forwarding to vLLM's port", async () => {
        const none = mutate(h200, (r) => {
            delete pod(r, "decode").initContainers;
        });
        one(await mandatory(none, WIRING), 'Deployment "vllm-pd-decode": no disaggregation sidecar');
        const plainInit = mutate(h200, (r) => {
            delete sidecar(r).restartPolicy;
        });
        one(await mandatory(plainInit, WIRING), 'sidecar "routing-proxy": an init container without restartPolicy: Always must exit before vLLM starts');
        const connector = mutate(h200, (r) => replaceArg(sidecar(r), "--kv-connector=", "--kv-connector=shared-storage"));
        one(await mandatory(connector, WIRING), '--kv-connector is "shared-storage"');
        const port = mutate(h200, (r) => sidecar(r).args.push("--model-server-port=8300"));
        one(await mandatory(port, WIRING), "forwards to port 8300 but decode's vLLM listens on 8200", "--model-server-port=8200");
    });

    it("fails a prefill wider than decode, different models and different images", async () => {
        const wide = mutate(xpu, (r) => replaceArg(vllm(r, "prefill"), "--tensor-parallel-size=", "--tensor-parallel-size=4"));
        one(await mandatory(wide, WIRING), "prefill tensor parallel size 4 is larger than decode's 2", "llm-d-pd:prefill tensorParallelSize to at most 2");
        const model = mutate(xpu, (r) => {
            vllm(r, "decode").args[0] = "Qwen/Qwen3-0.6B";
        });
        one(await mandatory(model, WIRING), 'prefill serves model "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B" but decode serves "Qwen/Qwen3-0.6B"');
        const image = mutate(xpu, (r) => {
            vllm(r, "decode").image = "ghcr.io/llm-d/llm-d-xpu:v0.6.0";
        });
        one(await mandatory(image, WIRING), 'prefill runs image "ghcr.io/llm-d/llm-d-xpu:v0.9.0" but decode runs "ghcr.io/llm-d/llm-d-xpu:v0.6.0"');
    });

    it("requires both roles", async () => {
        const rs = h200.filter((r) => !(r.type === DEPLOYMENT && r.name === "llm-d-pd-prefill"));
        one(await mandatory(rs, WIRING), 'model servers "router-pd" (namespace llm-d-pd): no prefill Deployment');
    });

    it("checks the Deployments' accelerators against the hardware and the tensor parallel size", async () => {
        const intel = mutate(h200, (r) => {
            const res = vllm(r, "decode").resources;
            res.limits["gpu.intel.com/i915"] = "4";
            res.requests["gpu.intel.com/i915"] = "4";
        });
        one(await mandatory(intel, RESOURCES), 'Deployment "vllm-pd-decode", decode container "modelserver": requests gpu.intel.com/i915, which hardware "h200-ib" (PDStack "llm-d-pd") does not have');
        const count = mutate(xpu, (r) => {
            const res = vllm(r, "decode").resources;
            res.limits["gpu.intel.com/i915"] = "1";
            res.requests["gpu.intel.com/i915"] = "1";
        });
        one(await mandatory(count, RESOURCES), "gpu.intel.com/i915 is 1 but the tensor parallel size is 2");
    });

    it("counts 0.9 installs in the accelerator budget", async () => {
        const rs = await record({ hardware: "h200-ib", llmdVersion: "0.9", decode: { replicas: 2 } });
        one(await mandatory(rs, "pd-accelerator-budget"), "the deployment takes 12 accelerators (prefill 4 × 1 + decode 2 × 4 = 12), above the budget of 8");
    });
});
