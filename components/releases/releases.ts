/**
 * The llm-d releases PDStack has a profile for (`llmdVersion`), named as upstream released them, and
 * the names a user may write that are not (or no longer) a profile. One list, which the table of
 * profiles (./index.ts) must cover row for row.
 */

/**
 * `0.2`: llm-d v0.2 (September 2025: llm-d-infra, inferencepool v0.5.1 with
 * `inference.networking.x-k8s.io/v1alpha2`, llm-d-modelservice). `0.9`: llm-d v0.9 (August 2026:
 * llm-d-router v0.10.0 charts, InferencePool `inference.networking.k8s.io/v1`, PDStack's own
 * model-server objects).
 */
export const LLMD_RELEASES = ["0.2", "0.9"] as const;
export type LlmdRelease = (typeof LLMD_RELEASES)[number];

/** Existing stacks keep deploying what they deployed. */
export const DEFAULT_LLMD_RELEASE: LlmdRelease = "0.2";

/**
 * Names a user may write for `llmdVersion` that are no profile, and why: each message says what to
 * write instead. `0.10` was PDStack's name for the profile now called `0.9` (it followed llm-d-router
 * v0.10.0, which ships with llm-d v0.9); llm-d's own v0.10.0 and v1.0 are later releases with no profile
 * yet (their router chart, images and EPP config could not be read at a tag). The versions named here are
 * the 0.9 profile's pins (test/components/releases/llmd09/pins.test.ts holds them to it).
 */
export const NOT_A_RELEASE: Readonly<Record<string, string>> = {
    "0.10":
        'llm-d v0.10 has no PDStack profile yet. The profile PDStack called "0.10" is "0.9", llm-d v0.9.0\'s P/D guide: ' +
        "llm-d-router v0.10.0, vLLM v0.26.0, InferencePool v1, istio 1.29.2 or agentgateway v1.1.0; " +
        'write "0.9" (it runs llm-d v0.9.0\'s vLLM and EPP config, where "0.10" ran llm-d v0.8\'s vLLM v0.23.0)',
    "1.0": 'llm-d v1.0 has no PDStack profile yet; "0.9" (llm-d v0.9.0) is the newest profile',
};
