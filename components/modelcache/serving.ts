/** What the vLLM pods get when they serve the model from the cache instead of the hub. */

/**
 * Hugging Face's offline switch, set on every vLLM container that serves from the cache: vLLM then
 * loads the claim's files and never reaches the hub (a missing file fails fast instead of starting a
 * download in each pod).
 */
export const HF_HUB_OFFLINE_ENV = { name: "HF_HUB_OFFLINE", value: "1" } as const;
