/** The upstream commits llm-d 0.2's pins were read from. */
import type { UpstreamSource } from "../pins";

/** llm-d-incubation/llm-d-infra at PR 211 (adds the xpu environment): the P/D quickstart and its helmfiles. */
export const INFRA_QUICKSTART_COMMIT = "e9811e692b4038d22cecc9b1fdcd84d069f8405a";

/** A file of the P/D quickstart at that commit. */
export function quickstart(path: string, note?: string): UpstreamSource {
    return { repository: "llm-d-incubation/llm-d-infra", path, commit: INFRA_QUICKSTART_COMMIT, ...(note ? { note } : {}) };
}
