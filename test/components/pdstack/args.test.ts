/**
 * The PDStack keys are listed in four places that must agree: PDStackArgs (the component schema the
 * package publishes), the zod schema every input goes through, Pulumi.yaml's `config:` (what the CLI
 * checks and documents) and the configuration reference (docs/configuration.md, which `npm run docs` generates). Program-only keys are named here, with why.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { pdStackInputSchema } from "../../../components/pdstack/spec";
import { PDSTACK_TYPE } from "../../../components/tokens";
import { packageSchema } from "../../support/packageSchema";
import { PROJECT_DIR } from "../../support/planCli";

/** In PDStackArgs and the stack config, not in the zod schema: a Pulumi secret input, checked apart from it. */
const SECRET_INPUT = ["hfToken"];
/** Stack config of the program only: it creates a GKE cluster before the PDStack. */
const PROGRAM_ONLY = ["gkeCluster"];

const sorted = (keys: Iterable<string>) => [...keys].sort();

/** The keys of the reference's table of keys (each a code span, or a link to its fields). */
function referenceConfigKeys(): string[] {
    const page = fs.readFileSync(path.join(PROJECT_DIR, "docs", "configuration.md"), "utf8");
    const start = page.indexOf("\n## Keys\n");
    assert.ok(start >= 0, "docs/configuration.md has no Keys section");
    const section = page.slice(start, page.indexOf("\n## ", start + 1));
    return [...section.matchAll(/^\| \[?`([A-Za-z]+)`/gm)].map((m) => m[1]);
}

describe("config keys: PDStackArgs, the zod schema, Pulumi.yaml and the configuration reference list the same keys", () => {
    let argKeys: string[];
    const zodKeys = sorted(Object.keys(pdStackInputSchema.shape));
    const project = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8"));
    const yamlKeys = sorted(Object.keys(project.config));

    before(async () => {
        argKeys = sorted(Object.keys((await packageSchema()).resources[PDSTACK_TYPE].inputProperties));
    });

    it("PDStackArgs = the zod schema + the secret token", () => {
        assert.deepStrictEqual(argKeys, sorted([...zodKeys, ...SECRET_INPUT]));
    });

    it("Pulumi.yaml = PDStackArgs + the program's own keys, each with a description", () => {
        assert.deepStrictEqual(yamlKeys, sorted([...argKeys, ...PROGRAM_ONLY]));
        for (const key of yamlKeys) {
            assert.ok(String(project.config[key].description ?? "").length > 10, `Pulumi.yaml: ${key} has no description`);
        }
    });

    it("the configuration reference's table of keys = Pulumi.yaml, once each", () => {
        const rows = referenceConfigKeys();
        assert.deepStrictEqual(sorted(rows), yamlKeys);
        assert.strictEqual(new Set(rows).size, rows.length, "a key has two rows");
    });
});
