/**
 * The `sh e2e` blocks of README.md and docs/ (test/support/docSnippets.ts), run as a user runs them, with
 * the real Pulumi CLI against the test API server: each block in a fresh project with the repository's
 * Pulumi.yaml (so the CLI checks the block's config against the real declarations) and the e2e program
 * (test/e2e/program: the real index.ts, workloads not awaited, Helm charts replaced by empty stand-ins).
 * The README's quick start runs it as TypeScript through the language host's ts-node, as a user's first
 * `pulumi up` does; the other pages' blocks run the compiled program, as the rest of the suite does.
 *
 * Each line maps to one CLI run (support/docLines.ts): `pulumi login` is the workspace's own file backend;
 * `<token>` becomes a dummy token; `pulumi up` and `destroy` run with `--yes`; `npm run plan -- --stack S`
 * reads the stack file the CLI wrote; relative paths (`policy`, `docs/...`) are the repository's. A stack
 * a block brings up is destroyed after it. A line no mapping knows fails the test: give the docs a
 * command it can run. The `sh cluster` blocks run in clusterDocs.e2e.ts.
 */
import * as assert from "assert";
import * as path from "path";
import { ensureBuilt } from "../support/build";
import { commandLines, npmRunArgs, userDocSnippets } from "../support/docSnippets";
import { PROJECT_DIR, runPlanCli } from "../support/planCli";
import { DOC_NAMESPACES, runPulumiLine } from "./support/docLines";
import { e2eCluster } from "./support/hooks";
import { e2eTempDir, PulumiWorkspace } from "./support/pulumi";
import { e2eCrds, e2eProject } from "./support/stack";

describe("e2e: the docs' sh e2e blocks run with the real Pulumi CLI", function () {
    before(async () => {
        ensureBuilt(); // a block may load the policy pack, which imports the package's build
        await e2eCluster().applyCrds(e2eCrds());
    });

    const blocks = userDocSnippets().filter((x) => x.kind === "e2e");
    it("the README's quick start is one of them: the one run as TypeScript, as a user's first pulumi up", () => {
        assert.ok(blocks.some((s) => s.file === "README.md"), "no sh e2e block in README.md: nothing would run the program through ts-node");
    });

    for (const s of blocks) {
        it(`${s.file}:${s.line}`, async () => {
            const tmp = e2eTempDir("docs");
            const projectDir = e2eProject(tmp, path.join(PROJECT_DIR, "Pulumi.yaml"), s.file === "README.md" ? "typescript" : "compiled");
            const ws = new PulumiWorkspace({ projectDir, tmp, kubeconfig: e2eCluster().kubeconfig });
            let stack: string | undefined;
            let up = false;
            try {
                for (const line of commandLines(s.text)) {
                    const plan = npmRunArgs(line, "plan");
                    if (plan && line.startsWith("npm run plan")) {
                        const name = plan[plan.indexOf("--stack") + 1];
                        const run = runPlanCli(...plan.map((a) => (a.startsWith("docs/") ? path.join(PROJECT_DIR, a) : a)), "--config-file", path.join(projectDir, `Pulumi.${name}.yaml`));
                        assert.strictEqual(run.status, 0, `${line}\n${run.stderr}`);
                        continue;
                    }
                    const step = await runPulumiLine(ws, line);
                    if (step === "stack") {
                        stack = line.split(/\s+/)[3];
                    } else if (step === "up" || step === "destroy") {
                        up = step === "up";
                    } else if (step === undefined) {
                        assert.fail(`${s.file}:${s.line}: ${line}: the e2e docs test cannot run this line`);
                    }
                }
            } finally {
                if (up && stack) {
                    await ws.ok(["destroy", "--yes", "--stack", stack]);
                }
                await e2eCluster().removeNamespaces(DOC_NAMESPACES);
            }
        });
    }
});
