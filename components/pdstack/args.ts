/**
 * The arguments of `PDStack`: the public, documented input of the component. Plain data (no
 * unions, no functions), so that the component package schema can describe it.
 */
import * as pulumi from "@pulumi/pulumi";

/** cpu and memory of a vLLM container. */
export interface CpuMemoryArgs {
    /** CPU quantity, e.g. `"8"` or `"500m"`. Default: the hardware's value. */
    cpu?: string;
    /** Memory quantity, e.g. `"64Gi"`. Default: the hardware's value. */
    memory?: string;
}

/** Requests and limits of a vLLM container; accelerators follow from `tensorParallelSize`. */
export interface RoleResourcesArgs {
    /** Limits of the vLLM container. Default: h200-ib and gke: prefill cpu 8 / 64Gi, decode cpu 16 / 64Gi; xpu: prefill 4 / 24Gi, decode 8 / 24Gi. */
    limits?: CpuMemoryArgs;
    /** Requests of the vLLM container. Default: h200-ib and gke: equal to the limits; xpu: prefill 2 / 12Gi, decode 4 / 12Gi. */
    requests?: CpuMemoryArgs;
}

/** One vLLM role: prefill workers or decode workers. */
export interface RoleArgs {
    /** Number of vLLM pods of this role, an integer. Default: h200-ib and gke: prefill 4, decode 1; xpu: prefill 2, decode 1. */
    replicas?: number;
    /**
     * Tensor parallel size of each pod, an integer: vLLM's `--tensor-parallel-size` and the number of accelerators
     * (`nvidia.com/gpu` or `gpu.intel.com/i915`) the pod requests. Prefill's may not exceed decode's.
     * Default: h200-ib and gke: prefill 1, decode 4; xpu: prefill 1, decode 2.
     */
    tensorParallelSize?: number;
    /** cpu and memory requests and limits. Default: the hardware's. */
    resources?: RoleResourcesArgs;
}

/** The model to serve. */
export interface ModelArgs {
    /** Where vLLM loads the model from: `hf://<org>/<model>` or `pvc://<claim>/<path>`. Required when `model` is given. */
    uri: string;
    /** The served model name: the `model` field of OpenAI requests. Required when `model` is given. */
    name: string;
    /** Size of the volume the model is downloaded to. Default: h200-ib and gke: `100Gi`; xpu: `10Gi`. */
    size?: string;
}

/**
 * The model cache: a PersistentVolumeClaim that a Job fills once from the Hugging Face hub, which
 * prefill and decode then mount read-only instead of each downloading the model.
 */
export interface ModelCacheArgs {
    /** Download the model once into a claim and serve it from there (an `hf://` model only; a `pvc://` model is served as it is). Default: false. */
    enabled?: boolean;
    /**
     * StorageClass of the claim; it must offer `accessMode`. Required with ReadWriteMany (a default class is nearly always
     * ReadWriteOnce only), except on the GkeCluster the program creates, whose Filestore class it then uses. `pulumi preview`
     * reads the class from the cluster: a missing class, or a ReadWriteMany claim of a class of block disks (GCE PD, EBS,
     * Azure Disk, DigitalOcean), fails it. Default: with ReadWriteOnce, the cluster's default class.
     */
    storageClassName?: string;
    /** Size of the claim. Default: the model's `size`. */
    size?: string;
    /**
     * `ReadWriteMany` (pods on any node read it) or `ReadWriteOnce` (one node only; the `pd-model-cache-access`
     * policy rejects it when the pods may land on several nodes). Default: "ReadWriteMany".
     */
    accessMode?: string;
    /** Keep the claim and its data in the cluster on `pulumi destroy` (and when a new model or size replaces it). Default: false. */
    retainOnDelete?: boolean;
}

