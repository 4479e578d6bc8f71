/**
 * docs/render.md: every command it shows is run here, and the failure line it quotes is what the plan
 * prints. The documented `./charts` is an empty temp folder (no upstream chart is committed), so each
 * plan command ends on the line that names the first chart to supply; the chart-packaging command
 * runs on the project's own test chart.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { locateTool } from "../../render/tools";
import { PROJECT_DIR, runPlanCliWithEnv, tempDir } from "../support/planCli";

const DOC = fs.readFileSync(path.join(PROJECT_DIR, "docs", "render.md"), "utf8");

/** The command lines of the doc's `sh` blocks (`sh charts`: they need charts, docs/contributing.md), without comments. */
function commands(): string[] {
    return [...DOC.matchAll(/```sh(?: [a-z-]+)?\n([\s\S]*?)```/g)].flatMap((m) =>
        m[1]
            .split("\n")
            .map((l) => l.replace(/\s+#.*$/, "").trim())
            .filter((l) => l !== ""),
    );
}

/** The plan's arguments of `[VAR=value ]npm run plan -- ARGS` (or `npx pdstack plan ARGS`, the same plan), with `./charts` replaced by `charts`. */
function planArgs(command: string, charts: string): { env: Record<string, string>; args: string[] } {
    const m = /^((?:[A-Z_]+=\S+ )*)(?:npm run plan --|npx pdstack plan) (.*)$/.exec(command);
    assert.ok(m, command);
    const env = Object.fromEntries(m[1].trim().split(/\s+/).filter((x) => x !== "").map((kv) => kv.split("=") as [string, string]));
    return { env, args: m[2].split(/\s+/).map((a) => (a === "./charts" ? charts : a)) };
}

const SAMPLE = /```(?:text)?\n(plan failed for stack h200-ib: [^\n]*)\n```/.exec(DOC)![1];

describe("docs/render.md: every command it shows", () => {
    const shown = commands();

    it("shows exactly the commands this test runs", () => {
        assert.deepStrictEqual(shown, [
            "npm run plan -- --stack h200-ib --render",
            "npm run plan -- --stack h200-ib --render --charts ./charts",
            "npx pdstack plan --stack h200-ib --render --charts ./charts --json",
            "PDSTACK_HELM=/opt/helm/helm npm run plan -- --stack xpu --render --charts ./charts",
            "helm package --version v0.5.1 --app-version v0.5.1 gateway-api-inference-extension/config/charts/inferencepool --destination ./charts",
        ]);
    });

    it("--render --charts (text and JSON) with the charts missing prints the documented line", () => {
        for (const command of shown.filter((c) => c.includes("--charts ./charts") && c.startsWith("npm"))) {
            const charts = tempDir("pdstack-doc-charts-");
            const { args } = planArgs(command, charts);
            const run = runPlanCliWithEnv(process.env, ...args);
            assert.strictEqual(run.status, 1, command);
            assert.strictEqual(run.stderr.trim(), SAMPLE.split("/abs/charts").join(charts), command);
        }
    });

    it("--render without --charts pulls, here from nowhere (every connection to a refusing proxy on 127.0.0.1)", () => {
        const proxy = "http://127.0.0.1:9";
        const { args } = planArgs(shown[0], "");
        const run = runPlanCliWithEnv({ ...process.env, HTTPS_PROXY: proxy, HTTP_PROXY: proxy, https_proxy: proxy, http_proxy: proxy, NO_PROXY: "", no_proxy: "" }, ...args);
        assert.strictEqual(run.status, 1);
        assert.match(run.stderr, /^plan failed for stack h200-ib: cannot pull chart llm-d-infra v1\.2\.4 /);
    });

    it("PDSTACK_HELM names the helm to run, checked before use", () => {
        const { env, args } = planArgs(shown[3], tempDir("pdstack-doc-charts-"));
        assert.deepStrictEqual(env, { PDSTACK_HELM: "/opt/helm/helm" });
        const run = runPlanCliWithEnv({ ...process.env, ...env }, ...args);
        assert.strictEqual(run.status, 1);
        assert.match(run.stderr, /^plan failed for stack xpu: PDSTACK_HELM=\/opt\/helm\/helm does not work as helm: .*could not be run \(ENOENT\)\n$/);
    });

    it("helm package at a pinned version (on the project's own chart): a <chart>-<version>.tgz, the name --charts looks for", async () => {
        const helm = await locateTool("helm");
        const work = tempDir("pdstack-doc-src-");
        fs.cpSync(path.join(PROJECT_DIR, "test", "fixtures", "render", "charts"), work, { recursive: true });
        const out = tempDir("pdstack-doc-charts-");
        const args = shown[4].split(/\s+/).slice(1).map((a) => (a === "./charts" ? out : a.startsWith("gateway-api-inference-extension/") ? path.join(work, "pdprobe") : a));
        execFileSync(helm.path, ["dependency", "build", path.join(work, "pdprobe")], { stdio: "pipe" });
        execFileSync(helm.path, args, { stdio: "pipe" });
        assert.deepStrictEqual(fs.readdirSync(out), ["pdprobe-v0.5.1.tgz"]);
    });
});
