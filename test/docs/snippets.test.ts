/**
 * Every fenced block of README.md and docs/**.md is run or checked, as its info string says
 * (test/support/docSnippets.ts, docs/contributing.md "Snippets"): `npm run plan|smoke|docs` and `npx
 * pdstack plan` lines run offline, in this process through the function each command runs (planCommand,
 * smoke's main against local servers, docsCommand; the commands themselves are spawned by
 * test/plan/cli.test.ts, test/smoke/cli.test.ts and test/scripts/docs.test.ts), TypeScript compiles against the built package and runs under
 * Pulumi mocks, stack files and policy configs are planned, and what needs the Pulumi CLI or a cluster
 * is checked against the code here (and run by test/e2e/docs.e2e.ts where the e2e suite can). A block
 * with no runner fails, so a new block in the docs needs one.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { parse as parseYaml } from "yaml";
import { parseOptions } from "../../plan";
import { ResourceRecorder } from "../../plan/recorder";
import { parseSmokeArgs } from "../../smoke/args";
import { docsCommand } from "../../scripts/docs/command";
import { ensureBuilt } from "../support/build";
import { writeConsumerProgram } from "../support/consumerProgram";
import { commandLines, npmRunArgs, pdstackPlanArgs, planArgsOf, Snippet, SNIPPET_KINDS, staticProblems, userDocSnippets } from "../support/docSnippets";
import { startPdCluster } from "../support/pdCluster";
import { planInProcess, PROJECT_DIR, tempDir } from "../support/planCli";
import { runMain } from "../support/smokeMain";

/** Docs whose `sh` blocks another test runs, with more than this one knows (local EPP and pod metrics, tokens). */
const DELEGATED: Readonly<Record<string, string>> = {
    "docs/smoke.md": "test/smoke/docs.test.ts",
};

/** Only a hung run reaches it: a plan takes seconds, the type-check of every block under a minute, on a busy 2-core machine more. */
const GENEROUS_MS = 600_000;

const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
const PACKAGE_SCRIPTS = Object.keys(PACKAGE_JSON.scripts);
const PACKAGE_BINS = Object.keys(PACKAGE_JSON.bin);
const where = (s: Snippet) => `${s.file}:${s.line}`;
const snippets = userDocSnippets();
const ofKind = (kind: string) => snippets.filter((s) => s.kind === kind && !(s.kind === "commands" && DELEGATED[s.file]));

/** The stack files a doc's `yaml stack` blocks define, written to a temp folder: name → path. */
function stackFilesOf(file: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const s of snippets.filter((x) => x.file === file && x.kind === "stack")) {
        const name = stackFileName(s);
        const dir = tempDir("pdstack-snippet-");
        fs.writeFileSync(path.join(dir, name), s.text);
        out.set(name, path.join(dir, name));
    }
    return out;
}

function stackFileName(s: Snippet): string {
    const m = /^# (Pulumi\.([A-Za-z0-9_.-]+)\.yaml)\n/.exec(s.text);
    assert.ok(m, `${where(s)}: a yaml stack block starts with a line "# Pulumi.<stack>.yaml"`);
    return m[1];
}

describe("docs snippets: every block of README.md and docs/ has a runner", () => {
    it("finds the blocks, and each has an info string with a runner", () => {
        assert.ok(snippets.length >= 30, `${snippets.length} blocks`);
        const unclassified = snippets.filter((s) => !s.kind).map((s) => `${where(s)} \`\`\`${s.info}`);
        assert.deepStrictEqual(unclassified, [], `blocks without a runner; use one of: ${Object.keys(SNIPPET_KINDS).join(", ")} (docs/contributing.md)`);
        for (const [doc, test] of Object.entries(DELEGATED)) {
            assert.ok(fs.readFileSync(path.join(PROJECT_DIR, test), "utf8").includes(`"${path.basename(doc)}"`), `${test} reads ${doc}`);
        }
    });

    it("classifies what it is given: a block without an info string, or an unknown one, has no runner", () => {
        const { fencedBlocks } = require("../support/docSnippets") as typeof import("../support/docSnippets");
        const blocks = fencedBlocks("a\n```\nx\n```\n```bash\ny\n```\n- item\n\n  ```sh cluster\n  kubectl get pods\n  ```\n", "t.md");
        assert.deepStrictEqual(
            blocks.map((b) => [b.line, b.info, b.kind, b.text]),
            [
                [2, "", undefined, "x"],
                [5, "bash", undefined, "y"],
                [10, "sh cluster", "cluster", "kubectl get pods"],
            ],
        );
    });

    it("text blocks hold output, not commands", () => {
        for (const s of ofKind("text")) {
            assert.doesNotMatch(s.text, /^\s*(\$ |npm |pulumi |kubectl |helm )/m, `${where(s)}: a command in a text block; give it a runner`);
        }
    });
});

