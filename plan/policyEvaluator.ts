/**
 * Runs the pack's policies outside Pulumi, on the resources of a plan (`plan/recorder.ts`), with the
 * arguments CrossGuard would pass: `validateResource` once per resource with its inputs,
 * `validateStack` once with every resource linked to its parent, dependencies and provider.
 *
 * The policy config has the shape of `pulumi up --policy-pack-config <file>`: keyed by policy name,
 * each an enforcement level or an object of `enforcementLevel` and the policy's config properties
 * (`{"pd-accelerator-budget": {"maxAccelerators": 16}}`); `"all"` sets the enforcement level of every
 * policy. As the CLI does (`ReconcilePolicyPackConfig`), each policy's properties are its `configSchema`
 * defaults overlaid with the given ones, checked against that schema; zod's JSON-schema support does
 * the check. Unlike the CLI, an unknown policy or property is an error rather than ignored.
 *
 * Differences from `pulumi preview`: stack policies get each resource's inputs (Pulumi passes outputs,
 * which for a component are its registered outputs), and secrets arrive masked as "[secret]".
 */
import * as fs from "fs";
import { z } from "zod";
import type {
    EnforcementLevel,
    Policies,
    PolicyConfigSchema,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { isPlainObject } from "../components/validation";
import type { PlannedResource } from "./recorder";
import { PACK_ENFORCEMENT_LEVEL, POLICIES, RETIRED_POLICIES } from "../components/policies";

/** One violation, as the plan lists it. */
export interface PolicyViolation {
    policy: string;
    level: "mandatory" | "advisory";
    /** The resource's name; null for a stack-level violation that names no resource. */
    resource: string | null;
    message: string;
}

/** The policy config is not valid for this pack. */
export class PolicyConfigError extends Error {}

/** Per-policy config as a policy sees it. */
export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    /** `configSchema` defaults overlaid with the given properties (what `args.getConfig()` returns). */
    properties: Record<string, unknown>;
}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

type Policy = ResourceValidationPolicy | StackValidationPolicy;

function levelOf(where: string, entry: unknown): EnforcementLevel | undefined {
    const level = typeof entry === "string" ? entry : isPlainObject(entry) ? entry.enforcementLevel : undefined;
    if (level === undefined) {
        return undefined;
    }
    if (!LEVELS.includes(level as EnforcementLevel)) {
        throw new PolicyConfigError(`${where}: enforcementLevel ${JSON.stringify(level)} must be one of ${LEVELS.join(", ")}`);
    }
    return level as EnforcementLevel;
}

/** The JSON schema the CLI checks a policy's merged config against (pulumi/pulumi `pkg/resource/analyzer/config.go`, `convertSchema`). */
function configJsonSchema(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
    return {
        type: "object",
        properties: schema?.properties ?? {},
        ...(schema?.required?.length ? { required: schema.required } : {}),
        // Stricter than the CLI, which ignores unknown properties: here a misspelt property is an error, not a silent default.
        additionalProperties: false,
    };
}

const compiled = new WeakMap<object, z.ZodType>();

/** The policy's config schema as a zod schema (zod's JSON-schema support), compiled once per policy. */
function configValidator(p: Policy): z.ZodType {
    let v = compiled.get(p);
    if (!v) {
        try {
            v = z.fromJSONSchema(configJsonSchema(p.configSchema) as Parameters<typeof z.fromJSONSchema>[0]);
        } catch (e) {
            throw new PolicyConfigError(`policy "${p.name}": its configSchema is not a JSON schema zod can read: ${(e as Error).message}`);
        }
        compiled.set(p, v);
    }
    return v;
}

/** One line per problem zod found, naming the policy and the property, in the words of the schema. */
function configIssueMessage(p: Policy, issue: z.core.$ZodIssue, given: Record<string, unknown>): string {
    const schemaProps: Record<string, any> = p.configSchema?.properties ?? {};
    if (issue.code === "unrecognized_keys") {
        const known = Object.keys(schemaProps);
        return `policy config "${p.name}": unknown property "${issue.keys[0]}"; ${known.length > 0 ? `it takes ${known.join(", ")}` : "it takes none"}`;
    }
    const key = String(issue.path[0] ?? "");
    const where = `policy config "${p.name}".${key}`;
    const value = given[key];
    const prop = schemaProps[key] ?? {};
    if (value === undefined && issue.path.length === 1) {
        // Only a required property without a default can be missing after the defaults are applied.
        return `policy config "${p.name}": "${key}" is required`;
    }
    switch (issue.code) {
        case "invalid_type":
            return `${where}: must be of type ${[prop.type].flat().join(" or ")}, got ${JSON.stringify(value)}`;
        case "too_small":
            return `${where}: must be ${issue.inclusive ? ">=" : ">"} ${issue.minimum}, got ${JSON.stringify(value)}`;
        case "too_big":
            return `${where}: must be ${issue.inclusive ? "<=" : "<"} ${issue.maximum}, got ${JSON.stringify(value)}`;
        case "invalid_value":
            return `${where}: must be one of ${issue.values.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(value)}`;
        default:
            return `${where}: ${issue.message}, got ${JSON.stringify(value)}`;
    }
}

