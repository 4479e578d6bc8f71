/**
 * The one validated spec every PDStack is built from. Stack config and {@link PDStackArgs} both go
 * through {@link pdStackSchema}: shape checks, then the hardware's defaults, then cross-field checks.
 */
import { z } from "zod";
import { GATEWAYS, GATEWAY_NAMES, GatewayName, GatewayProfile } from "./gateway";
import { CpuMemory, HARDWARE, HARDWARE_NAMES, HardwareName, HardwareProfile, ModelDefaults } from "./hardware";
import { DEFAULT_HF_TOKEN_SECRET } from "./names";
import { describeNamesOverLimits, downloadDeadlineProblem, podFitsNode, postfixNameProblems, requestsAboveLimits } from "./rules";
import { isDnsLabel, isDnsSubdomain, oneOf, parseInput, ParseOptions, positiveInt, QUANTITY_PATTERN, required } from "../validation";
import { modelCacheInputSchema, modelCacheProblems, ModelCacheSpec, resolveModelCache } from "../modelcache";
import { DEFAULT_LLMD_RELEASE, gatewayProblem, gatewaysOf, llmdReleaseSchema, LlmdRelease, RELEASE_PROFILES } from "../releases";
import { autoscalingInputSchema, autoscalingProblems, AutoscalingSpec, resolveAutoscaling } from "../autoscaling";

export const DEFAULT_NAMESPACE = "llm-d-pd";
export const DEFAULT_RELEASE_POSTFIX = "pd";
export const DEFAULT_MAX_MODEL_LEN = 32000;
/** One hour: a 70B model can take well over 10 minutes to download and load. */
export const DEFAULT_READY_TIMEOUT_SECONDS = 3600;

const MODEL_URI = /^(hf|pvc):\/\/[^\s]+$/;

const dnsLabel = z
    .string({ error: required("must be a string") })
    .refine(isDnsLabel, {
        error: "must be a DNS label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
    });

const quantity = z
    .string({ error: "must be a Kubernetes quantity string such as \"8\", \"500m\" or \"64Gi\"" })
    .regex(QUANTITY_PATTERN, { error: "must be a Kubernetes quantity such as \"8\", \"500m\" or \"64Gi\"" });

const cpuMemorySchema = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });

const roleSchema = z.strictObject({
    replicas: positiveInt.optional(),
    tensorParallelSize: positiveInt.optional(),
    resources: z.strictObject({ limits: cpuMemorySchema.optional(), requests: cpuMemorySchema.optional() }).optional(),
});

const modelSchema = z.strictObject({
    uri: z
        .string({ error: required("must be a string") })
        .regex(MODEL_URI, { error: "must be hf://<org>/<model> or pvc://<claim>/<path>" }),
    name: z.string({ error: required("must be a string") }).min(1, { error: "must not be empty" }),
    size: quantity.optional(),
});

const workloadSchema = z.strictObject({
    inputTokens: positiveInt,
    outputTokens: positiveInt,
});

/** The shape of stack config and PDStackArgs (without `hfToken`, which is a Pulumi secret input). */
export const pdStackInputSchema = z.strictObject({
    hardware: z.enum(HARDWARE_NAMES, { error: required(oneOf(HARDWARE_NAMES)) }),
    gateway: z.enum(GATEWAY_NAMES, { error: oneOf(GATEWAY_NAMES) }).optional(),
    llmdVersion: llmdReleaseSchema.optional(),
    namespace: dnsLabel.optional(),
    createNamespace: z.boolean({ error: "must be true or false" }).optional(),
    releasePostfix: dnsLabel.optional(),
    benchmarking: z.boolean({ error: "must be true or false" }).optional(),
    model: modelSchema.optional(),
    vllmImage: z.string({ error: "must be an image reference" }).min(1).optional(),
    maxModelLen: positiveInt.optional(),
    prefill: roleSchema.optional(),
    decode: roleSchema.optional(),
    existingHfTokenSecret: z
        .string({ error: "must be a Secret name" })
        .refine(isDnsSubdomain, { error: "must be a Secret name (DNS subdomain)" })
        .optional(),
    installIntelGpuPlugin: z.boolean({ error: "must be true or false" }).optional(),
    installGatewayControlPlane: z.boolean({ error: "must be true or false" }).optional(),
    monitoring: z.boolean({ error: "must be true or false" }).optional(),
    readyTimeoutSeconds: positiveInt.optional(),
    workload: workloadSchema.optional(),
    modelCache: modelCacheInputSchema.optional(),
    autoscaling: autoscalingInputSchema.optional(),
});

