/**
 * A strict checker of a value against an OpenAPI v3 schema as Kubernetes uses them: a CRD's structural
 * schema (`openAPIV3Schema`), or a built-in type of the API server's OpenAPI v3 document (with `$ref`
 * into its `components.schemas`). Unknown fields are errors, as `kubectl apply --validate=strict`
 * reports them (the API server would drop them silently). It checks types, required fields, enums,
 * patterns, lengths, bounds, sizes, and the uniqueness of `x-kubernetes-list-type` map and set lists
 * (server-side apply rejects duplicates). It does not evaluate `x-kubernetes-validations` (CEL) rules:
 * it records each one the value reaches in `celRules`, for the caller to check by hand.
 */

type Schema = Record<string, any>;

export interface SchemaContext {
    /** `components.schemas` of an OpenAPI v3 document, which `$ref: "#/components/schemas/<name>"` points into. */
    components?: Record<string, Schema>;
    /** Filled with every CEL rule the value reaches, and where (the checker cannot evaluate them). */
    celRules?: { at: string; rule: string }[];
    /**
     * The schema a resource's `metadata` is checked against (ObjectMeta). A CRD's schema only says
     * `metadata: {type: object}`, since the API server checks ObjectMeta itself: without this option a
     * resource's metadata is not checked.
     */
    objectMeta?: Schema;
}

const REF_PREFIX = "#/components/schemas/";

function resolveRef(ref: string, ctx: SchemaContext): Schema {
    const target = ref.startsWith(REF_PREFIX) ? ctx.components?.[ref.slice(REF_PREFIX.length)] : undefined;
    if (!target) {
        throw new Error(`unresolvable $ref ${ref}`);
    }
    return target;
}

/** The schema with `$ref` and `allOf` folded in (Kubernetes uses `allOf: [{$ref}]` beside `default` and `description`). */
function flatten(schema: Schema, ctx: SchemaContext): Schema {
    let out: Schema = { ...schema };
    if (out.$ref) {
        const { $ref, ...rest } = out;
        out = { ...flatten(resolveRef($ref, ctx), ctx), ...rest };
    }
    if (out.allOf) {
        const { allOf, ...rest } = out;
        out = rest;
        for (const part of allOf as Schema[]) {
            const flat = flatten(part, ctx);
            out = {
                ...flat,
                ...out,
                properties: flat.properties || out.properties ? { ...flat.properties, ...out.properties } : undefined,
                required: [...new Set([...(flat.required ?? []), ...(out.required ?? [])])],
            };
        }
    }
    return out;
}

const sizeOf = (s: string) => [...s].length;

/** Problems of the value-level keywords any type can carry. */
function valueProblems(value: unknown, schema: Schema, at: string): string[] {
    const problems: string[] = [];
    if (schema.enum && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) {
        problems.push(`${at}: must be one of ${schema.enum.join(", ")}`);
    }
    if (typeof value === "string") {
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
            problems.push(`${at}: "${value}" does not match ${schema.pattern}`);
        }
        if (schema.maxLength !== undefined && sizeOf(value) > schema.maxLength) {
            problems.push(`${at}: longer than ${schema.maxLength} characters`);
        }
        if (schema.minLength !== undefined && sizeOf(value) < schema.minLength) {
            problems.push(`${at}: shorter than ${schema.minLength} characters`);
        }
    }
    if (typeof value === "number") {
        if (schema.maximum !== undefined && (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum)) {
            problems.push(`${at}: above the maximum ${schema.maximum}`);
        }
        if (schema.minimum !== undefined && (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum)) {
            problems.push(`${at}: below the minimum ${schema.minimum}`);
        }
    }
    return problems;
}

/** Duplicate entries of a list Kubernetes treats as a map (by its keys) or a set. */
function listProblems(items: unknown[], schema: Schema, ctx: SchemaContext, at: string): string[] {
    const listType = schema["x-kubernetes-list-type"];
    if (listType !== "map" && listType !== "set") {
        return [];
    }
    const itemSchema = schema.items ? flatten(schema.items, ctx) : {};
    const keyOf = (item: any): string =>
        listType === "set"
            ? JSON.stringify(item)
            : JSON.stringify((schema["x-kubernetes-list-map-keys"] as string[]).map((k) => item?.[k] ?? itemSchema.properties?.[k]?.default));
    const seen = new Set<string>();
    const problems: string[] = [];
    items.forEach((item, i) => {
        const key = keyOf(item);
        if (seen.has(key)) {
            problems.push(`${at}[${i}]: duplicate entry ${key} of a list-type ${listType}`);
        }
        seen.add(key);
    });
    return problems;
}

