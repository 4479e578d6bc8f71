/** components/pdstack/access.ts: the commands that reach an install, per gateway. */
import * as assert from "assert";
import { execFileSync } from "child_process";
import { gatewayAccess } from "../../../components/pdstack/access";
import { resolveSpec } from "../../../components/pdstack/spec";

/** The reach-the-endpoint fields (the smoke command is tested with the smoke check). */
const reach = ({ gatewayServiceName, portForwardCommand, gatewayAddressCommand, curlCommand }: ReturnType<typeof gatewayAccess>) =>
    JSON.parse(JSON.stringify({ gatewayServiceName, portForwardCommand, gatewayAddressCommand, curlCommand }));

const CURL_BODY = `-H 'Content-Type: application/json' -d '{"model":"RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic","prompt":"Explain prefill/decode disaggregation in one sentence.","max_tokens":64}'`;

describe("pdstack/access: how a user reaches the endpoint", () => {
    it("in-cluster gateways: port-forward to the gateway's Service, then curl localhost", () => {
        const istio = gatewayAccess(resolveSpec({ hardware: "h200-ib", gateway: "istio", namespace: "team", releasePostfix: "llama" }, "PDStackArgs"));
        assert.deepStrictEqual(reach(istio), {
            gatewayServiceName: "infra-llama-inference-gateway-istio",
            portForwardCommand: "kubectl port-forward -n team service/infra-llama-inference-gateway-istio 8000:80",
            curlCommand: `curl -s http://localhost:8000/v1/completions ${CURL_BODY}`,
        });
        const kgateway = gatewayAccess(resolveSpec({ hardware: "h200-ib", gateway: "kgateway" }, "PDStackArgs"));
        assert.strictEqual(kgateway.portForwardCommand, "kubectl port-forward -n llm-d-pd service/infra-pd-inference-gateway 8000:80");
        assert.strictEqual(kgateway.gatewayAddressCommand, undefined);
    });

    it("gke: no Service to port-forward to; the Gateway's load balancer address, and a curl that uses it", () => {
        const gke = gatewayAccess(resolveSpec({ hardware: "gke", namespace: "team" }, "PDStackArgs"));
        const address = "kubectl get gateway -n team infra-pd-inference-gateway -o jsonpath='{.status.addresses[0].value}'";
        assert.deepStrictEqual(reach(gke), {
            gatewayAddressCommand: address,
            curlCommand: `curl -s http://$(${address})/v1/completions ${CURL_BODY}`,
        });
    });

    it("curl sends the served model name as JSON through the shell, whatever characters the name has", () => {
        const name = `team's "llama" $HOME \\ model`;
        const { curlCommand } = gatewayAccess(resolveSpec({ hardware: "h200-ib", model: { uri: "hf://org/llama", name } }, "PDStackArgs"));
        // The shell's words after `curl`, one per line: the -d word must be the request body, unchanged.
        const words = execFileSync("/bin/sh", ["-c", `printf '%s\\n' ${curlCommand.slice("curl ".length)}`], { encoding: "utf8" }).split("\n");
        const body = JSON.parse(words[words.indexOf("-d") + 1]);
        assert.strictEqual(body.model, name);
    });
});
