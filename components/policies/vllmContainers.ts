/**
 * Readers of one vLLM container, whatever holds it (a release's values, a Deployment's pod spec): what
 * its vLLM arguments, env and resources say (tensor parallel size, KV connector, model, accelerators).
 * The readers of whole installs (./modelServerView.ts) give each container as a {@link VllmContainer}.
 */
import { INTEL_GPU, NVIDIA_GPU } from "../pdstack/hardware";
import { Role, ROLES } from "../releases/vllm";
import { isPlainObject, parseQuantity } from "../validation";

export { Role, ROLES };

/** The extended resources that are accelerators vLLM runs tensor-parallel ranks on. */
export const ACCELERATOR_RESOURCE_NAMES = [NVIDIA_GPU, INTEL_GPU] as const;

export const TENSOR_PARALLEL_FLAGS = ["--tensor-parallel-size", "-tp"];
export const KV_TRANSFER_CONFIG_FLAG = "--kv-transfer-config";
export const SERVED_MODEL_NAME_FLAG = "--served-model-name";

type Obj = Record<string, any>;

/** One vLLM container of a role, as a reader of the install found it. */
export interface VllmContainer {
    role: Role;
    index: number;
    /** The container's `name`, or `#<index>` when it has none. */
    name: string;
    /** The container as its holder gives it. */
    spec: Obj;
    /** Where a user finds it: `decode.containers[0]` of the release values, `spec.template.spec.containers[0]` of a Deployment. */
    path: string;
    /** The model it serves: `--served-model-name`, else what its holder says (modelservice's `modelArtifacts`, vLLM's model argument). */
    servedModel?: string;
    /** Whether it mounts the model volume; when not, what is missing and how to fix it, in its holder's words. */
    modelMount: { mounted: boolean; missing: string; fix: string };
}

/** A container spec's args as strings (non-string entries dropped). */
export function argsOf(spec: Obj): string[] {
    const args = spec.args;
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
    const given = argValue(argsOf(container.spec), TENSOR_PARALLEL_FLAGS);
    if (given === undefined) {
        return { size: 1 };
    }
    const size = /^\d+$/.test(given.trim()) && Number(given) > 0 ? Number(given) : NaN;
    return { size, given };
}

/** `--kv-transfer-config` of a container: absent, unparsable, or its JSON object. */
export type KvTransferConfig = { kind: "absent" } | { kind: "invalid"; raw: string; error: string } | { kind: "ok"; raw: string; config: Obj };

export function kvTransferConfig(container: VllmContainer): KvTransferConfig {
    const raw = argValue(argsOf(container.spec), [KV_TRANSFER_CONFIG_FLAG]);
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

/** `--served-model-name` of a container spec, when given. */
export function servedModelFlag(spec: Obj): string | undefined {
    return argValue(argsOf(spec), [SERVED_MODEL_NAME_FLAG]);
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
 * Accelerators one pod of a role takes: what its containers request, or, when they request none,
 * the largest tensor parallel size (what vLLM will need once the requests are fixed).
 */
export function acceleratorsPerPod(role: { containers: readonly VllmContainer[] }): number {
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
