import { llmd02NamesOf } from "../names";
import { RDMA_IB } from "../../../pdstack/hardware";
import { PDSpec, RoleSpec } from "../../../pdstack/spec";
import { kvTransferConfig, MODEL_SERVER_PORT, NIXL_SIDE_CHANNEL_HOST_ENV, Role, ROLES, ROUTING_SIDECAR_CONNECTOR, vllmPortOf } from "../../vllm";
import { LLMD02_MODEL_SERVERS } from "../hardware";
import { HF_HUB_OFFLINE_ENV } from "../../../modelcache";

/** The routing sidecar in front of decode: it asks prefill for the KV cache over NIXL. */
export const ROUTING_SIDECAR_IMAGE = "ghcr.io/llm-d/llm-d-routing-sidecar:v0.2.0";
/** How often Prometheus scrapes the vLLM pods (upstream's PodMonitor interval); the EPP's ServiceMonitor uses the same. */
export const METRICS_SCRAPE_INTERVAL = "30s";


/** vLLM arguments of one role. `--tensor-parallel-size` is given whenever it is not vLLM's default of 1. */
export function vllmArgs(spec: PDSpec, role: RoleSpec): string[] {
    const args: string[] = [];
    if (role.tensorParallelSize !== 1) {
        args.push("--tensor-parallel-size", String(role.tensorParallelSize));
    }
    args.push(
        "--block-size",
        "128",
        "--kv-transfer-config",
        kvTransferConfig(LLMD02_MODEL_SERVERS[spec.hardware].kvBufferDevice),
        "--disable-log-requests",
        "--disable-uvicorn-access-log",
        "--max-model-len",
        String(spec.maxModelLen),
    );
    return args;
}

/** Requests and limits of one vLLM container: cpu and memory from the spec, one accelerator per TP rank. */
export function vllmResources(spec: PDSpec, role: RoleSpec): { limits: Record<string, unknown>; requests: Record<string, unknown> } {
    const extended: Record<string, unknown> = {
        [spec.hardwareProfile.acceleratorResource]: String(role.tensorParallelSize),
    };
    if (spec.hardwareProfile.rdma) {
        extended[RDMA_IB] = 1;
    }
    return {
        limits: { ...role.limits, ...extended },
        requests: { ...role.requests, ...extended },
    };
}

function vllmContainer(spec: PDSpec, roleName: Role): Record<string, unknown> {
    const role = spec[roleName];
    return {
        name: "vllm",
        image: spec.vllmImage,
        modelCommand: "vllmServe",
        args: vllmArgs(spec, role),
        env: [
            { name: NIXL_SIDE_CHANNEL_HOST_ENV, valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
            ...LLMD02_MODEL_SERVERS[spec.hardware].extraEnv,
            ...(spec.modelCache ? [HF_HUB_OFFLINE_ENV] : []),
        ],
        ports: [
            {
                containerPort: vllmPortOf(roleName),
                name: "metrics",
                protocol: "TCP",
            },
        ],
        resources: vllmResources(spec, role),
        mountModelVolume: true,
        volumeMounts: [
            { name: "metrics-volume", mountPath: "/.config" },
            { name: "shm", mountPath: "/dev/shm" },
            { name: "torch-compile-cache", mountPath: "/.cache" },
        ],
    };
}

function roleValues(spec: PDSpec, roleName: Role): Record<string, unknown> {
    return {
        create: true,
        replicas: spec[roleName].replicas,
        monitoring: {
            // Upstream's PodMonitor settings; PDStack switches them on with `monitoring` (off: upstream's values).
            podmonitor: { enabled: spec.monitoring, portName: "metrics", path: "/metrics", interval: METRICS_SCRAPE_INTERVAL },
        },
        containers: [vllmContainer(spec, roleName)],
        volumes: [
            { name: "metrics-volume", emptyDir: {} },
            { name: "shm", emptyDir: { medium: "Memory", sizeLimit: LLMD02_MODEL_SERVERS[spec.hardware].shmSize } },
            { name: "torch-compile-cache", emptyDir: {} },
        ],
    };
}

/**
 * Where vLLM loads the model from (modelservice's `modelArtifacts`). From the hub (`hf://`), every pod
 * downloads it into its own emptyDir of `size`, with the token of `authSecretName`. From the model
 * cache, the URI is `pvc://<claim>/<path>`: modelservice mounts the claim read-only in every pod and
 * serves `/model-cache/<path>`; the pods need no token (only the download Job does).
 */
export function modelArtifacts(spec: PDSpec): Record<string, unknown> {
    if (spec.modelCache) {
        return { uri: spec.modelCache.uri, size: spec.model.size, name: spec.model.name };
    }
    return { uri: spec.model.uri, size: spec.model.size, authSecretName: spec.hfTokenSecretName, name: spec.model.name };
}

/**
 * Values for the llm-d-modelservice release: vLLM prefill and decode with NIXL, the sidecar, the
 * InferenceModel. Upstream's values, plus {@link withModelServiceAdditions}.
 */
export function buildModelServiceValues(spec: PDSpec): Record<string, unknown> {
    return withModelServiceAdditions(upstreamModelServiceValues(spec), spec);
}

/** The modelservice values upstream's helmfile gives the same install, key for key. */
function upstreamModelServiceValues(spec: PDSpec): Record<string, unknown> {
    const proxy: Record<string, unknown> = {
        image: ROUTING_SIDECAR_IMAGE,
        connector: ROUTING_SIDECAR_CONNECTOR,
        secure: false,
    };
    const epp: Record<string, unknown> = { create: false };
    if (spec.benchmarking) {
        proxy.debugLevel = 1;
        epp.debugLevel = 1;
    }
    return {
        multinode: false,
        modelArtifacts: modelArtifacts(spec),
        routing: {
            modelName: spec.model.name,
            servicePort: MODEL_SERVER_PORT,
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: llmd02NamesOf(spec).gateway }],
            proxy,
            inferenceModel: { criticality: "Critical", create: true },
            inferencePool: { create: false, name: llmd02NamesOf(spec).inferencePool },
            httpRoute: { create: false },
            epp,
        },
        decode: roleValues(spec, "decode"),
        prefill: roleValues(spec, "prefill"),
    };
}

