/**
 * Readers of llm-d-modelservice values: the prefill and decode roles, their vLLM containers, and what
 * each container's vLLM arguments, env and resources say (tensor parallel size, KV connector, model).
 *
 * Every entry of `decode.containers[]` and `prefill.containers[]` is a vLLM container: modelservice
 * adds the routing sidecar itself, from `routing.proxy`.
 */
import { INTEL_GPU, NVIDIA_GPU } from "../pdstack/hardware";
import { isPlainObject, parseQuantity } from "../validation";

export type Role = "prefill" | "decode";
export const ROLES: readonly Role[] = ["prefill", "decode"];

/** `replicas` the modelservice chart (v0.2.7) uses when the values give none. */
export const CHART_DEFAULT_REPLICAS: Record<Role, number> = { prefill: 0, decode: 1 };

/** The extended resources that are accelerators vLLM runs tensor-parallel ranks on. */
export const ACCELERATOR_RESOURCE_NAMES = [NVIDIA_GPU, INTEL_GPU] as const;

export const TENSOR_PARALLEL_FLAGS = ["--tensor-parallel-size", "-tp"];
export const KV_TRANSFER_CONFIG_FLAG = "--kv-transfer-config";
export const SERVED_MODEL_NAME_FLAG = "--served-model-name";

type Obj = Record<string, any>;

/** One vLLM container of a role. */
export interface VllmContainer {
    role: Role;
    index: number;
    /** The container's `name`, or `#<index>` when it has none. */
    name: string;
    /** The container as the values give it. */
    spec: Obj;
    /** Where it is in the release values: `decode.containers[0]`. */
    path: string;
}

/** One role of the values. */
export interface RoleValues {
    role: Role;
    /** Whether `values.<role>` is an object. */
    present: boolean;
    /** `values.<role>.create` as given. */
    create: unknown;
    /** Pods of this role: `replicas`, or the chart's default when absent; 0 when the role is not created. */
    replicas: number;
    containers: VllmContainer[];
}

/** The role's values as modelservice reads them. */
export function roleValues(values: unknown, role: Role): RoleValues {
    const v = isPlainObject(values) && isPlainObject(values[role]) ? values[role] : undefined;
    const list: unknown[] = v && Array.isArray(v.containers) ? v.containers : [];
    const containers = list.map((c, index) => {
        const spec: Obj = isPlainObject(c) ? c : {};
        return {
            role,
            index,
            name: typeof spec.name === "string" && spec.name !== "" ? spec.name : `#${index}`,
            spec,
            path: `${role}.containers[${index}]`,
        };
    });
    const created = v !== undefined && v.create !== false;
    const replicas = !created ? 0 : typeof v.replicas === "number" ? v.replicas : CHART_DEFAULT_REPLICAS[role];
    return { role, present: v !== undefined, create: v?.create, replicas, containers };
}

/** The vLLM containers of both roles, prefill first. */
export function vllmContainers(values: unknown): VllmContainer[] {
    return ROLES.flatMap((role) => roleValues(values, role).containers);
}

/** The container's args as strings (non-string entries dropped). */
export function argsOf(container: VllmContainer): string[] {
    const args = container.spec.args;
    return Array.isArray(args) ? args.filter((a): a is string => typeof a === "string") : [];
}

/** The value of the last occurrence of a flag, as `--flag value` or `--flag=value`; undefined when absent. */
export function argValue(args: string[], flags: string[]): string | undefined {
    let found: string | undefined;
    for (let i = 0; i < args.length; i++) {
        for (const flag of flags) {
            if (args[i] === flag) {
                found = args[i + 1] ?? "";
            } else if (args[i].startsWith(`${flag}=`)) {
                found = args[i].slice(flag.length + 1);
            }
        }
    }
    return found;
}

/** The tensor parallel size a container runs with. */
export interface TensorParallelSize {
    /** The size: vLLM's default of 1 when the flag is absent; NaN when the flag's value is not a positive integer. */
    size: number;
    /** The flag's value as written, when given. */
    given?: string;
}

export function tensorParallelSize(container: VllmContainer): TensorParallelSize {
    const given = argValue(argsOf(container), TENSOR_PARALLEL_FLAGS);
    if (given === undefined) {
        return { size: 1 };
    }
    const size = /^\d+$/.test(given.trim()) && Number(given) > 0 ? Number(given) : NaN;
    return { size, given };
}

/** `--kv-transfer-config` of a container: absent, unparsable, or its JSON object. */
export type KvTransferConfig = { kind: "absent" } | { kind: "invalid"; raw: string; error: string } | { kind: "ok"; raw: string; config: Obj };

export function kvTransferConfig(container: VllmContainer): KvTransferConfig {
    const raw = argValue(argsOf(container), [KV_TRANSFER_CONFIG_FLAG]);
    if (raw === undefined) {
        return { kind: "absent" };
    }
    try {
        const parsed: unknown = JSON.parse(raw);
        return isPlainObject(parsed) ? { kind: "ok", raw, config: parsed } : { kind: "invalid", raw, error: "it is not a JSON object" };
    } catch (e) {
        return { kind: "invalid", raw, error: (e as Error).message };
    }
}

/** The model name a container serves: `--served-model-name`, else the release's `modelArtifacts.name` (or `uri`). */
export function servedModelName(container: VllmContainer, values: unknown): string | undefined {
    const flag = argValue(argsOf(container), [SERVED_MODEL_NAME_FLAG]);
    if (flag !== undefined) {
        return flag;
    }
    const artifacts = isPlainObject(values) && isPlainObject(values.modelArtifacts) ? values.modelArtifacts : {};
    return typeof artifacts.name === "string" ? artifacts.name : typeof artifacts.uri === "string" ? artifacts.uri : undefined;
}

/** The container's `resources.limits` and `resources.requests` (empty objects when absent). */
export function resourcesOf(container: VllmContainer): { limits: Obj; requests: Obj } {
    const resources = isPlainObject(container.spec.resources) ? container.spec.resources : {};
    return {
        limits: isPlainObject(resources.limits) ? resources.limits : {},
        requests: isPlainObject(resources.requests) ? resources.requests : {},
    };
}

/** How many of an extended resource the container gets: its limit (or its request when no limit is set); 0 when absent. */
export function resourceCount(container: VllmContainer, resource: string): number {
    const { limits, requests } = resourcesOf(container);
    const q = limits[resource] ?? requests[resource];
    return q === undefined ? 0 : (parseQuantity(q) ?? NaN);
}

/** Accelerators (`nvidia.com/gpu`, `gpu.intel.com/i915`) one container gets. */
export function acceleratorCount(container: VllmContainer): number {
    return ACCELERATOR_RESOURCE_NAMES.reduce((n, r) => n + resourceCount(container, r), 0);
}

/**
 * Accelerators one pod of the role takes: what its containers request, or, when they request none,
 * the largest tensor parallel size (what vLLM will need once the requests are fixed).
 */
export function acceleratorsPerPod(role: RoleValues): number {
    const requested = role.containers.reduce((n, c) => n + acceleratorCount(c), 0);
    if (requested > 0 || role.containers.length === 0) {
        return requested;
    }
    return Math.max(...role.containers.map((c) => tensorParallelSize(c).size).filter((n) => Number.isInteger(n)), 0);
}

/** `decode container "vllm"`: how messages name a container. */
export function containerLabel(container: VllmContainer): string {
    return `${container.role} container "${container.name}"`;
}
