/** pd-nixl-wiring on what PDStack registers, and on modelservice values a program changed. */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { mandatory, msValues, mutate, one, recordEachHardware, setArg, vllm } from "../../support/policyFixture";

describe("policy pd-nixl-wiring", () => {
    const P = "pd-nixl-wiring";
    let xpu: PlannedResource[];
    let h200: PlannedResource[];
    let gke: PlannedResource[];

    before(async () => {
        ({ xpu, h200, gke } = await recordEachHardware());
    });
    const where = (role: string) => `Helm release "ms-pd" (namespace llm-d-pd), ${role} container "vllm"`;

    it("requires NixlConnector in --kv-transfer-config on both roles", async () => {
        const other = mutate(xpu, (r) => setArg(vllm(r, "prefill"), "--kv-transfer-config", '{"kv_connector":"LMCacheConnectorV1","kv_role":"kv_both"}'));
        one(await mandatory(other, P), `${where("prefill")}: --kv-transfer-config has kv_connector "LMCacheConnectorV1", not "NixlConnector"`);
        const missing = mutate(h200, (r) => {
            const c = vllm(r, "decode");
            c.args.splice(c.args.indexOf("--kv-transfer-config"), 2);
        });
        one(await mandatory(missing, P), `${where("decode")}: no --kv-transfer-config`);
        const broken = mutate(gke, (r) => setArg(vllm(r, "decode"), "--kv-transfer-config", "{kv_connector: NixlConnector}"));
        one(await mandatory(broken, P), `${where("decode")}: --kv-transfer-config {kv_connector: NixlConnector} is not valid JSON`);
    });

    it("requires the pod IP as the NIXL side channel host", async () => {
        const missing = mutate(xpu, (r) => {
            vllm(r, "decode").env = vllm(r, "decode").env.filter((e: any) => e.name !== "VLLM_NIXL_SIDE_CHANNEL_HOST");
        });
        one(await mandatory(missing, P), `${where("decode")}: no env VLLM_NIXL_SIDE_CHANNEL_HOST`);
        const fixed = mutate(xpu, (r) => {
            vllm(r, "prefill").env[0] = { name: "VLLM_NIXL_SIDE_CHANNEL_HOST", value: "10.0.0.7" };
        });
        one(await mandatory(fixed, P), `${where("prefill")}: env VLLM_NIXL_SIDE_CHANNEL_HOST does not come from the pod IP`);
    });

    it("fails a prefill wider than decode", async () => {
        const rs = mutate(xpu, (r) => setArg(vllm(r, "prefill"), "--tensor-parallel-size", "4"));
        const messages = await mandatory(rs, P);
        one(messages, "prefill tensor parallel size 4 is larger than decode's 2", "set llm-d-pd:prefill tensorParallelSize to at most 2");
    });

    it("requires the same model and image on both roles", async () => {
        const model = mutate(gke, (r) => setArg(vllm(r, "decode"), "--served-model-name", "llama-small"));
        one(await mandatory(model, P), 'prefill serves model "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic" but decode serves "llama-small"');
        const sameName = mutate(gke, (r) => {
            setArg(vllm(r, "decode"), "--served-model-name", "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic");
        });
        assert.deepStrictEqual(await mandatory(sameName, P), []);
        const image = mutate(gke, (r) => {
            vllm(r, "prefill").image = "ghcr.io/llm-d/llm-d:v0.2.1";
        });
        one(await mandatory(image, P), 'prefill runs image "ghcr.io/llm-d/llm-d:v0.2.1" but decode runs "ghcr.io/llm-d/llm-d:v0.2.0"', "llm-d-pd:vllmImage");
    });

    it("requires both roles, created, with at least one replica", async () => {
        const noCreate = mutate(xpu, (r) => {
            msValues(r).prefill.create = false;
        });
        one(await mandatory(noCreate, P), "prefill.create is false, not true");
        const chartDefault = mutate(xpu, (r) => {
            delete msValues(r).prefill.replicas;
        });
        one(await mandatory(chartDefault, P), "prefill has 0 replicas (the chart's default for prefill is 0)", "set llm-d-pd:prefill replicas to at least 1");
        const noDecode = mutate(xpu, (r) => {
            delete msValues(r).decode;
        });
        one(await mandatory(noDecode, P), "values have no decode role");
    });

    it("requires decode's routing sidecar with a NIXL connector", async () => {
        assert.deepStrictEqual(await mandatory(mutate(h200, (r) => (msValues(r).routing.proxy.connector = "nixl")), P), []);
        const rs = mutate(h200, (r) => {
            msValues(r).routing.proxy.connector = "lmcache";
            delete msValues(r).routing.proxy.image;
        });
        const messages = await mandatory(rs, P);
        assert.strictEqual(messages.length, 2, messages.join("\n"));
        assert.match(messages[0], /routing\.proxy\.connector is "lmcache": .* "nixl" or "nixlv2"/);
        assert.match(messages[1], /routing\.proxy\.image is not set/);
    });
});
