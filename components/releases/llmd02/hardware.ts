/**
 * What each hardware profile's vLLM pods look like on llm-d 0.2, as data: the image llm-d built for it
 * and what upstream's modelservice values set for it (llm-d-infra `quickstart/examples/pd-disaggregation`
 * at e9811e692b4038d22cecc9b1fdcd84d069f8405a: `ms-pd.values.yaml`, `ms-pd.values-xpu.yaml`).
 */
import type { HardwareName } from "../../pdstack/hardware";

export interface Llmd02ModelServer {
    /** The vLLM image (with the NIXL connector) llm-d built for this hardware. */
    vllmImage: string;
    /** NIXL `kv_buffer_device`; unset means vLLM's default (the accelerator's memory). */
    kvBufferDevice?: string;
    /** Extra environment for every vLLM container. */
    extraEnv: { name: string; value: string }[];
    /** Size of the in-memory `/dev/shm` volume of each vLLM pod. */
    shmSize: string;
}

const NVIDIA: Llmd02ModelServer = { vllmImage: "ghcr.io/llm-d/llm-d:v0.2.0", extraEnv: [], shmSize: "16Gi" };

export const LLMD02_MODEL_SERVERS: Record<HardwareName, Llmd02ModelServer> = {
    "h200-ib": NVIDIA,
    gke: NVIDIA,
    xpu: {
        vllmImage: "ghcr.io/llm-d/llm-d-xpu:v0.2.2",
        kvBufferDevice: "cpu",
        extraEnv: [
            { name: "UCX_TLS", value: "tcp" },
            { name: "VLLM_WORKER_MULTIPROC_METHOD", value: "spawn" },
            { name: "VLLM_USE_V1", value: "1" },
        ],
        shmSize: "8Gi",
    },
};
