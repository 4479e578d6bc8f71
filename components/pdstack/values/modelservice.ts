import { HardwareProfile, RDMA_IB } from "../hardware";
import { PDSpec, RoleSpec } from "../spec";
import { MODEL_SERVER_PORT } from "./gaie";

/** The routing sidecar in front of decode: it asks prefill for the KV cache over NIXL. */
export const ROUTING_SIDECAR_IMAGE = "ghcr.io/llm-d/llm-d-routing-sidecar:v0.2.0";
export const ROUTING_SIDECAR_CONNECTOR = "nixlv2";
/** Where decode's vLLM listens behind the sidecar (modelservice's `routing.proxy.targetPort`). */
export const DECODE_VLLM_PORT = 8200;
export const NIXL_CONNECTOR = "NixlConnector";
/** vLLM reads the host NIXL advertises to its peers from this variable; PDStack sets it to the pod IP. */
export const NIXL_SIDE_CHANNEL_HOST_ENV = "VLLM_NIXL_SIDE_CHANNEL_HOST";

export type Role = "prefill" | "decode";

/** vLLM's `--kv-transfer-config`, written as upstream writes it. */
export function kvTransferConfig(profile: HardwareProfile): string {
    const fields: [string, string][] = [
        ["kv_connector", NIXL_CONNECTOR],
        ["kv_role", "kv_both"],
    ];
    if (profile.kvBufferDevice) {
        fields.push(["kv_buffer_device", profile.kvBufferDevice]);
    }
    return `{${fields.map(([k, v]) => `"${k}":"${v}"`).join(", ")}}`;
}

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
        kvTransferConfig(spec.hardwareProfile),
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
            ...spec.hardwareProfile.extraEnv,
        ],
        ports: [
            {
                containerPort: roleName === "decode" ? DECODE_VLLM_PORT : MODEL_SERVER_PORT,
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
            podmonitor: { enabled: false, portName: "metrics", path: "/metrics", interval: "30s" },
        },
        containers: [vllmContainer(spec, roleName)],
        volumes: [
            { name: "metrics-volume", emptyDir: {} },
            { name: "shm", emptyDir: { medium: "Memory", sizeLimit: spec.hardwareProfile.shmSize } },
            { name: "torch-compile-cache", emptyDir: {} },
        ],
    };
}

/** Values for the llm-d-modelservice release: vLLM prefill and decode with NIXL, the sidecar, the InferenceModel. */
export function buildModelServiceValues(spec: PDSpec): Record<string, unknown> {
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
        modelArtifacts: {
            uri: spec.model.uri,
            size: spec.model.size,
            authSecretName: spec.hfTokenSecretName,
            name: spec.model.name,
        },
        routing: {
            modelName: spec.model.name,
            servicePort: MODEL_SERVER_PORT,
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: spec.names.gateway }],
            proxy,
            inferenceModel: { criticality: "Critical", create: true },
            inferencePool: { create: false, name: spec.names.inferencePool },
            httpRoute: { create: false },
            epp,
        },
        decode: roleValues(spec, "decode"),
        prefill: roleValues(spec, "prefill"),
    };
}