/** The policy's properties: the schema's defaults overlaid with `given`, checked against the schema. */
function policyProperties(p: Policy, given: Record<string, unknown>): Record<string, unknown> {
    const result = configValidator(p).safeParse(given);
    if (!result.success) {
        throw new PolicyConfigError(result.error.issues.map((i) => configIssueMessage(p, i, given)).join("; "));
    }
    return structuredClone(result.data as Record<string, unknown>);
}

/**
 * Each policy's enforcement level and config, from a `--policy-pack-config` document; throws a
 * {@link PolicyConfigError} naming the key on an unknown policy or property, or a value the schema rejects.
 */
export function resolvePolicyConfig(config: unknown = {}, policies: Policies = POLICIES): Map<string, ResolvedPolicyConfig> {
    if (!isPlainObject(config)) {
        throw new PolicyConfigError(`policy config must be a JSON object keyed by policy name, got ${JSON.stringify(config)}`);
    }
    const names = policies.map((p) => p.name);
    for (const key of Object.keys(config)) {
        if (key !== "all" && !names.includes(key) && Object.prototype.hasOwnProperty.call(RETIRED_POLICIES, key)) {
            throw new PolicyConfigError(`policy config: policy "${key}" is now part of "${RETIRED_POLICIES[key]}", which checks every llm-d release; configure "${RETIRED_POLICIES[key]}" instead`);
        }
        if (key !== "all" && !names.includes(key)) {
            throw new PolicyConfigError(`policy config: unknown policy "${key}"; the pack's policies are ${names.join(", ")} (and "all" for an enforcement level)`);
        }
    }
    const all = levelOf(`policy config "all"`, config.all);
    if (isPlainObject(config.all) && Object.keys(config.all).some((k) => k !== "enforcementLevel")) {
        throw new PolicyConfigError(`policy config "all": only enforcementLevel can be set for all policies`);
    }
    const resolved = new Map<string, ResolvedPolicyConfig>();
    for (const p of policies as Policy[]) {
        const entry = config[p.name];
        if (entry !== undefined && typeof entry !== "string" && !isPlainObject(entry)) {
            throw new PolicyConfigError(`policy config "${p.name}": must be an enforcement level or an object, got ${JSON.stringify(entry)}`);
        }
        const enforcementLevel = levelOf(`policy config "${p.name}"`, entry) ?? all ?? p.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
        const given: Record<string, unknown> = isPlainObject(entry) ? { ...entry } : {};
        delete given.enforcementLevel;
        resolved.set(p.name, { enforcementLevel, properties: policyProperties(p, given) });
    }
    return resolved;
}

/** Reads a `--policy-pack-config` JSON file. */
export function readPolicyConfigFile(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new PolicyConfigError(`cannot read policy config ${file}: ${(e as Error).message}`);
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new PolicyConfigError(`policy config ${file} is not JSON: ${(e as Error).message}`);
    }
}

/** What `args.notApplicable()` throws; caught here as the policy server catches its own. */
class NotApplicable extends Error {}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason ?? "not applicable");
}

