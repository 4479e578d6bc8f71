/**
 * The `sh e2e` blocks of README.md and docs/ (test/support/docSnippets.ts), run as a user runs them, with
 * the real Pulumi CLI against the test API server: each block in a fresh project with the repository's
 * Pulumi.yaml (so the CLI checks the block's config against the real declarations) and the e2e program
 * (test/e2e/program: the real index.ts, workloads not awaited, Helm charts replaced by empty stand-ins).
 *
 * Each line maps to one CLI run: `pulumi login` is the workspace's own file backend; `<token>` becomes a
 * dummy token; `pulumi up` and `destroy` run with `--yes`; `npm run plan -- --stack S` reads the stack
 * file the CLI wrote; relative paths (`policy`, `docs/...`) are the repository's. A stack a block brings
 * up is destroyed after it. A line no mapping knows fails the test: give the docs a command it can run.
 */
import * as assert from "assert";
import * as path from "path";
import { ensureBuilt } from "../support/build";
import { commandLines, npmRunArgs, userDocSnippets } from "../support/docSnippets";
import { PROJECT_DIR, runPlanCli } from "../support/planCli";
import { e2eCluster } from "./support/hooks";
import { e2eTempDir, PulumiWorkspace } from "./support/pulumi";
import { e2eCrds, e2eProject } from "./support/stack";

const TOKEN = "hf_e2e_docs_not_a_real_token";
const PLACEHOLDERS: Readonly<Record<string, string>> = { "<token>": TOKEN };

/** The words of a line, placeholders filled, repository paths made absolute. */
function words(line: string): string[] {
    return line
        .split(/\s+/)
        .map((w) => PLACEHOLDERS[w] ?? w)
        .map((w) => (w === "policy" || w.startsWith("docs/") ? path.join(PROJECT_DIR, w) : w));
}

describe("e2e: the docs' sh e2e blocks run with the real Pulumi CLI", function () {
    before(async () => {
        ensureBuilt(); // a block may load the policy pack, which imports the package's build
        await e2eCluster().applyCrds(e2eCrds());
    });

    for (const s of userDocSnippets().filter((x) => x.kind === "e2e")) {
        it(`${s.file}:${s.line}`, async () => {
            const tmp = e2eTempDir("docs");
            const projectDir = e2eProject(tmp, path.join(PROJECT_DIR, "Pulumi.yaml"));
            const ws = new PulumiWorkspace({ projectDir, tmp, kubeconfig: e2eCluster().kubeconfig });
            let stack: string | undefined;
            let up = false;
            try {
                for (const line of commandLines(s.text)) {
                    const w = words(line);
                    const plan = npmRunArgs(line, "plan");
                    if (/^pulumi login\b/.test(line)) {
                        continue; // the workspace's file backend (PULUMI_BACKEND_URL)
                    } else if (/^pulumi stack (init|select)\b/.test(line)) {
                        await ws.ok(w.slice(1));
                        stack = w[3];
                    } else if (/^pulumi config set\b/.test(line)) {
                        await ws.ok(w.slice(1));
                    } else if (plan && line.startsWith("npm run plan")) {
                        const name = plan[plan.indexOf("--stack") + 1];
                        const run = runPlanCli(...plan.map((a) => (a.startsWith("docs/") ? path.join(PROJECT_DIR, a) : a)), "--config-file", path.join(projectDir, `Pulumi.${name}.yaml`));
                        assert.strictEqual(run.status, 0, `${line}\n${run.stderr}`);
                    } else if (/^pulumi up\b/.test(line)) {
                        const r = await ws.ok([...w.slice(1), "--yes", "--skip-preview"]);
                        up = true;
                        assert.doesNotMatch(r.output, new RegExp(TOKEN), "the token leaked into the output");
                    } else if (/^pulumi preview\b/.test(line)) {
                        const r = await ws.run(w.slice(1));
                        assert.strictEqual(r.code, 0, r.output);
                    } else if (/^pulumi stack output \w+$/.test(line)) {
                        const r = await ws.ok(w.slice(1));
                        assert.ok(r.stdout.trim() !== "", `${line}: empty`);
                    } else if (/^pulumi destroy\b/.test(line)) {
                        await ws.ok([...w.slice(1), "--yes"]);
                        up = false;
                    } else {
                        assert.fail(`${s.file}:${s.line}: ${line}: the e2e docs test cannot run this line`);
                    }
                }
            } finally {
                if (up && stack) {
                    await ws.ok(["destroy", "--yes", "--stack", stack]);
                }
            }
        });
    }
});
