/** pd-no-plaintext-secrets: tokens in values or specs, HF_TOKEN env not from a Secret; messages never repeat a token. */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { LEAKED, mandatory, mutate, ofType, one, recordEachHardware, vllm } from "../../support/policyFixture";

describe("policy pd-no-plaintext-secrets", () => {
    const P = "pd-no-plaintext-secrets";
    let xpu: PlannedResource[];
    let gke: PlannedResource[];

    before(async () => {
        ({ xpu, gke } = await recordEachHardware());
    });

    it("accepts the token in a Secret's stringData, where it belongs", async () => {
        const rs = mutate(xpu, (r) => {
            ofType(r, "kubernetes:core/v1:Secret").inputs.stringData = { HF_TOKEN: LEAKED };
        });
        assert.deepStrictEqual(await mandatory(rs, P), []);
    });

    it("fails an HF token anywhere in Helm values, without repeating it", async () => {
        const rs = mutate(gke, (r) => {
            vllm(r, "decode").args.push(`--hf-token=${LEAKED}`);
        });
        const m = one(
            await mandatory(rs, P),
            'Helm release "ms-pd" (namespace llm-d-pd): values.decode.containers[0].args[10] holds what looks like a Hugging Face token in plain text (hf_… (39 characters))',
            "pulumi config set --secret llm-d-pd:hfToken <token>",
        );
        assert.ok(!m.includes(LEAKED.slice(3)), "the message must not carry the token");
    });

    it("requires HF_TOKEN env from valueFrom.secretKeyRef, in values and in object specs", async () => {
        const rs = mutate(xpu, (r) => {
            vllm(r, "prefill").env.push({ name: "HF_TOKEN", value: "[secret]" });
            vllm(r, "decode").env.push({ name: "HF_TOKEN", valueFrom: { configMapKeyRef: { name: "cm", key: "HF_TOKEN" } } });
            ofType(r, "kubernetes:apps/v1:DaemonSet").inputs.spec.template.spec.containers[0].env.push({ name: "HF_TOKEN", value: "x" });
        });
        const messages = await mandatory(rs, P);
        assert.strictEqual(messages.length, 3, messages.join("\n"));
        assert.match(messages[0], /^DaemonSet "intel-gpu-plugin": env HF_TOKEN at spec\.template\.spec\.containers\[0\]\.env\[2\] has a literal value/);
        assert.match(messages[1], /^Helm release "ms-pd" .*: env HF_TOKEN at values\.decode\.containers\[0\]\.env\[4\] does not come from valueFrom\.secretKeyRef/);
        assert.match(messages[2], /^Helm release "ms-pd" .*: env HF_TOKEN at values\.prefill\.containers\[0\]\.env\[4\] has a literal value/);
        const fine = mutate(xpu, (r) => {
            vllm(r, "decode").env.push({ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "llm-d-hf-token", key: "HF_TOKEN" } } });
        });
        assert.deepStrictEqual(await mandatory(fine, P), []);
    });

    it("fails other obvious credentials", async () => {
        const rs = mutate(gke, (r) => {
            ofType(r, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").inputs.metadata.annotations = { note: "ghp_" + "a".repeat(36) };
            vllm(r, "decode").env.push({ name: "OPENAI_API_KEY", value: "plain" });
        });
        const messages = (await mandatory(rs, P)).join("\n");
        assert.match(messages, /HTTPRoute "llm-d-pd-disaggregation": metadata\.annotations\.note holds what looks like a GitHub token/);
        assert.match(messages, /env OPENAI_API_KEY at values\.decode\.containers\[0\]\.env\[1\] has a literal value, which looks like a credential/);
    });
});
