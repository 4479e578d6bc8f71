/**
 * How a user reaches an install's OpenAI-compatible endpoint, as the commands PDStack outputs.
 *
 * In-cluster gateways (istio, kgateway) put a Service in front of the Gateway: port-forward to it,
 * as upstream's quickstart does. GKE's gateway class is a Google Cloud load balancer with no
 * Service in the cluster: the Gateway's `status.addresses` holds the load balancer's address.
 */
import { RELEASE_PROFILES } from "../releases";
import { PDSpec } from "./spec";

/** Local port of the port-forward; the Gateway listens on 80. */
export const PORT_FORWARD_LOCAL_PORT = 8000;

export interface GatewayAccess {
    /** The Service in front of the Gateway; absent when the gateway has none in the cluster. */
    gatewayServiceName?: string;
    /** `kubectl port-forward` to that Service on localhost:8000; absent when there is no Service. */
    portForwardCommand?: string;
    /** `kubectl get gateway` printing the load balancer's address; only for load-balancer gateways. */
    gatewayAddressCommand?: string;
    /** A completion request with the served model name, to wherever the endpoint is. */
    curlCommand: string;
    /** `npm run smoke` (from a PDStack checkout) against the same endpoint and model. */
    smokeCommand: string;
}

/** The prompt of the sample requests (curlCommand, and the smoke check's default). */
export const SAMPLE_PROMPT = "Explain prefill/decode disaggregation in one sentence.";

function curl(baseUrl: string, modelName: string): string {
    const body = JSON.stringify({ model: modelName, prompt: SAMPLE_PROMPT, max_tokens: 64 });
    return `curl -s ${baseUrl}/v1/completions -H 'Content-Type: application/json' -d ${shellWord(body)}`;
}

/** A value as one shell word: as is when it has no shell syntax, else single-quoted. */
function shellWord(value: string): string {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The smoke check (smoke/ in this repository) of the endpoint at `baseUrl`, a shell word. */
function smoke(baseUrl: string, modelName: string): string {
    return `npm run smoke -- --endpoint ${baseUrl} --model ${shellWord(modelName)}`;
}

/** The commands that reach the install built from `spec`. */
export function gatewayAccess(spec: PDSpec): GatewayAccess {
    const { namespace } = spec;
    // The release names the Gateway and the Service in front of it (on 0.9 standalone: no Gateway,
    // clients reach the EPP Service's Envoy).
    const names = RELEASE_PROFILES[spec.llmdVersion].endpoint(spec);
    if (spec.gatewayProfile.loadBalancer && names.gateway) {
        const gatewayAddressCommand = `kubectl get gateway -n ${namespace} ${names.gateway} -o jsonpath='{.status.addresses[0].value}'`;
        const baseUrl = `http://$(${gatewayAddressCommand})`;
        return { gatewayAddressCommand, curlCommand: curl(baseUrl, spec.model.name), smokeCommand: smoke(baseUrl, spec.model.name) };
    }
    const baseUrl = `http://localhost:${PORT_FORWARD_LOCAL_PORT}`;
    return {
        gatewayServiceName: names.gatewayService,
        portForwardCommand: `kubectl port-forward -n ${namespace} service/${names.gatewayService} ${PORT_FORWARD_LOCAL_PORT}:80`,
        curlCommand: curl(baseUrl, spec.model.name),
        smokeCommand: smoke(baseUrl, spec.model.name),
    };
}
