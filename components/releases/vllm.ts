/**
 * What the model servers of every release profile share: vLLM's two P/D roles, its NIXL connector and
 * side-channel variable, the KV-transfer flag it reads, and the ports llm-d runs vLLM on (prefill on
 * the pool's port, decode behind the routing sidecar). Facts of vLLM and llm-d's layout, not of one
 * llm-d release.
 */

export type Role = "prefill" | "decode";
export const ROLES: readonly Role[] = ["prefill", "decode"];

/**
 * The pod label that says which P/D role a model server plays (llm-d's prefill and decode filters
 * read it): llm-d-modelservice v0.2.7 sets it on its Deployments' pods (`templates/_helpers.tpl`,
 * `llm-d-modelservice.prefilllabels`/`decodelabels`), and so do llm-d v0.9's guide and PDStack's 0.9 Deployments.
 */
export const ROLE_LABEL = "llm-d.ai/role";
/**
 * The volume the model lives on in a model server's pod: llm-d-modelservice v0.2.7 names it so
 * (`templates/_helpers.tpl`, `llm-d-modelservice.mountModelVolumeVolumes`: an emptyDir for `hf://`,
 * the claim for `pvc://`), and so does PDStack's llm-d 0.9 Deployment.
 */
export const MODEL_VOLUME = "model-storage";

/** vLLM's KV connector over NIXL. */
export const NIXL_CONNECTOR = "NixlConnector";
/** vLLM reads the host NIXL advertises to its peers from this variable; PDStack sets it to the pod IP. */
export const NIXL_SIDE_CHANNEL_HOST_ENV = "VLLM_NIXL_SIDE_CHANNEL_HOST";
/** The connector protocol the routing (disaggregation) sidecar speaks to vLLM (`--connector`, `--kv-connector`). */
export const ROUTING_SIDECAR_CONNECTOR = "nixlv2";

/** The port the InferencePool targets: prefill's vLLM, and decode's routing sidecar. */
export const MODEL_SERVER_PORT = 8000;
/** Where decode's vLLM listens behind the sidecar. */
export const DECODE_VLLM_PORT = 8200;

/** vLLM's own default for `--port`. */
export const VLLM_DEFAULT_PORT = 8000;
/** The flag that sets the port vLLM's API server listens on. */
export const VLLM_PORT_FLAG = "--port";
/**
 * Paths vLLM's OpenAI-compatible API server answers a GET on with 200 once it serves (vllm
 * `vllm/entrypoints/openai/api_server.py`: `/health`, `/ping`, `/v1/models`, `/version`, `/metrics`):
 * the paths a probe of a vLLM container can use.
 */
export const VLLM_PROBE_PATHS = ["/health", "/ping", "/v1/models", "/version", "/metrics"] as const;

/** The port vLLM listens on: prefill serves the pool's port itself, decode sits behind the sidecar. */
export function vllmPortOf(role: Role): number {
    return role === "decode" ? DECODE_VLLM_PORT : MODEL_SERVER_PORT;
}

/** vLLM's `--kv-transfer-config` for a P/D pod (`kv_both`), written as upstream writes it. */
export function kvTransferConfig(kvBufferDevice?: string): string {
    const fields: [string, string][] = [
        ["kv_connector", NIXL_CONNECTOR],
        ["kv_role", "kv_both"],
    ];
    if (kvBufferDevice) {
        fields.push(["kv_buffer_device", kvBufferDevice]);
    }
    return `{${fields.map(([k, v]) => `"${k}":"${v}"`).join(", ")}}`;
}