export type PDStackInput = z.input<typeof pdStackInputSchema>;

/** One vLLM role after defaults. */
export interface RoleSpec {
    replicas: number;
    tensorParallelSize: number;
    limits: CpuMemory;
    requests: CpuMemory;
}

/** Expected traffic, for the advisory policy on whether P/D pays off. */
export interface WorkloadSpec {
    inputTokens: number;
    outputTokens: number;
}

/** Everything a PDStack is built from: validated, with defaults applied. Plain data. */
export interface PDSpec {
    hardware: HardwareName;
    /** Which llm-d release profile the install follows (components/releases). */
    llmdVersion: LlmdRelease;
    hardwareProfile: HardwareProfile;
    gateway: GatewayName;
    gatewayProfile: GatewayProfile;
    namespace: string;
    createNamespace: boolean;
    releasePostfix: string;
    benchmarking: boolean;
    model: ModelDefaults;
    vllmImage: string;
    maxModelLen: number;
    prefill: RoleSpec;
    decode: RoleSpec;
    /** The Secret holding `HF_TOKEN` that vLLM reads. */
    hfTokenSecretName: string;
    /** Whether PDStack creates that Secret (false when the user names an existing one). */
    createHfTokenSecret: boolean;
    installIntelGpuPlugin: boolean;
    /** Whether PDStack installs the cluster's gateway control plane (once per cluster). */
    installGatewayControlPlane: boolean;
    /** Whether PDStack creates the Prometheus operator monitors and the Grafana dashboard. */
    monitoring: boolean;
    readyTimeoutSeconds: number;
    workload?: WorkloadSpec;
    /** The model cache PDStack creates and fills; undefined when it is off or the model is already on a claim (`pvc://`). */
    modelCache?: ModelCacheSpec;
    /** KEDA scaling of prefill and decode; undefined when off (the roles keep `replicas`). */
    autoscaling?: AutoscalingSpec;
}

type RoleInput = z.output<typeof roleSchema>;

function resolveRole(given: RoleInput | undefined, defaults: HardwareProfile["prefill"]): RoleSpec {
    return {
        replicas: given?.replicas ?? defaults.replicas,
        tensorParallelSize: given?.tensorParallelSize ?? defaults.tensorParallelSize,
        limits: { ...defaults.limits, ...given?.resources?.limits },
        requests: { ...defaults.requests, ...given?.resources?.requests },
    };
}

function applyDefaults(input: z.output<typeof pdStackInputSchema>): PDSpec {
    const spec = applySpecDefaults(input);
    const autoscaling = resolveAutoscaling(input.autoscaling, spec);
    return { ...spec, modelCache: resolveModelCache(input.modelCache, spec), ...(autoscaling ? { autoscaling } : {}) };
}

