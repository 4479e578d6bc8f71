/**
 * `npm run plan -- --render [--charts DIR]` as a user runs it: its arguments, its one-line failures
 * (a chart missing from DIR; a chart that cannot be pulled, with every connection sent to a proxy on
 * 127.0.0.1 that refuses it), and a plan without --render loading no render code.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { PLAN_COMMAND, PLAN_PROCESS_LIMIT_MS, PROJECT_DIR, runPlanCli, runPlanCliWithEnv, tempDir } from "../support/planCli";

const INFRA = "chart llm-d-infra v1.2.4 (repository https://llm-d-incubation.github.io/llm-d-infra/, release infra-pd)";

function oneLine(stderr: string): string {
    const lines = stderr.split("\n").filter((l) => l !== "");
    assert.strictEqual(lines.length, 1, `one line on stderr: ${stderr}`);
    return lines[0];
}

describe("npm run plan -- --render: the command line", () => {
    it("--charts without --render is a usage error (exit 2)", () => {
        const run = runPlanCli("--stack", "xpu", "--charts", "charts");
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stdout, "");
        assert.match(oneLine(run.stderr), /^invalid arguments: --charts needs --render \(usage: /);
    });

    it("--render --charts DIR without the chart: exit 1, one line naming the chart, its version and both ways to supply it", () => {
        const dir = tempDir("pdstack-charts-");
        const run = runPlanCli("--stack", "h200-ib", "--render", "--charts", dir);
        assert.strictEqual(run.status, 1);
        assert.strictEqual(run.stdout, "");
        assert.strictEqual(
            oneLine(run.stderr),
            `plan failed for stack h200-ib: ${INFRA} is not in ${dir}: put llm-d-infra-v1.2.4.tgz there ` +
                `(helm pull llm-d-infra --version v1.2.4 --repo https://llm-d-incubation.github.io/llm-d-infra/ --destination ${dir}) ` +
                `or a chart folder llm-d-infra/ of version v1.2.4; or leave out --charts to pull it from https://llm-d-incubation.github.io/llm-d-infra/`,
        );
    });

    it("--render without --charts pulls each chart; unreachable, it is one line that says how to render offline", () => {
        // Every connection helm makes goes to a proxy on 127.0.0.1 that refuses it: nothing leaves the machine.
        const proxy = "http://127.0.0.1:9";
        const env = { ...process.env, HTTPS_PROXY: proxy, HTTP_PROXY: proxy, https_proxy: proxy, http_proxy: proxy, NO_PROXY: "", no_proxy: "" };
        const run = runPlanCliWithEnv(env, "--stack", "h200-ib", "--render");
        assert.strictEqual(run.status, 1);
        assert.strictEqual(run.stdout, "");
        const line = oneLine(run.stderr);
        assert.ok(line.startsWith(`plan failed for stack h200-ib: cannot pull ${INFRA}: `), line);
        assert.ok(line.includes("127.0.0.1:9"), `the proxy refused it: ${line}`);
        assert.ok(
            line.endsWith("; where the network allows, run helm pull llm-d-infra --version v1.2.4 --repo https://llm-d-incubation.github.io/llm-d-infra/ --destination DIR and pass --charts DIR"),
            line,
        );
    });

    it("a plan without --render loads no render code; with it, the render modules load", () => {
        const script = (render: boolean, dir: string) =>
            `require("./plan.ts").planCommand(${JSON.stringify(["--stack", "xpu", "--json", ...(render ? ["--render", "--charts", dir] : [])])})` +
            `.catch(() => {}).then(() => console.log(Object.keys(require.cache).filter((f) => f.includes("${PROJECT_DIR}/render/")).length))`;
        const loaded = (render: boolean) => {
            // npm run plan's loader (compiled JavaScript), as the CLI runs.
            const r = spawnSync(PLAN_COMMAND[0], [...PLAN_COMMAND.slice(1, -1), "-e", script(render, tempDir("pdstack-charts-"))], { cwd: PROJECT_DIR, encoding: "utf8", timeout: PLAN_PROCESS_LIMIT_MS });
            assert.strictEqual(r.status, 0, r.stderr);
            return Number(r.stdout.trim().split("\n").pop());
        };
        assert.strictEqual(loaded(false), 0);
        assert.ok(loaded(true) > 5, "the check above can see render modules when they are loaded");
    });
});