/**
 * Every problem of `value` against `schema`, each as `<path>: <problem>` (`.spec.listeners[0].port: ...`);
 * empty when the API server would accept the value with strict field validation, CEL rules aside.
 */
export function schemaProblems(value: unknown, schemaIn: Schema, ctx: SchemaContext = {}, at = ""): string[] {
    const schema = flatten(schemaIn, ctx);
    for (const rule of schema["x-kubernetes-validations"] ?? []) {
        ctx.celRules?.push({ at, rule: rule.rule });
    }
    if (value === null) {
        return schema.nullable ? [] : [`${at}: must not be null`];
    }
    for (const keyword of ["oneOf", "anyOf"]) {
        if (schema[keyword]) {
            // The value must satisfy the schema and one option: check each option together with the rest of the schema.
            const { [keyword]: choices, ...rest } = schema;
            const options = (choices as Schema[]).map((o) =>
                schemaProblems(value, { ...flatten(o, ctx), ...rest, type: rest.type ?? o.type, required: [...(rest.required ?? []), ...(o.required ?? [])] }, { components: ctx.components, objectMeta: ctx.objectMeta }, at),
            );
            if (!options.some((p) => p.length === 0)) {
                const why = options.map((p) => p.map((problem) => (problem.startsWith(`${at}: `) ? problem.slice(at.length + 2) : problem)).join("; "));
                return [`${at}: matches none of ${keyword} (${why.join(" | ")})`];
            }
        }
    }
    if (schema["x-kubernetes-int-or-string"]) {
        return typeof value === "string" || Number.isInteger(value) ? valueProblems(value, schema, at) : [`${at}: must be an integer or a string`];
    }
    switch (schema.type) {
        case "object": {
            if (typeof value !== "object" || Array.isArray(value)) {
                return [`${at}: must be an object`];
            }
            // Fields whose value is undefined are not serialized: they are not there.
            const entries = Object.entries(value as object).filter(([, v]) => v !== undefined);
            const problems: string[] = [];
            for (const key of schema.required ?? []) {
                if (!entries.some(([k]) => k === key)) {
                    problems.push(`${at}.${key}: is required`);
                }
            }
            if (schema.maxProperties !== undefined && entries.length > schema.maxProperties) {
                problems.push(`${at}: more than ${schema.maxProperties} entries`);
            }
            if (schema.minProperties !== undefined && entries.length < schema.minProperties) {
                problems.push(`${at}: fewer than ${schema.minProperties} entries`);
            }
            const resource = at === "" || schema["x-kubernetes-embedded-resource"];
            const embedded = schema["x-kubernetes-embedded-resource"] ? ["apiVersion", "kind", "metadata"] : [];
            for (const [key, v] of entries) {
                if (resource && key === "metadata") {
                    problems.push(...(ctx.objectMeta ? schemaProblems(v, ctx.objectMeta, ctx, `${at}.metadata`) : []));
                    continue;
                }
                const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
                if (sub) {
                    problems.push(...schemaProblems(v, sub, ctx, `${at}.${key}`));
                } else if (!schema["x-kubernetes-preserve-unknown-fields"] && schema.additionalProperties !== true && !embedded.includes(key)) {
                    problems.push(`${at}.${key}: unknown field`);
                }
            }
            return problems;
        }
        case "array": {
            if (!Array.isArray(value)) {
                return [`${at}: must be an array`];
            }
            const problems: string[] = [];
            if (schema.maxItems !== undefined && value.length > schema.maxItems) {
                problems.push(`${at}: more than ${schema.maxItems} items`);
            }
            if (schema.minItems !== undefined && value.length < schema.minItems) {
                problems.push(`${at}: fewer than ${schema.minItems} items`);
            }
            problems.push(...listProblems(value, schema, ctx, at));
            return [...problems, ...value.flatMap((v, i) => schemaProblems(v, schema.items ?? {}, ctx, `${at}[${i}]`))];
        }
        case "string":
            return typeof value === "string" ? valueProblems(value, schema, at) : [`${at}: must be a string`];
        case "integer":
            return Number.isInteger(value) ? valueProblems(value, schema, at) : [`${at}: must be an integer`];
        case "number":
            return typeof value === "number" && Number.isFinite(value) ? valueProblems(value, schema, at) : [`${at}: must be a number`];
        case "boolean":
            return typeof value === "boolean" ? valueProblems(value, schema, at) : [`${at}: must be a boolean`];
        default:
            return valueProblems(value, schema, at);
    }
}
