/**
 * The llm-d release profiles PDStack deploys (`llmdVersion`): which generation of llm-d's P/D path an
 * install follows. One list, read by the schema, the gateway profiles and the wiring.
 */

/**
 * `0.2`: llm-d as of September 2025 (llm-d-infra, inferencepool v0.5.1 with
 * `inference.networking.x-k8s.io/v1alpha2`, llm-d-modelservice). `0.10`: today's llm-d (llm-d-router
 * v0.10.0 charts, InferencePool `inference.networking.k8s.io/v1`, PDStack's own model-server objects).
 */
export const LLMD_VERSIONS = ["0.2", "0.10"] as const;
export type LlmdVersion = (typeof LLMD_VERSIONS)[number];

/** Existing stacks keep deploying what they deployed. */
export const DEFAULT_LLMD_VERSION: LlmdVersion = "0.2";
