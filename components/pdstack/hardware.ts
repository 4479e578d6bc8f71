/**
 * Hardware profiles as data: what each supported accelerator platform is (its accelerators, whether it
 * has InfiniBand, the device plugin it needs), and the upstream defaults (model, replicas, tensor
 * parallelism, resources) for it. What a release's vLLM pods need on it (image, NIXL buffer, env) is
 * the release profile's (components/releases/<profile>/).
 */

/** The hardware names accepted by `hardware` (stack config and {@link PDStackArgs}). */
export const HARDWARE_NAMES = ["h200-ib", "gke", "xpu"] as const;
export type HardwareName = (typeof HARDWARE_NAMES)[number];

/** Extended resource names PDStack may request for a vLLM container. */
export const NVIDIA_GPU = "nvidia.com/gpu";
export const INTEL_GPU = "gpu.intel.com/i915";
export const RDMA_IB = "rdma/ib";

/** cpu and memory quantities, as Kubernetes writes them. */
export interface CpuMemory {
    cpu: string;
    memory: string;
}

/** Defaults for one vLLM role (prefill or decode). */
export interface RoleDefaults {
    replicas: number;
    tensorParallelSize: number;
    limits: CpuMemory;
    requests: CpuMemory;
}

/** A model as the modelservice chart takes it. */
export interface ModelDefaults {
    uri: string;
    name: string;
    size: string;
}

export interface HardwareProfile {
    /** One line for the README and error messages. */
    description: string;
    /** The extended resource one accelerator is requested as. */
    acceleratorResource: string;
    /** Accelerators one node offers: the ceiling for one pod's tensor parallel size. */
    acceleratorsPerNode: number;
    /** Whether vLLM containers request one `rdma/ib` (InfiniBand) for NIXL. */
    rdma: boolean;
    /** Whether the Intel GPU device plugin must run on the cluster to expose the accelerators. */
    needsIntelGpuPlugin: boolean;
    /** The gateway provider used when the config names none. */
    defaultGateway: string;
    model: ModelDefaults;
    prefill: RoleDefaults;
    decode: RoleDefaults;
}

const LLAMA_70B_FP8: ModelDefaults = {
    uri: "hf://RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic",
    name: "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic",
    size: "100Gi",
};

const NVIDIA_PREFILL: RoleDefaults = {
    replicas: 4,
    tensorParallelSize: 1,
    limits: { cpu: "8", memory: "64Gi" },
    requests: { cpu: "8", memory: "64Gi" },
};

const NVIDIA_DECODE: RoleDefaults = {
    replicas: 1,
    tensorParallelSize: 4,
    limits: { cpu: "16", memory: "64Gi" },
    requests: { cpu: "16", memory: "64Gi" },
};

export const HARDWARE: Record<HardwareName, HardwareProfile> = {
    "h200-ib": {
        description: "8x NVIDIA H200 with InfiniBand (RDMA) between pods",
        acceleratorResource: NVIDIA_GPU,
        acceleratorsPerNode: 8,
        rdma: true,
        needsIntelGpuPlugin: false,
        defaultGateway: "istio",
        model: LLAMA_70B_FP8,
        prefill: NVIDIA_PREFILL,
        decode: NVIDIA_DECODE,
    },
    gke: {
        description: "GKE with NVIDIA GPUs (H200 or H100), no RDMA",
        acceleratorResource: NVIDIA_GPU,
        acceleratorsPerNode: 8,
        rdma: false,
        needsIntelGpuPlugin: false,
        defaultGateway: "gke",
        model: LLAMA_70B_FP8,
        prefill: NVIDIA_PREFILL,
        decode: NVIDIA_DECODE,
    },
    xpu: {
        description: "Intel Data Center GPU Max (XPU), KV cache over TCP",
        acceleratorResource: INTEL_GPU,
        acceleratorsPerNode: 4,
        rdma: false,
        needsIntelGpuPlugin: true,
        defaultGateway: "istio",
        model: {
            uri: "hf://deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
            name: "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
            size: "10Gi",
        },
        prefill: {
            replicas: 2,
            tensorParallelSize: 1,
            limits: { cpu: "4", memory: "24Gi" },
            requests: { cpu: "2", memory: "12Gi" },
        },
        decode: {
            replicas: 1,
            tensorParallelSize: 2,
            limits: { cpu: "8", memory: "24Gi" },
            requests: { cpu: "4", memory: "12Gi" },
        },
    },
};

/** Extended resources that no vLLM container may request on this hardware. */
export function forbiddenResources(profile: HardwareProfile): string[] {
    const all = [NVIDIA_GPU, INTEL_GPU, RDMA_IB];
    return all.filter((r) => r !== profile.acceleratorResource && !(r === RDMA_IB && profile.rdma));
}