/** How KEDA scales one role (prefill or decode). */
export interface RoleScalingArgs {
    /**
     * Fewest pods, an integer. 0 only for prefill and only with `deciderFallback: "decode-only"` (with no prefill pod Ready the
     * EPP serves whole requests on decode). Default: 1.
     */
    minReplicas?: number;
    /** Most pods, an integer; the GPU budget checks count this many. Default: the role's `replicas`. */
    maxReplicas?: number;
    /**
     * What the role scales on. prefill: `inflight-prompt-tokens` (uncached prompt tokens the EPP sent to prefill and
     * not yet prefilled) or `waiting-requests` (requests queued in prefill's vLLM); decode: `kv-cache-usage` (decode's
     * KV cache in use, 0 to 1) or `running-requests` (requests decode's vLLM runs).
     * Default: prefill `inflight-prompt-tokens`, decode `kv-cache-usage`.
     */
    metric?: string;
    /**
     * The metric's value per pod that KEDA keeps the role at (more pods above it, fewer below).
     * Default: inflight-prompt-tokens 50732 (1.5 s of backlog at 33821 prompt tokens/s), waiting-requests 1, kv-cache-usage 0.8, running-requests 16.
     */
    target?: number;
}

/** KEDA autoscaling of prefill and decode, apart, on metrics read from Prometheus (llmdVersion 0.9 only). */
export interface AutoscalingArgs {
    /** Create a KEDA ScaledObject per role; the Deployments then leave their replica count to KEDA. Default: false. */
    enabled?: boolean;
    /** How prefill scales; each field has its own default. */
    prefill?: RoleScalingArgs;
    /** How decode scales; each field has its own default. */
    decode?: RoleScalingArgs;
    /**
     * URL of the Prometheus KEDA queries; it must scrape the EPP and the vLLM pods.
     * Default: with `monitoring`: http://llmd-kube-prometheus-stack-prometheus.llm-d-monitoring.svc.cluster.local:9090 (llm-d's monitoring stack); required otherwise.
     */
    prometheusAddress?: string;
    /** Install KEDA 2.20.1 (chart kedacore/keda) once per cluster; false: KEDA must be on the cluster (checked at preview). Default: false. */
    installKeda?: boolean;
    /**
     * What happens when no prefill pod is Ready: `off` (prefill keeps at least one pod) or `decode-only` (prefill may
     * scale to zero; meanwhile decode serves whole requests, and the first such request wakes prefill). Default: "off".
     */
    deciderFallback?: string;
}

/** Expected traffic per request, for the advisory policy on whether P/D pays off. */
export interface WorkloadArgs {
    /** Input (prompt) tokens of a typical request. */
    inputTokens: number;
    /** Output (generated) tokens of a typical request. */
    outputTokens: number;
}

/**
 * Arguments of `PDStack`. The names and shapes are those of the `llm-d-pd:` stack config keys.
 * Everything but `hfToken` is plain data (not an Output or a Promise): it decides names and structure
 * and is validated before any resource is registered. Every count is a positive integer of at most
 * 2147483647, the limit of the int32 field it sets.
 */
