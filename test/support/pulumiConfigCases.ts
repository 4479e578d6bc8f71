/**
 * The config cases of test/plan/pulumiConfig.test.ts as whole projects: a Pulumi.yaml `config:`
 * block, a stack and its stack file, and the verdict of `pulumi preview` (the CLI's message, or
 * "ok"). The offline plan (plan/pulumiConfig.ts) is tested on them in test/plan/pulumiConfigCases.test.ts,
 * and the real CLI on the same ones in test/e2e/config.e2e.ts: the two must agree on each.
 *
 * Values in `stack` are written to the stack file as they are, except `{ secret: "<plaintext>" }`,
 * which the CLI encrypts (`pulumi config set --secret`) and the stack file then holds as `{secure: ...}`.
 */
export interface ConfigCase {
    name: string;
    stackName: string;
    /** The project's `config:` declarations. */
    project: Record<string, unknown>;
    /** Stack file values by full key. */
    stack: Record<string, unknown>;
    /** "ok", or the CLI's message. */
    verdict: string;
}

/** A value the CLI encrypts before it is written to the stack file. */
export const secret = (plaintext: string) => ({ secret: plaintext });

export function isSecretMarker(v: unknown): v is { secret: string } {
    return v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { secret?: unknown }).secret === "string";
}

const typed = { testInt: { type: "integer" }, testBool: { type: "boolean" }, testSecret: { type: "string", secret: true }, testList: { type: "array", items: { type: "string" } }, testMap: { type: "object" } };

export const CONFIG_CASES: ConfigCase[] = [
    {
        name: "two declared keys without default, none set",
        stackName: "dev",
        project: { a: { type: "string" }, b: {}, c: { default: 1 }, "other:d": { value: "x" } },
        stack: {},
        verdict: "Stack 'dev' is missing configuration values 'a' and 'b'",
    },
    {
        name: "one declared key without default left unset",
        stackName: "dev",
        project: { a: { type: "string" }, b: {}, c: { default: 1 }, "other:d": { value: "x" } },
        stack: { "proj:b": "x" },
        verdict: "Stack 'dev' is missing configuration value 'a'",
    },
    {
        name: "defaults, a bare value and another namespace's value applied",
        stackName: "dev",
        project: { a: { default: 1 }, b: { default: { x: [1] } }, c: "short", "other:d": { value: true } },
        stack: { "proj:a": 7 },
        verdict: "ok",
    },
    {
        name: "a plain-text value for a key declared secret",
        stackName: "stack1",
        project: { secretKey: { type: "string", secret: true } },
        stack: { "proj:secretKey": "plain" },
        verdict: "Stack 'stack1' with configuration key 'secretKey' must be encrypted as it's secret",
    },
    {
        name: "an encrypted value for a key declared secret",
        stackName: "stack1",
        project: { secretKey: { type: "string", secret: true } },
        stack: { "proj:secretKey": secret("testValue") },
        verdict: "ok",
    },
    {
        name: "a default on a secret key, and the stack omits the key",
        stackName: "dev",
        project: { token: { type: "string", secret: true, default: "" } },
        stack: {},
        verdict: "Stack 'dev' with configuration key 'token' must be encrypted as it's secret",
    },
    {
        name: "a default on a secret key, and the stack sets it encrypted",
        stackName: "dev",
        project: { token: { type: "string", secret: true, default: "" } },
        stack: { "proj:token": secret("v1") },
        verdict: "ok",
    },
    {
        name: "secret on an untyped key is not checked",
        stackName: "dev",
        project: { token: { secret: true, default: "" } },
        stack: { "proj:token": "in the clear" },
        verdict: "ok",
    },
    {
        name: "the CLI's 'Typed Config Validates' case",
        stackName: "stackA",
        project: typed,
        stack: { "proj:testInt": 1, "proj:testBool": true, "proj:testSecret": secret("testValue"), "proj:testList": ["a", "b"], "proj:testMap": { float: 1.5 } },
        verdict: "ok",
    },
    ...(
        [
            [{ type: "integer" }, "not-a-number", "integer"],
            [{ type: "integer" }, 1.5, "integer"],
            [{ type: "boolean" }, "yes", "boolean"],
            [{ type: "string" }, { value: "x" }, "string"],
            [{ type: "object" }, "x", "object"],
            [{ type: "array", items: { type: "integer" } }, [1, "a"], "array<integer>"],
        ] as [Record<string, unknown>, unknown, string][]
    ).map(
        ([decl, value, typeName]): ConfigCase => ({
            name: `${JSON.stringify(value)} for a key of type ${typeName}`,
            stackName: "stackX",
            project: { typeKey: decl },
            stack: { "proj:typeKey": value },
            verdict: `Stack 'stackX' with configuration key 'typeKey' must be of type '${typeName}'`,
        }),
    ),
    {
        name: "YAML numbers and booleans for integer and boolean keys",
        stackName: "dev",
        project: { n: { type: "integer" }, b: { type: "boolean" }, s: { type: "string" } },
        stack: { "proj:n": 32000, "proj:b": false, "proj:s": 5 },
        verdict: "ok",
    },
    ...(
        [
            [{ n: { type: "integer", default: "abc" } }, "The default value specified for configuration key 'n' is not of the expected type 'integer'"],
            [{ l: { type: "array" } }, "The configuration key 'l' declares an array but does not specify the underlying type via the 'items' attribute"],
            [{ k: { default: 1, value: 2 } }, "project config 'k' cannot have both a 'default' and 'value' attribute"],
            [{ "aws:region": { type: "string", value: "x" } }, "Configuration key 'aws:region' is not namespaced by the project and should not define a type"],
            [{ "aws:region": { description: "no value" } }, "Configuration key 'aws:region' is namespaced and must provide an attribute 'value'"],
            [{ k: { typo: 1 } }, "#/config/k: additionalProperties 'typo' not allowed; the allowed attributes are 'default', 'description', 'items', 'secret', 'type' and 'value'"],
            [{ k: { type: "number" } }, '#/config/k/type: value must be one of "string", "integer", "boolean", "array", "object"'],
        ] as [Record<string, unknown>, string][]
    ).map(
        ([project, verdict]): ConfigCase => ({ name: `Pulumi.yaml declares ${JSON.stringify(project)}`, stackName: "dev", project, stack: {}, verdict }),
    ),
];

/** The stack file's `config:` as the offline tests write it: a secret marker becomes a `{secure}` value. */
export function offlineStackFile(c: ConfigCase): Record<string, unknown> {
    return Object.fromEntries(Object.entries(c.stack).map(([k, v]) => [k, isSecretMarker(v) ? { secure: `v1:offline:${k}` } : v]));
}

/**
 * The offline plan's verdict on a case (plan/pulumiConfig.ts: Pulumi.yaml's declarations, then
 * mergeConfig with validation): "ok", or the message of the error it throws.
 */
export function planVerdict(c: ConfigCase, stackFileConfig: Record<string, unknown>): string {
    // Loaded here so that test/support stays importable where plan/ is not wanted.
    const { loadProjectConfig, mergeConfig, parseKey, keyString, stackFileValue } = require("../../plan/pulumiConfig") as typeof import("../../plan/pulumiConfig");
    try {
        const declared = loadProjectConfig("proj", c.project);
        const stack = new Map(Object.entries(stackFileConfig).map(([k, v]) => [keyString(parseKey(k)), stackFileValue(v)]));
        mergeConfig(c.stackName, "proj", declared, stack);
        return "ok";
    } catch (e) {
        return (e as Error).message;
    }
}
