/**
 * The hardware an install's model servers run on: their PDStack parent's `hardware`, else what the
 * extended resources their vLLM containers request say.
 */
import { HARDWARE, HardwareName, INTEL_GPU, NVIDIA_GPU, RDMA_IB } from "../pdstack/hardware";
import { PDSTACK_TYPE } from "../tokens";
import type { ModelServerInstall } from "./modelServerView";
import { resourcesOf, VllmContainer } from "./vllmContainers";

/** The hardware an install runs on, and how the pack knows. */
export interface HardwareChoice {
    name?: HardwareName;
    /** For messages: `hardware "xpu" (PDStack "llm-d-pd")` or `hardware "gke" (inferred from the requested nvidia.com/gpu)`. */
    how: string;
}

function isHardwareName(v: unknown): v is HardwareName {
    return typeof v === "string" && Object.prototype.hasOwnProperty.call(HARDWARE, v);
}

/** Hardware from the extended resources the vLLM containers request. */
export function inferHardware(containers: readonly VllmContainer[]): HardwareChoice {
    const asked = new Set<string>();
    for (const c of containers) {
        const { limits, requests } = resourcesOf(c);
        Object.keys(limits).forEach((k) => asked.add(k));
        Object.keys(requests).forEach((k) => asked.add(k));
    }
    const name: HardwareName | undefined = asked.has(INTEL_GPU) ? "xpu" : asked.has(NVIDIA_GPU) ? (asked.has(RDMA_IB) ? "h200-ib" : "gke") : undefined;
    if (!name) {
        return { how: "unknown hardware (no PDStack parent says, and no container requests an accelerator)" };
    }
    const from = [INTEL_GPU, NVIDIA_GPU, RDMA_IB].filter((r) => asked.has(r)).join(" and ");
    return { name, how: `hardware "${name}" (inferred from the requested ${from})` };
}

/** The vLLM containers of an install, prefill first. */
export function installContainers(install: ModelServerInstall): VllmContainer[] {
    return [...(install.roles.prefill?.containers ?? []), ...(install.roles.decode?.containers ?? [])];
}

/** The hardware of an install: its PDStack parent's `hardware`, else inferred from the requested resources. */
export function hardwareOf(install: ModelServerInstall): HardwareChoice {
    const parent = install.anchor.parent;
    if (parent?.type === PDSTACK_TYPE && isHardwareName(parent.props.hardware)) {
        return { name: parent.props.hardware, how: `hardware "${parent.props.hardware}" (PDStack "${parent.name}")` };
    }
    return inferHardware(installContainers(install));
}
