import type { PDSpec } from "../../../pdstack/spec";
import { MODEL_SERVER_PORT } from "../../vllm";

/** llm-d's scheduler: the upstream GAIE EPP image does not support P/D. */
export const EPP_IMAGE = { name: "llm-d-inference-scheduler", hub: "ghcr.io/llm-d", tag: "v0.2.1" };

/** The EPP plugin file of the quickstart: always disaggregate (threshold 0). */
export const PD_CONFIG_FILE = "pd-config.yaml";
export const PD_CONFIG = `# ALWAYS DO PD IN THIS EXAMPLE (THRESHOLD 0)
apiVersion: inference.networking.x-k8s.io/v1alpha1
kind: EndpointPickerConfig
plugins:
- type: prefill-header-handler
- type: prefill-filter
- type: decode-filter
- type: max-score-picker
- type: queue-scorer
  parameters:
    hashBlockSize: 5
    maxPrefixBlocksToMatch: 256
    lruCapacityPerServer: 31250
- type: pd-profile-handler
  parameters:
    threshold: 0
    hashBlockSize: 5
schedulingProfiles:
- name: prefill
  plugins:
  - pluginRef: prefill-filter
  - pluginRef: queue-scorer
    weight: 1.0
  - pluginRef: max-score-picker
- name: decode
  plugins:
  - pluginRef: decode-filter
  - pluginRef: queue-scorer
    weight: 1.0
  - pluginRef: max-score-picker
`;

/** The label modelservice puts on every vLLM pod, selected by the InferencePool. */
export const INFERENCE_SERVING_LABEL = "llm-d.ai/inferenceServing";

/** Values for the inferencepool release: the InferencePool and the llm-d EPP with the P/D profile. */
export function buildGaieValues(spec: PDSpec): Record<string, unknown> {
    const inferenceExtension: Record<string, unknown> = {
        replicas: 1,
        image: { ...EPP_IMAGE, pullPolicy: "Always" },
        extProcPort: 9002,
        pluginsConfigFile: PD_CONFIG_FILE,
        pluginsCustomConfig: { [PD_CONFIG_FILE]: PD_CONFIG },
    };
    if (spec.benchmarking) {
        inferenceExtension.logVerbosity = 1;
    }
    const values: Record<string, unknown> = {
        inferenceExtension,
        inferencePool: {
            targetPortNumber: MODEL_SERVER_PORT,
            modelServerType: "vllm",
            modelServers: { matchLabels: { [INFERENCE_SERVING_LABEL]: "true" } },
        },
    };
    if (spec.gatewayProfile.inferencePoolProvider) {
        values.provider = { name: spec.gatewayProfile.inferencePoolProvider };
    }
    return values;
}
