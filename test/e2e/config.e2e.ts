/**
 * The real CLI's config handling against the offline plan's mirror of it (plan/pulumiConfig.ts): each
 * case of test/support/pulumiConfigCases.ts becomes a project (Pulumi.yaml with the case's `config:`,
 * a stack file, a program that records the config it is given), and `pulumi preview` decides. The
 * plan's verdict must be the CLI's: "ok" where preview runs the program, else the CLI's own message;
 * and where it runs, the program gets the values the plan computed.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT_DIR } from "../support/planCli";
import { CONFIG_CASES, ConfigCase, isSecretMarker, planVerdict } from "../support/pulumiConfigCases";
import { e2eTempDir, PulumiWorkspace } from "./support/pulumi";

/**
 * The probe program: writes the config it got (all keys, decrypted) to $E2E_CONFIG_OUT. It first loads
 * the project's loader (scripts/js/register.js), as the e2e program does, so that `@pulumi/pulumi`'s
 * Automation API, which the probe does not use, is not loaded on each of the cases' previews.
 */
const PROGRAM = `require(${JSON.stringify(path.join(PROJECT_DIR, "scripts", "js", "register.js"))});
const pulumi = require("@pulumi/pulumi");
require("fs").writeFileSync(process.env.E2E_CONFIG_OUT, JSON.stringify(pulumi.runtime.allConfig()));
`;

interface CliVerdict {
    ok: boolean;
    output: string;
    /** The config the program got, when it ran. */
    config?: Record<string, string>;
    stackFile: Record<string, unknown>;
}

async function runCase(c: ConfigCase, dir: string): Promise<CliVerdict> {
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        YAML.stringify({ name: "proj", runtime: { name: "nodejs", options: { typescript: false } }, main: "index.js", config: c.project }),
    );
    const plainValues = Object.fromEntries(Object.entries(c.stack).filter(([, v]) => !isSecretMarker(v)));
    const stackPath = path.join(dir, `Pulumi.${c.stackName}.yaml`);
    fs.writeFileSync(stackPath, YAML.stringify({ config: plainValues }));
    const out = path.join(dir, "config-out.json");
    const ws = new PulumiWorkspace({ projectDir: dir, tmp: dir, env: { E2E_CONFIG_OUT: out } });
    const readStackFile = () => (YAML.parse(fs.readFileSync(stackPath, "utf8"))?.config ?? {}) as Record<string, unknown>;

    const init = await ws.run(["stack", "init", c.stackName]);
    if (init.code !== 0) {
        return { ok: false, output: init.output, stackFile: readStackFile() };
    }
    for (const [key, v] of Object.entries(c.stack)) {
        if (isSecretMarker(v)) {
            await ws.ok(["config", "set", "--secret", "--stack", c.stackName, key, v.secret]);
        }
    }
    const preview = await ws.run(["preview", "--stack", c.stackName]);
    const ran = preview.code === 0;
    return {
        ok: ran,
        output: `${init.output}\n${preview.output}`,
        config: ran && fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, "utf8")) : undefined,
        stackFile: readStackFile(),
    };
}

describe("e2e: the Pulumi CLI's config rules agree with the offline plan's (plan/pulumiConfig.ts)", function () {
    const tmp = e2eTempDir("config");

    CONFIG_CASES.forEach((c, i) => {
        it(`${c.name}: ${c.verdict}`, async () => {
            const cli = await runCase(c, path.join(tmp, String(i)));
            // The plan reads the stack file as the CLI left it (secrets encrypted by the CLI).
            const plan = planVerdict(c, cli.stackFile);
            assert.strictEqual(plan, c.verdict, "the plan's verdict is not the case's");
            if (plan === "ok") {
                assert.ok(cli.ok, `the plan accepts, the CLI refuses:\n${cli.output}`);
                assert.ok(cli.config, `the program did not run:\n${cli.output}`);
                // The values the program got are the plan's merged config (encrypted ones decrypted by the CLI).
                const { loadProjectConfig, mergeConfig, parseKey, keyString, stackFileValue } = require("../../plan/pulumiConfig") as typeof import("../../plan/pulumiConfig");
                const merged = mergeConfig(c.stackName, "proj", loadProjectConfig("proj", c.project), new Map(Object.entries(cli.stackFile).map(([k, v]) => [keyString(parseKey(k)), stackFileValue(v)])));
                const want: Record<string, string> = {};
                for (const [k, v] of merged) {
                    const marker = c.stack[k];
                    want[k] = v.secure && isSecretMarker(marker) ? marker.secret : v.text;
                }
                assert.deepStrictEqual(cli.config, want, "the program's config is not the plan's");
            } else {
                assert.ok(!cli.ok, `the plan refuses (${plan}), the CLI runs the program:\n${cli.output}`);
                // The plan may follow the CLI's words with a hint of its own after "; " (an unknown attribute:
                // "...; the allowed attributes are ..."); the CLI's words must be the CLI's.
                const cliWords = plan.split("; ")[0];
                assert.ok(cli.output.includes(cliWords), `the CLI refuses with another message than the plan's (${cliWords}):\n${cli.output}`);
            }
        });
    });
});
