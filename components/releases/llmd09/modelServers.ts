/**
 * The prefill and decode model servers of llm-d 0.9 as PDStack's own typed Kubernetes objects: what
 * the guide's Kustomize overlay renders for the hardware (`guides/pd-disaggregation/modelserver/`),
 * with PDStack's replicas, tensor parallelism, resources, model and names. Pure functions of the spec.
 */
import type * as k8s from "@pulumi/kubernetes";
import { CACHE_MOUNT_PATH, HF_HUB_OFFLINE_ENV, PVC_SCHEME } from "../../modelcache";
import { RDMA_IB } from "../../pdstack/hardware";
import { HF_TOKEN_KEY } from "../../pdstack/names";
import type { PDSpec, RoleSpec } from "../../pdstack/spec";
import { DECODE_VLLM_PORT, kvTransferConfig, MODEL_SERVER_PORT, MODEL_VOLUME, NIXL_SIDE_CHANNEL_HOST_ENV, Role, ROUTING_SIDECAR_CONNECTOR, vllmPortOf } from "../vllm";
import { MODEL_SERVERS, ModelServerProfile } from "./hardware";
import { GUIDE, GUIDE_LABEL, INSTANCE_LABEL, Llmd09Names, modelLabel, ROLE_LABEL } from "./names";
import { DISAGG_SIDECAR_IMAGE, imageRef } from "./versions";

type Container = k8s.types.input.core.v1.Container;
type EnvVar = k8s.types.input.core.v1.EnvVar;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/** Name of the vLLM container, as upstream names it. */
export const MODEL_SERVER_CONTAINER = "modelserver";
/** Name of the disaggregation sidecar (a native sidecar: an init container with `restartPolicy: Always`). */
export const SIDECAR_CONTAINER = "routing-proxy";
/** The port vLLM's NIXL side channel listens on, named `nixl` on both roles. */
export const NIXL_PORT = 5600;
/** The sidecar's `--zap-log-level`, as the guide sets it. */
export const SIDECAR_LOG_LEVEL = 1;
/**
 * vLLM's HTTP keep-alive on prefill, above the sidecar's 90 s idle-connection timeout (Go's
 * http.Transport default), so that the sidecar never reuses a connection vLLM already closed.
 */
export const PREFILL_KEEP_ALIVE_SECONDS = 120;
/** The guide's workaround for vLLM >= 0.20 (torch 2.11 needs a user name), from its image components. */
export const USER_ENV: EnvVar = { name: "USER", value: "llm-d" };
/** Where vLLM's Hugging Face cache lives when the model is downloaded by the pod itself. */
export const HF_HOME_ENV = "HF_HOME";
/** The volume the model lives on: a sized emptyDir for `hf://`, the claim for `pvc://` (named as on every release: ../vllm.ts). */
export { MODEL_VOLUME } from "../vllm";

/** Labels of one role's pods: the guide's labels, the role, and the install. */
export function modelServerLabels(spec: PDSpec, names: Llmd09Names, role: Role): Record<string, string> {
    const profile = MODEL_SERVERS[spec.hardware];
    return {
        "llm-d.ai/model": modelLabel(spec.model.name),
        [GUIDE_LABEL]: GUIDE,
        "llm-d.ai/accelerator-variant": profile.acceleratorVariant,
        "llm-d.ai/accelerator-vendor": profile.acceleratorVendor,
        "llm-d.ai/engine-type": "vllm",
        [ROLE_LABEL]: role,
        [INSTANCE_LABEL]: names.inferencePool,
    };
}

/** What the InferencePool selects: every pod of this install, prefill and decode. */
export function poolSelector(names: Llmd09Names): Record<string, string> {
    return { [GUIDE_LABEL]: GUIDE, [INSTANCE_LABEL]: names.inferencePool };
}

/** Where vLLM loads the model from, and what it mounts for it. */
interface ModelSource {
    /** vLLM's positional model argument. */
    arg: string;
    /** `--served-model-name`, when the model's name is not that argument. */
    servedName?: string;
    volume: Volume;
    mount: VolumeMount;
    env: EnvVar[];
}

/**
 * `hf://<repo>`: vLLM downloads into a sized emptyDir (`model.size`), as modelservice does on 0.2.
 * `pvc://<claim>/<path>` (a given claim, or PDStack's model cache): the claim, read-only.
 */