/** vLLM's health endpoint: it answers 200 only once the engine has loaded the model and serves. */
export const VLLM_HEALTH_PATH = "/health";
/** Seconds between two probes of a vLLM container, at startup and once it serves. */
export const VLLM_PROBE_PERIOD_SECONDS = 10;
/** Seconds one probe may take: a busy vLLM answers `/health` late, not never. */
export const VLLM_PROBE_TIMEOUT_SECONDS = 5;
/** Failed readiness probes in a row before a serving pod leaves the InferencePool's endpoints. */
export const VLLM_READINESS_FAILURE_THRESHOLD = 3;

/**
 * Startup and readiness probes of one role's vLLM container, on `/health` at the port the role
 * serves on. The startup probe allows `readyTimeoutSeconds`, the time Helm waits for the release:
 * the model's download and load must fit in it either way, and a shorter window would restart a
 * container that is still downloading. Until the startup probe passes, the kubelet runs no
 * readiness probe and the pod is not Ready, so Helm's `--wait` waits for vLLM to serve.
 */
export function vllmProbes(spec: PDSpec, role: Role): { startupProbe: Record<string, unknown>; readinessProbe: Record<string, unknown> } {
    const httpGet = { path: VLLM_HEALTH_PATH, port: vllmPortOf(role) };
    return {
        startupProbe: {
            httpGet,
            periodSeconds: VLLM_PROBE_PERIOD_SECONDS,
            timeoutSeconds: VLLM_PROBE_TIMEOUT_SECONDS,
            failureThreshold: Math.max(1, Math.ceil(spec.readyTimeoutSeconds / VLLM_PROBE_PERIOD_SECONDS)),
        },
        readinessProbe: {
            httpGet,
            periodSeconds: VLLM_PROBE_PERIOD_SECONDS,
            timeoutSeconds: VLLM_PROBE_TIMEOUT_SECONDS,
            failureThreshold: VLLM_READINESS_FAILURE_THRESHOLD,
        },
    };
}

/**
 * What PDStack adds to upstream's modelservice values, and nothing else: the {@link vllmProbes} on
 * the `vllm` container of each role (upstream sets none, so Helm would count a pod ready as soon as
 * its containers start). Returns a copy; the parity tests apply it to upstream's values, so every
 * other key stays compared exactly.
 */
export function withModelServiceAdditions(values: Record<string, unknown>, spec: PDSpec): Record<string, unknown> {
    const out: Record<string, unknown> = { ...values };
    for (const role of ROLES) {
        const roleValues = values[role] as { containers?: Record<string, unknown>[] } | undefined;
        if (!roleValues?.containers) {
            continue;
        }
        out[role] = {
            ...roleValues,
            containers: roleValues.containers.map((c) => (c.name === "vllm" ? { ...c, ...vllmProbes(spec, role) } : c)),
        };
    }
    return out;
}