function applySpecDefaults(input: z.output<typeof pdStackInputSchema>): Omit<PDSpec, "modelCache" | "autoscaling"> {
    const hardwareProfile = HARDWARE[input.hardware];
    const gateway = (input.gateway ?? hardwareProfile.defaultGateway) as GatewayName;
    const gatewayProfile = GATEWAYS[gateway];
    const namespace = input.namespace ?? DEFAULT_NAMESPACE;
    const releasePostfix = input.releasePostfix ?? DEFAULT_RELEASE_POSTFIX;
    const model = input.model
        ? { uri: input.model.uri, name: input.model.name, size: input.model.size ?? hardwareProfile.model.size }
        : { ...hardwareProfile.model };
    const llmdVersion = input.llmdVersion ?? DEFAULT_LLMD_RELEASE;
    return {
        hardware: input.hardware,
        llmdVersion,
        hardwareProfile,
        gateway,
        gatewayProfile,
        namespace,
        createNamespace: input.createNamespace ?? true,
        releasePostfix,
        benchmarking: input.benchmarking ?? false,
        model,
        vllmImage: input.vllmImage ?? RELEASE_PROFILES[llmdVersion].defaultVllmImage[input.hardware],
        maxModelLen: input.maxModelLen ?? DEFAULT_MAX_MODEL_LEN,
        prefill: resolveRole(input.prefill, hardwareProfile.prefill),
        decode: resolveRole(input.decode, hardwareProfile.decode),
        hfTokenSecretName: input.existingHfTokenSecret ?? DEFAULT_HF_TOKEN_SECRET,
        createHfTokenSecret: input.existingHfTokenSecret === undefined,
        installIntelGpuPlugin: input.installIntelGpuPlugin ?? hardwareProfile.needsIntelGpuPlugin,
        installGatewayControlPlane: input.installGatewayControlPlane ?? false,
        monitoring: input.monitoring ?? false,
        readyTimeoutSeconds: input.readyTimeoutSeconds ?? DEFAULT_READY_TIMEOUT_SECONDS,
        workload: input.workload,
    };
}

/** Checks that need more than one field, run on the spec after defaults. */
function checkCrossFields(spec: PDSpec, ctx: z.RefinementCtx): void {
    for (const problem of modelCacheProblems(spec.modelCache, spec.model)) {
        ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
    }
    const deadline = spec.modelCache && downloadDeadlineProblem(spec.modelCache.deadlineSeconds, spec.model.size);
    if (deadline) {
        ctx.addIssue({ code: "custom", path: ["model", "size"], message: deadline });
    }
    const neededHardware = spec.gatewayProfile.requiresHardware;
    if (neededHardware && spec.hardware !== neededHardware) {
        ctx.addIssue({
            code: "custom",
            path: ["gateway"],
            message: `gateway "${spec.gateway}" needs hardware "${neededHardware}", but hardware is "${spec.hardware}"; use gateway ${gatewaysFor(spec).join(" or ")} on ${spec.hardware}`,
        });
    }
    for (const problem of autoscalingProblems(spec.autoscaling, spec)) {
        ctx.addIssue({ code: "custom", path: problem.path, message: problem.message, ...(problem.hideValue ? { params: { hideValue: true } } : {}) });
    }
    const scaling = RELEASE_PROFILES[spec.llmdVersion].autoscaling;
    if (spec.autoscaling && !scaling.supported) {
        ctx.addIssue({ code: "custom", path: ["autoscaling", "enabled"], message: `autoscaling does not work with llmdVersion "${spec.llmdVersion}": ${scaling.why}` });
    }
    for (const problem of RELEASE_PROFILES[spec.llmdVersion].specProblems(spec)) {
        ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
    }
    const unavailable = gatewayProblem(spec.llmdVersion, spec.gateway);
    if (unavailable) {
        ctx.addIssue({ code: "custom", path: ["gateway"], message: unavailable });
    }
    if (spec.prefill.tensorParallelSize > spec.decode.tensorParallelSize) {
        ctx.addIssue({
            code: "custom",
            path: ["prefill", "tensorParallelSize"],
            message:
                `prefill tensorParallelSize ${spec.prefill.tensorParallelSize} is larger than decode tensorParallelSize ` +
                `${spec.decode.tensorParallelSize}; NIXL cannot move KV cache from a wider prefill to a narrower decode: ` +
                `use a prefill tensorParallelSize of at most ${spec.decode.tensorParallelSize}`,
        });
    }
    checkDerivedNames(spec, ctx);
    for (const role of ["prefill", "decode"] as const) {
        checkRequestsWithinLimits(spec, role, ctx);
        checkPodFitsNode(spec, role, ctx);
    }
}