describe("docs snippets: sh blocks run offline", function () {
    this.timeout(GENEROUS_MS);
    for (const s of ofKind("commands")) {
        const stacks = () => stackFilesOf(s.file);
        for (const line of commandLines(s.text)) {
            it(`${where(s)}: ${line}`, async () => {
                const plan = npmRunArgs(line, "plan");
                const smoke = npmRunArgs(line, "smoke");
                const docs = npmRunArgs(line, "docs");
                const bin = pdstackPlanArgs(line);
                if (bin) {
                    // The plan the package's bin runs, its stdout the JSON document and nothing else (the bin
                    // itself, through npx, is test/plan/cli.test.ts's).
                    assert.ok(PACKAGE_BINS.includes("pdstack"), `${line}: no bin pdstack in package.json`);
                    const run = await planInProcess(...bin);
                    assert.strictEqual(run.status, 0, `${line}\n${run.stderr}`);
                    if (bin.includes("--json")) {
                        const doc = JSON.parse(run.stdout);
                        assert.ok((Array.isArray(doc) ? doc[0] : doc).resources.length > 0);
                    }
                } else if (plan && line.startsWith("npm run plan")) {
                    const files = stacks();
                    const args = plan.map((a, i) => (plan[i - 1] === "--config-file" && files.has(a) ? files.get(a)! : a));
                    const run = await planInProcess(...args);
                    assert.strictEqual(run.status, 0, `${line}\n${run.stderr}`);
                    if (args.includes("--json")) {
                        assert.ok(JSON.parse(run.stdout).resources.length > 0);
                    }
                } else if (smoke && line.startsWith("npm run smoke")) {
                    const model = smoke[smoke.indexOf("--model") + 1];
                    const cluster = await startPdCluster({ release: "0.9", behaviour: "pd", model });
                    try {
                        const argv = smoke.map((a) => (a === "http://localhost:8000" ? cluster.gateway.url : a));
                        assert.ok(argv.every((a) => !a.includes("localhost")), `a URL the test does not stand in for: ${line}`);
                        const run = await runMain(argv);
                        assert.strictEqual(run.code, 0, run.stderr);
                    } finally {
                        await cluster.close();
                    }
                } else if (docs && line.startsWith("npm run docs")) {
                    // Checked, never written: on a current tree `npm run docs` writes nothing, which --check asserts.
                    const run = docsCommand(docs.includes("--check") ? docs : [...docs, "--check"]);
                    assert.strictEqual(run.code, 0, [...run.stdout, ...run.stderr].join("\n"));
                } else if (/^npm (ci|test)\b/.test(line) || /^npm run [\w:-]+( |$)/.test(line)) {
                    // Set-up and suite commands cannot run inside the suite: they must be what package.json has.
                    const script = /^npm (?:run )?([\w:-]+)/.exec(line)![1];
                    assert.ok(script === "ci" || PACKAGE_SCRIPTS.includes(script), `${line}: no script ${script} in package.json`);
                } else {
                    assert.fail(`${line}: no offline runner for this line; put it in a \`sh e2e\`, \`sh cluster\`, \`sh charts\` or \`sh live\` block (docs/contributing.md)`);
                }
            });
        }
    }
});

