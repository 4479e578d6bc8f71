/**
 * The plan's stack config loader on this project's Pulumi.yaml: every documented way to configure a
 * stack passes the CLI's checks, what the CLI refuses is refused with its reason, and no message or
 * note holds a secret.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { loadProjectConfig } from "../../plan/pulumiConfig";
import { loadStackConfig, PLACEHOLDER_SECRET_VALUE } from "../../plan/stackConfig";
import { PROJECT_DIR, tempDir, writeStackFile } from "../support/planCli";
import { TOKEN } from "../support/tokens";

const TOKEN_KEY = "llm-d-pd:hfToken";

const load = (stack: string, config: Record<string, unknown>) => loadStackConfig(PROJECT_DIR, stack, writeStackFile(stack, config));

/** The error `fn` throws; fails when it throws nothing. */
function errorOf(fn: () => unknown): Error {
    try {
        fn();
    } catch (e) {
        return e as Error;
    }
    assert.fail("expected an error");
}

describe("plan/stackConfig: a stack's config as pulumi up gets it", () => {
    it("Pulumi.yaml passes the CLI's own checks, and declares no default on a secret key", () => {
        const project = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8"));
        const declared = loadProjectConfig(project.name, project.config);
        for (const [key, decl] of Object.entries(declared)) {
            assert.ok(!(decl.secret && decl.default !== undefined), `${key}: a default on a secret key fails every stack that omits it`);
        }
    });

    it("plans a fresh clone's stack, whose only gap is the token, with a placeholder and a note saying how to set it", () => {
        for (const stack of ["h200-ib", "gke", "xpu"]) {
            const config = loadStackConfig(PROJECT_DIR, stack);
            assert.strictEqual(config.values[TOKEN_KEY], PLACEHOLDER_SECRET_VALUE);
            assert.deepStrictEqual(config.secretKeys, [TOKEN_KEY]);
            assert.deepStrictEqual(config.notes, [
                "llm-d-pd:hfToken: not set; pulumi up needs it: pulumi config set --secret hfToken <token> " +
                    "(or name an existing Secret: pulumi config set existingHfTokenSecret <name>); planned with a placeholder secret",
            ]);
        }
    });

    it("passes a stack that names existingHfTokenSecret and sets no token, with no placeholder", () => {
        const config = load("existing", { hardware: "xpu", existingHfTokenSecret: "my-hf" });
        assert.strictEqual(config.values[TOKEN_KEY], "", "Pulumi.yaml's default: the CLI does not require the token");
        assert.deepStrictEqual(config.secretKeys, []);
        assert.deepStrictEqual(config.notes, []);
    });

    it("passes a token set with pulumi config set --secret, as a secret the plan cannot decrypt", () => {
        const config = load("enc", { hardware: "xpu", hfToken: { secure: "v1:c2VjcmV0" } });
        assert.deepStrictEqual(config.secretKeys, [TOKEN_KEY]);
        assert.strictEqual(config.values[TOKEN_KEY], PLACEHOLDER_SECRET_VALUE);
        assert.deepStrictEqual(config.notes, ["llm-d-pd:hfToken: encrypted in Pulumi.enc.yaml, which the plan does not decrypt; planned with a placeholder secret"]);
    });

    it("passes a plain-text token on as plain text, as the CLI does (the program refuses it)", () => {
        const config = load("plain", { hardware: "xpu", hfToken: TOKEN });
        assert.strictEqual(config.values[TOKEN_KEY], TOKEN);
        assert.deepStrictEqual(config.secretKeys, []);
    });

    it("applies Pulumi.yaml's defaults, and passes values as the language host gets them (text, JSON)", () => {
        const config = load("defaults", { hardware: "gke", prefill: { replicas: 2 }, maxModelLen: 4096 });
        assert.strictEqual(config.values["llm-d-pd:namespace"], "llm-d-pd");
        assert.strictEqual(config.values["llm-d-pd:createNamespace"], "true");
        assert.strictEqual(config.values["llm-d-pd:maxModelLen"], "4096");
        assert.strictEqual(config.values["llm-d-pd:prefill"], '{"replicas":2}');
        assert.strictEqual(config.values["llm-d-pd:decode"], "{}");
    });

    it("refuses what the CLI refuses, with the CLI's reason, as a RunError (the message alone under pulumi up)", () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ gateway: "istio" }, "Stack 'bad' is missing configuration value 'hardware'"],
            [{ hardware: "xpu", maxModelLen: "abc" }, "Stack 'bad' with configuration key 'maxModelLen' must be of type 'integer'"],
            [{ hardware: "xpu", createNamespace: "yes" }, "Stack 'bad' with configuration key 'createNamespace' must be of type 'boolean'"],
            [{ hardware: ["xpu"] }, "Stack 'bad' with configuration key 'hardware' must be of type 'string'"],
        ];
        for (const [config, reason] of cases) {
            const err = errorOf(() => load("bad", config));
            assert.ok(pulumi.RunError.isInstance(err), `${reason}: not a RunError`);
            assert.strictEqual(err.message, `invalid stack configuration:\n  ${reason}`);
        }
    });

    it("never echoes a token written in the wrong shape", () => {
        const err = errorOf(() => load("shape", { hardware: "xpu", hfToken: { value: TOKEN } }));
        assert.strictEqual(err.message, "invalid stack configuration:\n  Stack 'shape' with configuration key 'hfToken' must be of type 'string'");
    });

    it("reads a stack file key without a namespace as the project's, as pulumi does (stackConfigNamespacedWithProject), not as config.ParseKey alone would", () => {
        const dir = tempDir();
        const file = path.join(dir, "Pulumi.nons.yaml");
        fs.writeFileSync(file, YAML.stringify({ config: { hardware: "xpu" } }));
        assert.strictEqual(loadStackConfig(PROJECT_DIR, "nons", file).values["llm-d-pd:hardware"], "xpu");
    });
});
