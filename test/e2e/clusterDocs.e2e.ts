/**
 * The docs' `sh cluster` blocks (test/support/docSnippets.ts), run as a user runs them on a deployed
 * stack: `pulumi up` of the stack the page describes on the test API server (the e2e program: the real
 * index.ts, workloads not awaited, Helm charts replaced by empty stand-ins), then every line with the
 * real kubectl, helm and Pulumi CLI (support/docLines.ts), each page's blocks in page order on one
 * stack, destroyed after them. A `kubectl get` must print what it names, one with a label selector list
 * something. A `sh cluster` block of a page with no stack here fails the test.
 *
 * What cannot run here is in `sh live` blocks (docs/contributing.md): pod logs, port-forwards and
 * requests to the model (no kubelet runs a pod), objects an operator or an upstream chart creates
 * (KEDA's HPAs; the router chart's EPP Service, token Secret and ServiceMonitor: its stand-in is empty),
 * provider settings the toolchain's Kubernetes provider predates (docs/operate-adoption.md), the
 * network, the Pulumi service.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { commandLines, userDocSnippets } from "../support/docSnippets";
import { PROJECT_DIR } from "../support/planCli";
import type { TestCluster } from "./support/cluster";
import { DOC_NAMESPACES, DOC_TOKEN, runKubeLine, runPulumiLine } from "./support/docLines";
import { e2eCluster } from "./support/hooks";
import { e2eTempDir, PulumiWorkspace } from "./support/pulumi";
import { e2eCrds, e2eProject, monitoringCrds } from "./support/stack";

interface Page {
    cluster: TestCluster;
    ws: PulumiWorkspace;
    home: string;
}

interface PageStack {
    /** The pages whose `sh cluster` blocks run on this stack, in this order. */
    pages: string[];
    stack: string;
    /** The stack file's `config:`. */
    config: Record<string, unknown>;
    /** Whether the test stores a secret hfToken (a page that names its own Secret stores none). */
    token: boolean;
    /** Whether the test runs `pulumi up` before the blocks; otherwise a block of the page does. */
    up: boolean;
}

/** The config of a page's `yaml stack` block (a whole stack file, `# Pulumi.<stack>.yaml` first). */
function docStackConfig(file: string): Record<string, unknown> {
    const blocks = userDocSnippets().filter((s) => s.file === file && s.kind === "stack");
    assert.strictEqual(blocks.length, 1, `${file}: one yaml stack block`);
    return YAML.parse(blocks[0].text).config;
}

const STACKS: PageStack[] = [
    {
        // alerts.md has no stack of its own: it names the objects of autoscaling.md's (monitoring and
        // autoscaling on llm-d 0.9), as test/alerts/docs.test.ts checks it.
        pages: ["docs/autoscaling.md", "docs/alerts.md"],
        stack: "scaled",
        config: docStackConfig("docs/autoscaling.md"),
        token: true,
        up: true,
    },
    {
        // The Deploy section's stack, with the token kept out of Pulumi: its first block creates the
        // namespace and the Secret, sets the config and runs `pulumi up`. The default profile (0.2): the
        // troubleshooting block names its release `ms-pd`.
        pages: ["docs/operate.md"],
        stack: "operate",
        config: { "llm-d-pd:hardware": "h200-ib" },
        token: false,
        up: false,
    },
];

const clusterBlocks = userDocSnippets().filter((s) => s.kind === "cluster");

describe("e2e: the docs' sh cluster blocks run on a deployed stack with the real kubectl, helm and Pulumi CLI", function () {
    it("every sh cluster block is on a page with a stack here", () => {
        const pages = STACKS.flatMap((s) => s.pages);
        assert.deepStrictEqual(
            clusterBlocks.filter((s) => !pages.includes(s.file)).map((s) => `${s.file}:${s.line}`),
            [],
            "give the page a stack in test/e2e/clusterDocs.e2e.ts, or put the block in sh live if it cannot run here (docs/contributing.md)",
        );
    });

    for (const page of STACKS) {
        describe(`${page.pages.join(", ")} (stack ${page.stack})`, function () {
            let p: Page;

            before(async function () {
                const cluster = e2eCluster();
                await cluster.applyCrds([...e2eCrds(), ...monitoringCrds()]);
                await cluster.removeNamespaces(DOC_NAMESPACES);
                const tmp = e2eTempDir("cluster-docs");
                const projectDir = e2eProject(tmp, path.join(PROJECT_DIR, "Pulumi.yaml"));
                p = { cluster, ws: new PulumiWorkspace({ projectDir, tmp, kubeconfig: cluster.kubeconfig }), home: path.join(tmp, "home") };
                await p.ws.ok(["stack", "init", page.stack]);
                // The stack file `stack init` wrote (its encryption salt), with the page's config.
                const file = path.join(projectDir, `Pulumi.${page.stack}.yaml`);
                fs.writeFileSync(file, YAML.stringify({ ...(YAML.parse(fs.readFileSync(file, "utf8")) ?? {}), config: page.config }));
                if (page.token) {
                    await p.ws.ok(["config", "set", "--secret", "hfToken", DOC_TOKEN]);
                }
                if (page.up) {
                    const up = await p.ws.ok(["up", "--yes", "--skip-preview"]);
                    assert.doesNotMatch(up.output, new RegExp(DOC_TOKEN), "the token leaked into the output");
                }
            });

            for (const s of page.pages.flatMap((f) => clusterBlocks.filter((b) => b.file === f))) {
                it(`${s.file}:${s.line}`, async () => {
                    for (const line of commandLines(s.text)) {
                        if (!(await runKubeLine(line, p.cluster.kubeconfig, p.home)) && !(await runPulumiLine(p.ws, line))) {
                            assert.fail(`${s.file}:${s.line}: ${line}: the cluster docs test cannot run this line; if it cannot run on the test API server, put it in a sh live block`);
                        }
                    }
                });
            }

            after(async function () {
                if (p) {
                    await p.ws.ok(["destroy", "--yes"]);
                    await p.cluster.removeNamespaces(DOC_NAMESPACES);
                }
            });
        });
    }
});