describe("docs snippets: sh e2e, cluster, charts and live blocks name what the code has", () => {
    for (const s of [...ofKind("e2e"), ...ofKind("cluster"), ...ofKind("charts"), ...ofKind("live")]) {
        it(`${where(s)} (${s.info})`, () => {
            for (const raw of commandLines(s.text)) {
                const line = raw.replace(/^(\w+=\S+ )+/, "");
                assert.match(line, /^(pulumi|kubectl|helm|curl|eval|\$\(pulumi|npm run (plan|smoke)|npx pdstack plan) /, `${where(s)}: ${line}: not a command the docs run`);
                assert.deepStrictEqual(staticProblems(line), [], `${where(s)}: ${line}`);
                const plan = planArgsOf(line);
                if (plan) {
                    const parsed = parseOptions(plan);
                    assert.ok(parsed !== "help");
                    // --render --charts runs on stand-in charts (sh charts); --render alone pulls from the network (sh live); a plain plan runs offline.
                    const kind = parsed.render ? (parsed.chartsDir ? "charts" : "live") : undefined;
                    assert.ok(kind ? s.kind === kind : s.kind !== "charts", `${line}: --render --charts plans go in sh charts blocks, --render without --charts in sh live, others run offline`);
                }
                const smoke = npmRunArgs(line, "smoke");
                if (smoke) {
                    assert.notStrictEqual(parseSmokeArgs(smoke), "help", line);
                }
            }
        });
    }

    it("the static check catches an output or a key the code does not have", () => {
        assert.deepStrictEqual(staticProblems('eval "$(pulumi stack output smokeCommand)"'), []);
        assert.match(staticProblems("pulumi stack output gatewayServiceName").join(), /stack output gatewayServiceName is not exported by index\.ts/);
        assert.match(staticProblems("pulumi config set --secret hfTokn x").join(), /config key hfTokn is not declared/);
        assert.deepStrictEqual(staticProblems("pulumi config set kubernetes:context ctx"), []);
    });
});

describe("docs snippets: stack files and policy configs are planned", function () {
    this.timeout(GENEROUS_MS);
    for (const s of ofKind("stack")) {
        it(`${where(s)}: ${stackFileName(s)}`, async () => {
            const name = stackFileName(s);
            const file = stackFilesOf(s.file).get(name)!;
            assert.ok(parseYaml(s.text).config, `${where(s)}: a stack file has a config: map`);
            const run = await planInProcess("--stack", name.slice("Pulumi.".length, -".yaml".length), "--config-file", file, "--json");
            assert.strictEqual(run.status, 0, run.stderr);
            assert.deepStrictEqual(run.json().violations.filter((v: any) => v.level === "mandatory"), []);
        });
    }

    for (const s of ofKind("policy-config")) {
        it(`${where(s)}: a policy config the plan accepts`, async () => {
            const file = path.join(tempDir("pdstack-snippet-"), "policy-config.json");
            fs.writeFileSync(file, s.text);
            const run = await planInProcess("--stack", "h200-ib", "--json", "--policy-config", file);
            assert.strictEqual(run.status, 0, run.stderr);
        });
    }
});

describe("docs snippets: TypeScript compiles against the built package and runs under Pulumi mocks", function () {
    this.timeout(GENEROUS_MS);
    const blocks = ofKind("typescript");
    let dir: string;
    const fileOf = (i: number) => path.join(dir, `snippet${i}.ts`);

    before(() => {
        ensureBuilt();
        dir = tempDir("pdstack-snippets-");
        // As a consumer's program sees the package: "pdstack" linked to the project, one @pulumi SDK for both.
        fs.mkdirSync(path.join(dir, "node_modules"));
        fs.symlinkSync(PROJECT_DIR, path.join(dir, "node_modules", "pdstack"), "dir");
        fs.symlinkSync(path.join(PROJECT_DIR, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
        fs.symlinkSync(path.join(PROJECT_DIR, "node_modules", "@types"), path.join(dir, "node_modules", "@types"), "dir");
        blocks.forEach((s, i) => writeConsumerProgram(dir, `snippet${i}`, s.text));
    });

    it("there is TypeScript in the docs (the README's embed example)", () => {
        assert.ok(blocks.some((s) => s.file === "README.md"));
    });

    it("every block type-checks (strict)", () => {
        const program = ts.createProgram(
            blocks.map((_, i) => fileOf(i)),
            { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, skipLibCheck: true, types: ["node"] },
        );
        const problems = ts.getPreEmitDiagnostics(program).map((d) => {
            const i = d.file ? blocks.findIndex((_, k) => fileOf(k) === d.file!.fileName) : -1;
            const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
            return `${i >= 0 ? `${blocks[i].file}:${blocks[i].line + 1 + at}` : d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
        });
        assert.deepStrictEqual(problems, []);
    });

    blocks.forEach((s, i) => {
        it(`${where(s)} runs under mocks: every component constructed, nothing refused`, async () => {
            const recorder = await ResourceRecorder.install("snippet", "docs");
            pulumi.runtime.setAllConfig({ "snippet:hfToken": "hf_SnippetTokenThatMustNeverAppear1234567" }, ["snippet:hfToken"]);
            const exported = require(fileOf(i).replace(/\.ts$/, ".js")) as Record<string, unknown>;
            const resources = await recorder.settle();
            assert.ok(resources.length > 0, "the snippet registered nothing");
            for (const r of resources) {
                assert.doesNotMatch(JSON.stringify(r.inputs), /hf_SnippetTokenThatMustNeverAppear/, `${r.type} ${r.name}: the token in plain text`);
            }
            assert.ok(Object.keys(exported).length > 0, "the snippet exports its outputs");
        });
    });
});