export interface PDStackArgs {
    /** Accelerator platform: `h200-ib` (H200 with InfiniBand), `gke` (GKE GPUs, no RDMA) or `xpu` (Intel Data Center GPU Max). */
    hardware: string;
    /**
     * Which llm-d release PDStack deploys: `0.2` (llm-d-infra, inferencepool v0.5.1 with InferencePool
     * v1alpha2, llm-d-modelservice) or `0.9` (llm-d-router v0.10.0 charts, InferencePool
     * `inference.networking.k8s.io/v1`, PDStack's own prefill and decode Deployments, vLLM v0.26.0: llm-d v0.9.0's guide).
     * Default: `0.2`.
     */
    llmdVersion?: string;
    /**
     * Gateway provider: `istio`, `kgateway` (0.2 only), `gke` (hardware gke only), `agentgateway` (0.9 only) or
     * `standalone` (0.9 only: no Gateway, Envoy in the EPP pod). Default: `gke` on hardware gke, else `istio`.
     */
    gateway?: string;
    /** Namespace of the install (a DNS label). Default: `llm-d-pd`. */
    namespace?: string;
    /** Whether PDStack creates the namespace; false when it already exists. Default: true. */
    createNamespace?: boolean;
    /** Postfix of the Helm release names (`infra-`, `gaie-`, `ms-<postfix>`) and of every name derived from them. Default: `pd`. */
    releasePostfix?: string;
    /** Apply upstream's benchmarking tuning (gateway resources, connection pool, debug levels). Default: false. */
    benchmarking?: boolean;
    /** The model to serve. Default: h200-ib and gke: RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic (100Gi); xpu: deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B (10Gi). */
    model?: ModelArgs;
    /**
     * vLLM image of both roles. Default: 0.2: h200-ib and gke `ghcr.io/llm-d/llm-d:v0.2.0`, xpu `ghcr.io/llm-d/llm-d-xpu:v0.2.2`;
     * 0.9: h200-ib and gke `docker.io/vllm/vllm-openai:v0.26.0`, xpu `ghcr.io/llm-d/llm-d-xpu:v0.9.0` (llm-d v0.9.0's guide).
     */
    vllmImage?: string;
    /** vLLM `--max-model-len`, an integer. Default: 32000. */
    maxModelLen?: number;
    /** Prefill workers; each field has its own default, per hardware. */
    prefill?: RoleArgs;
    /** Decode workers; each field has its own default, per hardware. */
    decode?: RoleArgs;
    /**
     * Hugging Face token: a non-empty string, or an Output of one such as `pulumi.secret(token)`. Stored as Secret
     * `llm-d-hf-token` (key `HF_TOKEN`); kept a Pulumi secret. Required unless `existingHfTokenSecret` is set (no default).
     */
    hfToken?: pulumi.Input<string>;
    /** Name of an existing Secret in the namespace with key `HF_TOKEN`, used instead of `hfToken`. Default: none: PDStack creates `llm-d-hf-token`. */
    existingHfTokenSecret?: string;
    /** Install the Intel GPU device plugin v0.32.1 (one per cluster); set false where the cluster already runs it. Default: true on hardware xpu, else false. */
    installIntelGpuPlugin?: boolean;
    /**
     * Install the gateway control plane first, once per cluster, as `llmdVersion` pins it. On 0.2: the Gateway
     * API CRDs v1.3.0 and Inference Extension CRDs v0.5.1, and istio (base, istiod) or kgateway (kgateway-crds,
     * kgateway); on gateway gke only the Inference Extension CRDs. On 0.9: the Gateway API CRDs v1.5.1 and the
     * InferencePool v1 CRD, and istio 1.29.2 (base, istiod) or agentgateway v1.1.0; on standalone only the CRD,
     * on gke nothing (GKE brings it). The releases (on 0.9 the Gateway and the router) and the route wait for
     * it. CRDs are kept on `pulumi destroy`. For finer control use the `GatewayControlPlane` component.
     * Default: false (the cluster runs a control plane already, as upstream requires).
     */
    installGatewayControlPlane?: boolean;
    /**
     * Prometheus operator monitoring: PodMonitors for prefill and decode, a ServiceMonitor for the EPP (with a
     * token to read its metrics), and a PrometheusRule with the P/D alerts (docs/alerts.md). On 0.2 also upstream's
     * llm-d Grafana dashboard as a ConfigMap for the Grafana sidecar (label `grafana_dashboard: "1"`, once per
     * cluster). Needs the Prometheus operator's CRDs on the cluster (e.g. kube-prometheus-stack). Default: false.
     */
    monitoring?: boolean;
    /** How long `pulumi up` waits for the vLLM pods to become Ready (model download and load included), in whole seconds. Default: 3600. */
    readyTimeoutSeconds?: number;
    /** Expected tokens per request; only read by the advisory policy. Default: none. */
    workload?: WorkloadArgs;
    /** Download the model once into a PersistentVolumeClaim that every vLLM pod mounts read-only. Default: off: each pod downloads the model. */
    modelCache?: ModelCacheArgs;
    /** Scale prefill and decode apart with KEDA (llmdVersion 0.9). Default: off: each role keeps `replicas`. */
    autoscaling?: AutoscalingArgs;
}
