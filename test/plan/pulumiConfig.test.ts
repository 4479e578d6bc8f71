/**
 * The Pulumi CLI's config rules as plan/pulumiConfig.ts mirrors them. Cases and expected messages are
 * taken from pulumi/pulumi: pkg/workspace/config.go (and its config_test.go), sdk/go/common/workspace/
 * project.go, sdk/go/common/resource/config/{key,value,object}.go.
 */
import * as assert from "assert";
import {
    ConfigValue,
    createConfigValue,
    formatMissingKeys,
    loadProjectConfig,
    mergeConfig,
    parseKey,
    ProjectConfigType,
    stackFileValue,
    validateConfigValue,
    validateStackConfigValues,
} from "../../plan/pulumiConfig";

const plain = (text: string): ConfigValue => ({ text, secure: false, object: false });
const secure = (text: string): ConfigValue => ({ text, secure: true, object: false });
const object = (json: string): ConfigValue => ({ text: json, secure: false, object: true });
const stackOf = (entries: Record<string, ConfigValue>) => new Map(Object.entries(entries));

describe("plan/pulumiConfig: the Pulumi CLI's config rules", () => {
    describe("missing keys (mergeConfig, formatMissingKeys)", () => {
        it("formats one, two and three missing keys as the CLI does", () => {
            assert.strictEqual(formatMissingKeys(["hfToken"]), "'hfToken'");
            assert.strictEqual(formatMissingKeys(["b", "a"]), "'a' and 'b'");
            assert.strictEqual(formatMissingKeys(["c", "a", "b"]), "'a', 'b' and 'c'");
        });

        it("requires every project key declared without a default or value, reporting all of them at once", () => {
            const declared = loadProjectConfig("proj", { a: { type: "string" }, b: {}, c: { default: 1 }, "other:d": { value: "x" } });
            assert.throws(() => mergeConfig("dev", "proj", declared, stackOf({})), {
                message: "Stack 'dev' is missing configuration values 'a' and 'b'",
            });
            assert.throws(() => mergeConfig("dev", "proj", declared, stackOf({ "proj:b": plain("x") })), {
                message: "Stack 'dev' is missing configuration value 'a'",
            });
        });

        it("applies a default or a value where the stack sets none, and keeps the stack's where it does", () => {
            const declared = loadProjectConfig("proj", { a: { default: 1 }, b: { default: { x: [1] } }, c: "short", "other:d": { value: true } });
            const merged = mergeConfig("dev", "proj", declared, stackOf({ "proj:a": plain("7") }));
            assert.deepStrictEqual(merged.get("proj:a"), plain("7"));
            assert.deepStrictEqual(merged.get("proj:b"), object('{"x":[1]}'));
            assert.deepStrictEqual(merged.get("proj:c"), plain("short"), "a bare value is the project key's default");
            assert.deepStrictEqual(merged.get("other:d"), plain("true"));
        });
    });

    describe("secret keys (validateStackConfigValue)", () => {
        const declared: Record<string, ProjectConfigType> = { secretKey: { type: "string", secret: true } };

        it("refuses a plain-text value for a key declared secret", () => {
            assert.throws(() => validateStackConfigValues("stack1", "proj", declared, stackOf({ "proj:secretKey": plain("plain") })), {
                message: "Stack 'stack1' with configuration key 'secretKey' must be encrypted as it's secret",
            });
            validateStackConfigValues("stack1", "proj", declared, stackOf({ "proj:secretKey": secure("dGVzdFZhbHVl") }));
        });

        it("so a default on a secret key makes every stack that omits the key fail", () => {
            const withDefault = loadProjectConfig("proj", { token: { type: "string", secret: true, default: "" } });
            assert.throws(() => mergeConfig("dev", "proj", withDefault, stackOf({})), {
                message: "Stack 'dev' with configuration key 'token' must be encrypted as it's secret",
            });
            mergeConfig("dev", "proj", withDefault, stackOf({ "proj:token": secure("v1:abc") }));
        });

        it("checks secrecy only on explicitly typed keys, as the CLI does", () => {
            const untyped = loadProjectConfig("proj", { token: { secret: true, default: "" } });
            mergeConfig("dev", "proj", untyped, stackOf({ "proj:token": plain("in the clear") }));
        });
    });

    describe("declared types (ValidateConfigValue)", () => {
        it("accepts what the CLI's 'Typed Config Validates' case accepts", () => {
            const declared = loadProjectConfig("testProject", {
                testInt: { type: "integer" },
                testBool: { type: "boolean" },
                testSecret: { type: "string", secret: true },
                testList: { type: "array", items: { type: "string" } },
                testMap: { type: "object" },
            });
            validateStackConfigValues(
                "stackA",
                "testProject",
                declared,
                stackOf({
                    "testProject:testInt": plain("1"),
                    "testProject:testBool": plain("true"),
                    "testProject:testSecret": secure("dGVzdFZhbHVl"),
                    "testProject:testList": object('["a","b"]'),
                    "testProject:testMap": object('{"float":1.0}'),
                }),
            );
        });

        it("refuses a value of another type, naming the key and the full type", () => {
            const cases: [ProjectConfigType, ConfigValue, string][] = [
                [{ type: "integer" }, plain("not-a-number"), "integer"],
                [{ type: "integer" }, plain("1.5"), "integer"],
                [{ type: "boolean" }, plain("yes"), "boolean"],
                [{ type: "string" }, object('{"value":"x"}'), "string"],
                [{ type: "object" }, plain("x"), "object"],
                [{ type: "array", items: { type: "integer" } }, object('[1,"a"]'), "array<integer>"],
            ];
            for (const [decl, value, typeName] of cases) {
                assert.throws(() => validateStackConfigValues("stackX", "proj", { typeKey: decl }, stackOf({ "proj:typeKey": value })), {
                    message: `Stack 'stackX' with configuration key 'typeKey' must be of type '${typeName}'`,
                });
            }
        });

        it("treats YAML numbers and booleans as the CLI does: their text, which integer and boolean accept", () => {
            assert.deepStrictEqual(stackFileValue(32000), plain("32000"));
            assert.deepStrictEqual(stackFileValue(false), plain("false"));
            assert.deepStrictEqual(stackFileValue({ secure: "v1:abc" }), secure("v1:abc"));
            assert.deepStrictEqual(stackFileValue({ b: 1, a: { secure: "v1:x" } }), { text: '{"a":{"secure":"v1:x"},"b":1}', secure: true, object: true });
            assert.ok(validateConfigValue("integer", undefined, "32000"));
            assert.ok(validateConfigValue("integer", undefined, 3.0));
            assert.ok(!validateConfigValue("integer", undefined, "9223372036854775808"), "beyond int64, as strconv.Atoi");
            assert.ok(validateConfigValue("string", undefined, stackFileValue(5).text), "a YAML number is text, so a string");
            assert.ok(!validateConfigValue("number", undefined, "1"), "no such type");
            assert.deepStrictEqual(createConfigValue(""), plain(""));
            assert.deepStrictEqual(createConfigValue({}), object("{}"));
        });
    });

    describe("Pulumi.yaml itself ((*Project).Validate and the project schema)", () => {
        const refused: [Record<string, unknown>, string][] = [
            [{ n: { type: "integer", default: "abc" } }, "The default value specified for configuration key 'n' is not of the expected type 'integer'"],
            [{ l: { type: "array" } }, "The configuration key 'l' declares an array but does not specify the underlying type via the 'items' attribute"],
            [{ k: { default: 1, value: 2 } }, "project config 'k' cannot have both a 'default' and 'value' attribute"],
            [{ "aws:region": { type: "string", value: "x" } }, "Configuration key 'aws:region' is not namespaced by the project and should not define a type"],
            [{ "aws:region": { value: undefined } }, "Configuration key 'aws:region' is namespaced and must provide an attribute 'value'"],
            [{ k: { typo: 1 } }, "#/config/k: additionalProperties 'typo' not allowed; the allowed attributes are 'default', 'description', 'items', 'secret', 'type' and 'value'"],
            [{ k: { type: "number" } }, '#/config/k/type: value must be one of "string", "integer", "boolean", "array", "object"'],
        ];
        for (const [config, message] of refused) {
            it(`refuses: ${message}`, () => {
                assert.throws(() => loadProjectConfig("proj", config), { message });
            });
        }
    });

    it("parses stack keys as config.ParseKey does: a namespace is required", () => {
        assert.deepStrictEqual(parseKey("llm-d-pd:hardware"), { namespace: "llm-d-pd", name: "hardware" });
        assert.deepStrictEqual(parseKey("llm-d-pd:config:hardware"), { namespace: "llm-d-pd", name: "hardware" });
        assert.throws(() => parseKey("hardware"), {
            message: "could not parse hardware as a configuration key (configuration keys should be of the form `<namespace>:<name>`)",
        });
    });
});