export function modelSource(spec: PDSpec): ModelSource {
    const uri = spec.modelCache?.uri ?? spec.model.uri;
    if (uri.startsWith(PVC_SCHEME)) {
        const rest = uri.slice(PVC_SCHEME.length);
        const slash = rest.indexOf("/");
        const claimName = slash < 0 ? rest : rest.slice(0, slash);
        const path = slash < 0 ? "" : rest.slice(slash + 1);
        const arg = path === "" ? CACHE_MOUNT_PATH : `${CACHE_MOUNT_PATH}/${path}`;
        return {
            arg,
            servedName: spec.model.name,
            volume: { name: MODEL_VOLUME, persistentVolumeClaim: { claimName, readOnly: true } },
            mount: { name: MODEL_VOLUME, mountPath: CACHE_MOUNT_PATH, readOnly: true },
            env: spec.modelCache ? [{ ...HF_HUB_OFFLINE_ENV }] : [],
        };
    }
    const repo = uri.replace(/^hf:\/\//, "");
    return {
        arg: repo,
        servedName: spec.model.name === repo ? undefined : spec.model.name,
        volume: { name: MODEL_VOLUME, emptyDir: { sizeLimit: spec.model.size } },
        mount: { name: MODEL_VOLUME, mountPath: CACHE_MOUNT_PATH },
        env: [{ name: HF_HOME_ENV, value: CACHE_MOUNT_PATH }],
    };
}

/** `vllm serve` arguments of one role, in the guide's order. */
export function modelServerArgs(spec: PDSpec, role: Role): string[] {
    const profile = MODEL_SERVERS[spec.hardware];
    const source = modelSource(spec);
    return [
        source.arg,
        ...profile.leadingFlags,
        `--tensor-parallel-size=${spec[role].tensorParallelSize}`,
        `--block-size=${profile.blockSize}`,
        "--kv-transfer-config",
        kvTransferConfig(profile.kvBufferDevice),
        ...profile.trailingFlags,
        `--max-model-len=${spec.maxModelLen}`,
        ...(source.servedName ? [`--served-model-name=${source.servedName}`] : []),
        ...(role === "decode" ? [`--port=${DECODE_VLLM_PORT}`] : []),
    ];
}

function modelServerEnv(spec: PDSpec, role: Role): EnvVar[] {
    const profile = MODEL_SERVERS[spec.hardware];
    return [
        { name: HF_TOKEN_KEY, valueFrom: { secretKeyRef: { name: spec.hfTokenSecretName, key: HF_TOKEN_KEY } } },
        { name: NIXL_SIDE_CHANNEL_HOST_ENV, valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        ...profile.extraEnv,
        ...(role === "prefill" ? [{ name: "VLLM_HTTP_TIMEOUT_KEEP_ALIVE", value: String(PREFILL_KEEP_ALIVE_SECONDS) }] : []),
        USER_ENV,
        ...modelSource(spec).env,
    ];
}

/** Requests and limits: cpu and memory from the spec, one accelerator per TP rank, one `rdma/ib` on InfiniBand. */
export function modelServerResources(spec: PDSpec, role: RoleSpec): k8s.types.input.core.v1.ResourceRequirements {
    const extended: Record<string, string> = { [spec.hardwareProfile.acceleratorResource]: String(role.tensorParallelSize) };
    if (spec.hardwareProfile.rdma) {
        extended[RDMA_IB] = "1";
    }
    return {
        limits: { cpu: role.limits.cpu, memory: role.limits.memory, ...extended },
        requests: { cpu: role.requests.cpu, memory: role.requests.memory, ...extended },
    };
}

/**
 * Failures the startup probe allows: as long as `pulumi up` waits for the pods (`readyTimeoutSeconds`),
 * so that a model still downloading is not restarted while Pulumi still waits for it.
 */
export function startupFailureThreshold(readyTimeoutSeconds: number, periodSeconds: number): number {
    return Math.max(1, Math.ceil(readyTimeoutSeconds / periodSeconds));
}

function probes(spec: PDSpec, profile: ModelServerProfile): Pick<Container, "livenessProbe" | "readinessProbe" | "startupProbe"> {
    const t = profile.probes;
    return {
        startupProbe: {
            httpGet: { path: "/v1/models", port: MODEL_SERVER_CONTAINER },
            ...t.startup,
            failureThreshold: startupFailureThreshold(spec.readyTimeoutSeconds, t.startup.periodSeconds),
        },
        livenessProbe: { httpGet: { path: "/health", port: MODEL_SERVER_CONTAINER }, ...t.liveness },
        readinessProbe: { httpGet: { path: "/v1/models", port: MODEL_SERVER_CONTAINER }, ...t.readiness },
    };
}

function cacheVolumes(profile: ModelServerProfile, shmSize: string): { volumes: Volume[]; mounts: VolumeMount[] } {
    const volumes: Volume[] = [
        { name: "shm", emptyDir: { medium: "Memory", sizeLimit: shmSize } },
        { name: "torch-compile-cache", emptyDir: {} },
    ];
    const mounts: VolumeMount[] = [
        { mountPath: "/dev/shm", name: "shm" },
        { mountPath: "/.cache", name: "torch-compile-cache" },
    ];
    if (profile.configAndTritonCaches) {
        volumes.push({ name: "vllm-config", emptyDir: {} }, { name: "triton-cache", emptyDir: {} });
        mounts.push({ mountPath: "/.config", name: "vllm-config" }, { mountPath: "/.triton", name: "triton-cache" });
    }
    return { volumes, mounts };
}

/** The vLLM container of one role. */
export function modelServerContainer(spec: PDSpec, role: Role): Container {
    const profile = MODEL_SERVERS[spec.hardware];
    const source = modelSource(spec);
    const { mounts } = cacheVolumes(profile, profile.shmSize);
    return {
        name: MODEL_SERVER_CONTAINER,
        image: spec.vllmImage,
        command: ["vllm", "serve"],
        args: modelServerArgs(spec, role),
        env: modelServerEnv(spec, role),
        ports: [
            { name: MODEL_SERVER_CONTAINER, containerPort: vllmPortOf(role), protocol: "TCP" },
            { name: "nixl", containerPort: NIXL_PORT, protocol: "TCP" },
        ],
        resources: modelServerResources(spec, spec[role]),
        volumeMounts: [...mounts, source.mount],
        ...probes(spec, profile),
    };
}

/**
 * The disaggregation sidecar in front of decode's vLLM: it receives the pool's traffic on the model
 * server port and, for each request the EPP gave a prefill pod, has prefill compute the KV cache and
 * decode pull it over NIXL (`--kv-connector=nixlv2`). A native sidecar: an init container with
 * `restartPolicy: Always` starts before vLLM and lives as long as the pod. The guide's flags: it
 * forwards to decode's vLLM on the sidecar's default model-server port, 8200 (llm-d-router v0.10.0
 * `pkg/sidecar/proxy/options.go`: `--model-server-port` unset falls back to `--vllm-port`'s default),
 * which is {@link DECODE_VLLM_PORT}.
 */
export function disaggSidecar(): Container {
    return {
        name: SIDECAR_CONTAINER,
        args: [
            `--port=${MODEL_SERVER_PORT}`,
            `--kv-connector=${ROUTING_SIDECAR_CONNECTOR}`,
            `--zap-log-level=${SIDECAR_LOG_LEVEL}`,
            "--secure-proxy=false",
        ],
        image: imageRef(DISAGG_SIDECAR_IMAGE),
        imagePullPolicy: "Always",
        ports: [{ containerPort: MODEL_SERVER_PORT, name: "sidecar", protocol: "TCP" }],
        resources: {},
        restartPolicy: "Always",
        securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true },
    };
}

/** The ServiceAccount the model servers run as, without an API token (they never call the API server). */
export function buildModelServerServiceAccount(spec: PDSpec, names: Llmd09Names): k8s.types.input.core.v1.ServiceAccount {
    const { [ROLE_LABEL]: _role, ...labels } = modelServerLabels(spec, names, "prefill");
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: names.serviceAccount, namespace: spec.namespace, labels },
        automountServiceAccountToken: false,
    };
}