/** The gateways that work on the spec's hardware and llm-d version. */
function gatewaysFor(spec: Pick<PDSpec, "hardware" | "llmdVersion">): GatewayName[] {
    return gatewaysOf(spec.llmdVersion).filter((g) => !GATEWAYS[g].requiresHardware || GATEWAYS[g].requiresHardware === spec.hardware);
}

/** Every name the release derives from the namespace and the release postfix fits its limit (rules/names.ts). */
function checkDerivedNames(spec: PDSpec, ctx: z.RefinementCtx): void {
    const profile = RELEASE_PROFILES[spec.llmdVersion];
    const found = postfixNameProblems((postfix) => profile.nameBudget(spec.namespace, postfix, spec.gateway), spec.releasePostfix);
    if (!found) {
        return;
    }
    const fix =
        found.longest === 0
            ? `no release postfix fits in namespace "${spec.namespace}": use a shorter namespace`
            : `the longest postfix that fits in namespace "${spec.namespace}" is ${found.longest} characters: use at most ${found.longest}`;
    ctx.addIssue({
        code: "custom",
        path: ["releasePostfix"],
        message: `makes names too long for Kubernetes: ${describeNamesOverLimits(found.problems)}; ${fix}`,
    });
}

/** A role's cpu and memory requests are not above its limits, after the hardware's defaults (rules/resources.ts). */
function checkRequestsWithinLimits(spec: PDSpec, role: "prefill" | "decode", ctx: z.RefinementCtx): void {
    const defaults = spec.hardwareProfile[role];
    for (const over of requestsAboveLimits(spec[role].requests, spec[role].limits)) {
        const r = over.resource as keyof CpuMemory;
        // Point at the key the user changed: the limit when only it differs from the hardware's default.
        const limitChangedAlone = spec[role].requests[r] === defaults.requests[r] && spec[role].limits[r] !== defaults.limits[r];
        const side = limitChangedAlone ? "limits" : "requests";
        const given = (s: "limits" | "requests") => (spec[role][s][r] === defaults[s][r] ? ` (hardware ${spec.hardware}'s default)` : "");
        ctx.addIssue({
            code: "custom",
            path: [role, "resources", side, r],
            message:
                `${role} ${r} request ${over.request}${given("requests")} is above its limit ${over.limit}${given("limits")}, which Kubernetes ` +
                `rejects (no pod starts and Helm waits for its timeout): set resources.requests.${r} to at most ${over.limit} or raise resources.limits.${r}`,
        });
    }
}

/** One pod's accelerators (its tensor parallel size) fit on one node of the hardware (rules/capacity.ts). */
function checkPodFitsNode(spec: PDSpec, role: "prefill" | "decode", ctx: z.RefinementCtx): void {
    const tp = spec[role].tensorParallelSize;
    const profile = spec.hardwareProfile;
    if (podFitsNode(tp, profile)) {
        return;
    }
    ctx.addIssue({
        code: "custom",
        path: [role, "tensorParallelSize"],
        message:
            `${role} tensorParallelSize ${tp} puts ${tp} ${profile.acceleratorResource} in one pod, but a node of hardware "${spec.hardware}" ` +
            `has ${profile.acceleratorsPerNode}: the pod can never be scheduled; use at most ${profile.acceleratorsPerNode}`,
    });
}

/** Shape checks, then the hardware's defaults, then cross-field checks. */
export const pdStackSchema = pdStackInputSchema.transform(applyDefaults).superRefine(checkCrossFields);

/**
 * Validates raw input (stack config or component args) and returns the spec; throws an
 * `InputError` naming each bad key, as `prefix` + key, before anything is registered.
 */
export function resolveSpec(input: unknown, prefix: string, options: ParseOptions = {}): PDSpec {
    return parseInput(pdStackSchema, input, prefix, "PDStack configuration", options);
}