function pulumiTypeOf(x: unknown): string | undefined {
    const t = (x as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof t === "string" && t !== "" ? t : undefined;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const t = pulumiTypeOf(resourceClass);
    return t !== undefined && t === type;
}

function options(r: PlannedResource): PolicyResourceOptions {
    return {
        protect: r.protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
        ...(r.parentUrn ? { parent: r.parentUrn } : {}),
    };
}

function providerOf(r: PlannedResource, byUrn: Map<string, PlannedResource>): PolicyProviderResource | undefined {
    const p = r.providerUrn ? byUrn.get(r.providerUrn) : undefined;
    return p ? { type: p.type, props: structuredClone(p.inputs), urn: p.urn, name: p.name } : undefined;
}

/** What resource and stack policies both see of a resource: its identity, a copy of its props, its options. */
function resourceView(r: PlannedResource, byUrn: Map<string, PlannedResource>) {
    const props = structuredClone(r.inputs);
    const provider = providerOf(r, byUrn);
    return {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: options(r),
        isType: (cls: unknown) => isTypeOf(r.type, cls),
        /** `asType` of both arg types: the props when the class is of this resource's type. */
        propsIf: (cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined),
        ...(provider ? { provider } : {}),
    };
}

/** The `resources` of StackValidationArgs: every resource, linked to its parent, dependencies and provider. */
export function policyResources(resources: PlannedResource[]): PolicyResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const out = new Map<string, PolicyResource>();
    for (const r of resources) {
        const { propsIf, ...view } = resourceView(r, byUrn);
        out.set(r.urn, { ...view, asType: propsIf as PolicyResource["asType"], dependencies: [], propertyDependencies: {} });
    }
    for (const r of resources) {
        const resource = out.get(r.urn)!;
        const parent = r.parentUrn ? out.get(r.parentUrn) : undefined;
        if (parent) {
            resource.parent = parent;
        }
        resource.dependencies = r.dependencyUrns.map((u) => out.get(u)).filter((d): d is PolicyResource => d !== undefined);
    }
    return [...out.values()];
}

function validationsOf(p: ResourceValidationPolicy): ResourceValidation[] {
    const v = p.validateResource;
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * Runs every enabled policy on the planned resources and returns the violations: resource policies
 * in resource order, then stack policies. `config` is a `--policy-pack-config` document.
 */
export async function evaluatePolicies(
    resources: PlannedResource[],
    config: Record<string, unknown> = {},
    policies: Policies = POLICIES,
): Promise<PolicyViolation[]> {
    const resolved = resolvePolicyConfig(config, policies);
    const nameOf = new Map(resources.map((r) => [r.urn, r.name]));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const violations: PolicyViolation[] = [];
    const enabled = (policies as Policy[]).filter((p) => resolved.get(p.name)!.enforcementLevel !== "disabled");
    const levelOf = (p: Policy): PolicyViolation["level"] => (resolved.get(p.name)!.enforcementLevel === "advisory" ? "advisory" : "mandatory");
    const getConfigOf = (p: Policy) => <T extends object>() => structuredClone(resolved.get(p.name)!.properties) as T;
    const run = async (p: Policy, f: () => unknown) => {
        try {
            await f();
        } catch (e) {
            if (!(e instanceof NotApplicable)) {
                throw new Error(`policy ${p.name} failed: ${(e as Error).message}`);
            }
        }
    };
    const stackTags: ReadonlyMap<string, string> = new Map();

    for (const r of resources) {
        for (const p of enabled) {
            const validations = "validateResource" in p ? validationsOf(p as ResourceValidationPolicy) : [];
            for (const validate of validations) {
                const t = pulumiTypeOf(validate);
                if (t !== undefined && t !== r.type) {
                    continue;
                }
                const { propsIf, ...view } = resourceView(r, byUrn);
                const args: ResourceValidationArgs = {
                    ...view,
                    asType: propsIf as ResourceValidationArgs["asType"],
                    stackTags,
                    getConfig: getConfigOf(p),
                    notApplicable,
                };
                const report: ReportViolation = (message) => {
                    violations.push({ policy: p.name, level: levelOf(p), resource: r.name, message });
                };
                await run(p, () => validate(args, report));
            }
        }
    }

    for (const p of enabled) {
        if (!("validateStack" in p) || typeof p.validateStack !== "function") {
            continue;
        }
        const stackPolicy = p as StackValidationPolicy;
        const all = policyResources(resources);
        const t = pulumiTypeOf(stackPolicy.validateStack);
        if (t !== undefined && !all.some((r) => r.type === t)) {
            continue;
        }
        const args: StackValidationArgs = { resources: all, stackTags, getConfig: getConfigOf(p), notApplicable };
        const report: ReportViolation = (message, urn) => {
            violations.push({ policy: p.name, level: levelOf(p), resource: urn ? (nameOf.get(urn) ?? urn) : null, message });
        };
        await run(p, () => stackPolicy.validateStack(args, report));
    }
    return violations;
}

/** Whether any violation blocks `pulumi up` (a mandatory policy). */
export function hasMandatoryViolation(violations: readonly { level: string }[]): boolean {
    return violations.some((v) => v.level === "mandatory");
}
