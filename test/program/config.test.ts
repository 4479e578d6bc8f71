/**
 * program/config.ts: the stack config as the program reads it under `pulumi up`, where the CLI has
 * already applied Pulumi.yaml. Config is set as the engine sets it: values as text, and the keys
 * whose values are encrypted (`config.SecureKeys()`).
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { loadProgramConfig } from "../../program/config";
import { TOKEN } from "../support/tokens";


/** Sets the `llm-d-pd:` config as the language host does: objects as JSON, `secret` keys encrypted. */
function setConfig(config: Record<string, unknown>, secret: string[] = []): void {
    const values = Object.fromEntries(Object.entries(config).map(([k, v]) => [`llm-d-pd:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
    pulumi.runtime.setAllConfig(values, secret.map((k) => `llm-d-pd:${k}`));
}

/** The error loadProgramConfig throws; it must be a RunError, which `pulumi up` prints without a stack trace. */
function inputError(config: Record<string, unknown>, secret: string[] = []): string {
    setConfig(config, secret);
    try {
        loadProgramConfig("cluster");
    } catch (e) {
        assert.ok(pulumi.RunError.isInstance(e as Error), `not a RunError: ${(e as Error).stack}`);
        assert.ok(!(e as Error).message.includes(TOKEN), "the message holds the token");
        return (e as Error).message;
    }
    assert.fail("expected an input error");
}

describe("program/config: the stack config the program accepts", () => {
    after(() => pulumi.runtime.setAllConfig({}, []));

    it("refuses a token stored in plain text, naming the key and the command that fixes it", () => {
        assert.strictEqual(
            inputError({ hardware: "xpu", hfToken: TOKEN }),
            "invalid stack configuration:\n  llm-d-pd:hfToken: is stored in plain text in the stack's config; store it encrypted: pulumi config set --secret hfToken <token>",
        );
    });

    it("passes an encrypted token to PDStack as a Pulumi secret", async () => {
        setConfig({ hardware: "xpu", hfToken: TOKEN }, ["hfToken"]);
        const { pdStack } = loadProgramConfig("cluster");
        assert.ok(pulumi.Output.isInstance(pdStack.hfToken));
        assert.strictEqual(await pulumi.isSecret(pdStack.hfToken as pulumi.Output<string>), true);
    });

    it("requires the token unless existingHfTokenSecret is set, and not both (one rule with PDStackArgs)", () => {
        assert.strictEqual(
            inputError({ hardware: "xpu", hfToken: "" }),
            "invalid stack configuration:\n  llm-d-pd:hfToken: is required unless existingHfTokenSecret names a Secret with key HF_TOKEN " +
                "(stack config: pulumi config set --secret hfToken <token>, or pulumi config set existingHfTokenSecret <name>)",
        );
        assert.strictEqual(
            inputError({ hardware: "xpu", hfToken: TOKEN, existingHfTokenSecret: "my-hf" }, ["hfToken"]),
            'invalid stack configuration:\n  llm-d-pd:hfToken: give either hfToken or existingHfTokenSecret ("my-hf"), not both',
        );
        setConfig({ hardware: "xpu", hfToken: "", existingHfTokenSecret: "my-hf" });
        assert.strictEqual(loadProgramConfig("cluster").pdStack.hfToken, undefined);
    });

    it("refuses an encrypted value of another key, which PDStack would use in plain text, without echoing it", () => {
        assert.strictEqual(
            inputError({ hardware: "xpu", namespace: TOKEN, hfToken: TOKEN }, ["hfToken", "namespace"]),
            "invalid stack configuration:\n  llm-d-pd:namespace: is stored encrypted, but PDStack uses it in plain text (names, Helm values) " +
                "and only hfToken is a secret: pulumi config set namespace <value>",
        );
    });

    it("says what shape a key needs in our words, not zod's", () => {
        const message = inputError({ hardware: "xpu", prefill: "abc", hfToken: TOKEN }, ["hfToken"]);
        assert.match(message, /^invalid PDStack configuration:\n {2}llm-d-pd:prefill: must be an object; known keys: replicas, tensorParallelSize, resources\b.* \(got "abc"\)$/);
        assert.doesNotMatch(message, /Invalid input/);
    });

    it("reports a created cluster that cannot serve the stack as a RunError with the one header style", () => {
        const message = inputError({ hardware: "xpu", gkeCluster: { create: true, region: "us-central1", gpuType: "nvidia-h100-80gb" }, hfToken: TOKEN }, ["hfToken"]);
        assert.match(message, /^invalid stack configuration:\n {2}llm-d-pd:gkeCluster\.create: a created GKE cluster has NVIDIA GPUs without RDMA/);
    });

    it("names an unknown key's nearest known key, and lists every key the stack takes (hfToken, gkeCluster)", () => {
        const message = inputError({ hardwre: "xpu", existingHfTokenSecret: "tok" });
        const found = message.split("\n").slice(1).map((l) => l.trim());
        const typo = found.find((l) => l.startsWith("llm-d-pd:hardwre")) ?? "";
        const missing = found.find((l) => l.startsWith("llm-d-pd:hardware")) ?? "";
        assert.match(typo, /^llm-d-pd:hardwre: is not a known key; known keys: hardware, .*, hfToken, gkeCluster; did you mean hardware\?$/);
        assert.match(missing, /^llm-d-pd:hardware: is required/);
    });

    it("says to quote llmdVersion when it arrives as the text of a number (an unquoted 0.10 arrives as 0.1)", () => {
        assert.match(inputError({ hardware: "xpu", existingHfTokenSecret: "tok", llmdVersion: "0.1" }), /llm-d-pd:llmdVersion: must be one of 0\.2, 0\.9, written as a quoted string: an unquoted version is a number to YAML \(0\.10 reads as 0\.1\); quote it: llmdVersion: "0\.9" \(got "0\.1"\)/);
        assert.match(inputError({ hardware: "xpu", existingHfTokenSecret: "tok", llmdVersion: "0.3" }), /llm-d-pd:llmdVersion: must be one of 0\.2, 0\.9 \(got "0\.3"\)/);
    });

    it("shows a number JavaScript cannot hold as the stack wrote it, never as null or a rounded number", () => {
        const message = inputError({ hardware: "xpu", existingHfTokenSecret: "tok", maxModelLen: "1e309", prefill: '{"replicas":9223372036854775808}', readyTimeoutSeconds: "-1e309" });
        assert.ok(message.includes('llm-d-pd:maxModelLen: must be a positive integer (got "1e309")'), message);
        assert.ok(message.includes('llm-d-pd:prefill.replicas: must be a positive integer (got "9223372036854775808")'), message);
        assert.ok(message.includes('llm-d-pd:readyTimeoutSeconds: must be a positive integer (got "-1e309")'), message);
        assert.ok(!message.includes("null") && !message.includes("9223372036854776000"), message);
    });
});