/** The Deployment of one role. */
export function buildModelServerDeployment(spec: PDSpec, names: Llmd09Names, role: Role): k8s.types.input.apps.v1.Deployment {
    const profile = MODEL_SERVERS[spec.hardware];
    const labels = modelServerLabels(spec, names, role);
    const { volumes } = cacheVolumes(profile, profile.shmSize);
    const podSpec: k8s.types.input.core.v1.PodSpec = {
        serviceAccountName: names.serviceAccount,
        ...(role === "decode" ? { initContainers: [disaggSidecar()] } : {}),
        containers: [modelServerContainer(spec, role)],
        volumes: [...volumes, modelSource(spec).volume],
        ...(profile.podSecurityContext ? { securityContext: profile.podSecurityContext } : {}),
        ...(profile.tolerations ? { tolerations: profile.tolerations } : {}),
    };
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
            name: role === "decode" ? names.decodeDeployment : names.prefillDeployment,
            namespace: spec.namespace,
            labels,
        },
        spec: {
            // An autoscaled role's count is KEDA's: without the field, Pulumi (server-side apply) neither owns nor
            // resets it, and the HPA's writes stand across `pulumi up`. The API server starts a new Deployment at 1.
            ...(spec.autoscaling ? {} : { replicas: spec[role].replicas }),
            // A rolling update's new pod would wait for GPUs the old pod holds: on a full GPU cluster it
            // stalls until the timeout. Recreate stops the old pods first (the role is down in between).
            strategy: { type: "Recreate" },
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: podSpec },
        },
    };
}
