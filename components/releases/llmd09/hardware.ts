/**
 * What each hardware profile's vLLM pods look like in llm-d 0.9, as data: the guide's model-server
 * overlay each follows, and what that overlay sets beyond the common base (image, flags, env,
 * volumes, probe timings). Replicas, tensor parallelism, cpu and memory stay PDStack's (`PDSpec`).
 */
import type * as k8s from "@pulumi/kubernetes";
import { HardwareName } from "../../pdstack/hardware";
import { ImagePin, VLLM_IMAGES } from "./versions";

type EnvVar = k8s.types.input.core.v1.EnvVar;

/** Probe timings of the vLLM container (the HTTP checks themselves are common). */
export interface ProbeTimings {
    startup: { initialDelaySeconds: number; periodSeconds: number; timeoutSeconds: number; failureThreshold: number };
    liveness: { periodSeconds: number; timeoutSeconds: number; failureThreshold: number };
    readiness: { periodSeconds: number; timeoutSeconds: number; failureThreshold: number };
}

export interface ModelServerProfile {
    /** The guide overlay this profile follows, under `guides/pd-disaggregation/modelserver/`. */
    upstreamOverlay: string;
    /** Values of the `llm-d.ai/accelerator-variant` and `llm-d.ai/accelerator-vendor` labels. */
    acceleratorVariant: string;
    acceleratorVendor: string;
    /** The pinned vLLM image of both roles. */
    image: ImagePin;
    /** vLLM `--block-size`. */
    blockSize: number;
    /** Flags the overlay passes right after the model; the common ones follow them. */
    leadingFlags: string[];
    /** Flags the overlay passes after `--kv-transfer-config`. */
    trailingFlags: string[];
    /** NIXL `kv_buffer_device`; unset means vLLM's default (the accelerator's memory). */
    kvBufferDevice?: string;
    /** Environment the overlay sets besides `HF_TOKEN` and the NIXL side channel host. */
    extraEnv: EnvVar[];
    /** Size of the in-memory `/dev/shm`. */
    shmSize: string;
    /** Whether the pods mount the `/.config` (vllm-config) and `/.triton` (triton-cache) emptyDirs. */
    configAndTritonCaches: boolean;
    probes: ProbeTimings;
    /** Pod security context, when the overlay sets one. */
    podSecurityContext?: k8s.types.input.core.v1.PodSecurityContext;
    /** Pod tolerations, when the overlay sets them. */
    tolerations?: k8s.types.input.core.v1.Toleration[];
}

const NVIDIA_PROBES: ProbeTimings = {
    startup: { initialDelaySeconds: 15, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 120 },
    liveness: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
};

const NVIDIA: Omit<ModelServerProfile, "upstreamOverlay"> = {
    acceleratorVariant: "gpu",
    acceleratorVendor: "nvidia",
    image: VLLM_IMAGES.nvidia,
    blockSize: 128,
    leadingFlags: ["--disable-access-log-for-endpoints=/health,/metrics,/v1/models"],
    trailingFlags: ["--no-disable-hybrid-kv-cache-manager"],
    extraEnv: [],
    shmSize: "20Gi",
    configAndTritonCaches: true,
    probes: NVIDIA_PROBES,
};

export const MODEL_SERVERS: Record<HardwareName, ModelServerProfile> = {
    /** The CoreWeave overlay: the base plus one `rdma/ib` per pod (InfiniBand), as on h200-ib. */
    "h200-ib": { ...NVIDIA, upstreamOverlay: "gpu/vllm/coreweave" },
    /**
     * The GKE overlay with its tolerations: the GPU node taint, and the `kubernetes.io/arch` taint GKE
     * puts on Arm nodes (upstream's A4X, GB200, overlay runs the same image there). Without its RDMA
     * parts: the DRA/DRANET RoCE claims in place of `nvidia.com/gpu`, `UCX_IB_ROCE_REACHABILITY_MODE`,
     * and the gIB NCCL tuner patch (the `gke-rdma` component). PDStack's gke hardware (and GkeCluster)
     * has device-plugin GPUs and no RDMA.
     */
    gke: {
        ...NVIDIA,
        upstreamOverlay: "gpu/vllm/gke/base (without its RDMA component and claims)",
        tolerations: [
            { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
            { key: "kubernetes.io/arch", operator: "Exists", effect: "NoSchedule" },
        ],
    },
    /** The Intel XPU overlay (llm-d's XPU image), KV cache over TCP; GPUs through the Intel device plugin instead of DRA claims. */
    xpu: {
        upstreamOverlay: "xpu/vllm",
        acceleratorVariant: "xpu",
        acceleratorVendor: "intel",
        image: VLLM_IMAGES.xpu,
        blockSize: 64,
        leadingFlags: ["--disable-uvicorn-access-log"],
        trailingFlags: [],
        kvBufferDevice: "cpu",
        extraEnv: [
            { name: "UCX_TLS", value: "tcp" },
            { name: "VLLM_NIXL_SIDE_CHANNEL_PORT", value: "5600" },
            { name: "VLLM_USE_V1", value: "1" },
            { name: "TORCH_LLM_ALLREDUCE", value: "1" },
            { name: "VLLM_WORKER_MULTIPROC_METHOD", value: "spawn" },
        ],
        shmSize: "16Gi",
        configAndTritonCaches: false,
        probes: {
            startup: { initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 60 },
            liveness: { periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 20 },
            readiness: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
        },
        podSecurityContext: { fsGroup: 107, supplementalGroups: [107] },
    },
};
