/**
 * The docs' `sh charts` blocks (test/support/docSnippets.ts), run with the real helm and no network.
 * No upstream chart is in the repository, so `./charts` is a temp folder holding, for every Helm release
 * of the stack the line plans, an empty stand-in chart of that chart's name and version
 * (test/support/standInChart.ts): the plan must find each release's chart there, run `helm template` on
 * it and print the install; the only problems allowed are the wiring checks that miss the Gateway and
 * InferencePool upstream's charts render and the stand-ins do not. `helm package` packages a stand-in
 * chart at the source path the line names (its sources say version 0.0.0) and must leave the
 * `<chart>-<version>.tgz` that `--charts` reads. `PDSTACK_HELM=<path>` gets the path of the helm the
 * tests use. docs/render.md's failure lines (an empty folder, no network) are test/render/docs.test.ts's.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { locateTool } from "../../render/tools";
import { commandLines, planArgsOf, userDocSnippets } from "../support/docSnippets";
import { PLAN_PROCESS_LIMIT_MS, planInProcess, PROJECT_DIR, runPlanCliWithEnv, tempDir } from "../support/planCli";
import { chartName, writeStandInChart } from "../support/standInChart";

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
/** What upstream's charts render and an empty stand-in does not: the wiring check may miss these, nothing else. */
const MISSING_FROM_STAND_INS = /^HTTPRoute \S+ (names parent Gateway|sends to InferencePool) [^,]*, which is not in the install: /;

interface Violation {
    policy: string;
    level: string;
    message: string;
}

/** The `[level] policy (object): message` lines of a text plan. */
function textViolations(stdout: string): Violation[] {
    return [...stdout.matchAll(/^ {2}\[(\w+)\] (\S+) \([^)]*\): (.*)$/gm)].map((m) => ({ level: m[1], policy: m[2], message: m[3] }));
}

/** `VAR=value` words before the command, and the rest. */
function splitEnv(line: string): { env: Record<string, string>; command: string } {
    const m = /^((?:[A-Z_]+=\S+ )*)(.*)$/.exec(line)!;
    const env = Object.fromEntries(m[1].trim().split(/\s+/).filter((x) => x !== "").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
    return { env, command: m[2] };
}

/** Runs one plan line with `./charts` holding a stand-in for every release's chart, and checks what it printed. */
async function runPlanLine(line: string): Promise<void> {
    const { env, command } = splitEnv(line);
    const helm = await locateTool("helm");
    const unknown = Object.keys(env).filter((k) => k !== "PDSTACK_HELM");
    assert.deepStrictEqual(unknown, [], `${line}: an environment variable the test does not know`);
    const args = planArgsOf(command)!;
    const charts = tempDir("pdstack-doc-charts-");
    const stack = args[args.indexOf("--stack") + 1];
    const planned = await planInProcess("--stack", stack, "--json");
    assert.strictEqual(planned.status, 0, planned.stderr);
    const releases = (planned.json().resources as any[]).filter((r) => r.type === HELM_RELEASE).map((r) => r.inputs as { name: string; chart: string; version: string });
    assert.ok(releases.length > 0, `${line}: stack ${stack} has no Helm release to render`);
    for (const r of releases) {
        writeStandInChart(charts, r.chart, r.version, "the PDStack docs tests");
    }
    const argv = args.map((a) => (a === "./charts" ? charts : a));
    const runEnv = { ...process.env, ...(env.PDSTACK_HELM ? { PDSTACK_HELM: helm.path } : {}) };
    const run = command.startsWith("npx pdstack plan")
        ? spawnSync("npx", ["--no-install", "pdstack", "plan", ...argv], { cwd: PROJECT_DIR, encoding: "utf8", env: runEnv, timeout: PLAN_PROCESS_LIMIT_MS })
        : runPlanCliWithEnv(runEnv, ...argv);
    assert.ok(run.status === 0 || run.status === 3, `${line}: exit ${run.status}\n${run.stderr}`);
    const json = argv.includes("--json") ? JSON.parse(run.stdout) : undefined;
    const notes: string[] = json ? json.notes : run.stdout.split("\n").map((l: string) => l.trim());
    for (const r of releases) {
        const from = `rendered Helm release ${r.name} (${chartName(r.chart)} ${r.version}, 0 objects) from ${path.join(charts, chartName(r.chart))}`;
        assert.ok(notes.includes(from), `${line}: no note "${from}":\n${json ? notes.join("\n") : run.stdout}`);
    }
    if (env.PDSTACK_HELM) {
        assert.ok(notes.some((n) => n.startsWith(`rendered with helm ${helm.version} (${helm.path})`)), `${line}: not rendered with PDSTACK_HELM:\n${notes.join("\n")}`);
    }
    const violations: Violation[] = json ? json.violations : textViolations(run.stdout);
    assert.deepStrictEqual(
        violations.filter((v) => !(v.policy === "rendered-wiring" && MISSING_FROM_STAND_INS.test(v.message))),
        [],
        `${line}: problems other than the objects the stand-in charts leave out`,
    );
    assert.strictEqual(run.status, violations.some((v) => v.level === "mandatory") ? 3 : 0, `${line}: the exit code follows the violations`);
    if (json) {
        assert.ok(json.objects.length > 0, `${line}: no objects in the JSON`);
    } else {
        assert.match(run.stdout, /^Kubernetes objects \(--render\): [1-9]/m, line);
    }
}

/** Runs `helm package ... <source> --destination ./charts` on a stand-in chart at <source>, in a temp folder. */
async function runHelmPackage(line: string): Promise<void> {
    const helm = await locateTool("helm");
    const cwd = tempDir("pdstack-doc-package-");
    const words = line.split(/\s+/);
    const sources = words.slice(2).filter((w, i, rest) => !w.startsWith("-") && !(i === 0 ? words[1] : rest[i - 1]).match(/^--(version|app-version|destination)$/));
    assert.strictEqual(sources.length, 1, `${line}: one chart source`);
    writeStandInChart(path.join(cwd, path.dirname(sources[0])), path.basename(sources[0]), "0.0.0", "the PDStack docs tests");
    const run = spawnSync(helm.path, words.slice(1), { cwd, encoding: "utf8", timeout: PLAN_PROCESS_LIMIT_MS });
    assert.strictEqual(run.status, 0, `${line}\n${run.stderr}`);
    const destination = path.join(cwd, words[words.indexOf("--destination") + 1]);
    const version = words[words.indexOf("--version") + 1];
    assert.deepStrictEqual(fs.readdirSync(destination), [`${path.basename(sources[0])}-${version}.tgz`], `${line}: --charts reads <chart>-<version>.tgz`);
}

describe("docs snippets: sh charts blocks run with the real helm on stand-in charts", function () {
    this.timeout(PLAN_PROCESS_LIMIT_MS);
    const blocks = userDocSnippets().filter((s) => s.kind === "charts");

    it("there are sh charts blocks (README.md, docs/render.md)", () => {
        assert.deepStrictEqual([...new Set(blocks.map((s) => s.file))], ["README.md", "docs/render.md"]);
    });

    for (const s of blocks) {
        for (const line of commandLines(s.text)) {
            it(`${s.file}:${s.line}: ${line}`, async () => {
                const { command } = splitEnv(line);
                if (planArgsOf(command)) {
                    await runPlanLine(line);
                } else if (/^helm package /.test(command)) {
                    await runHelmPackage(line);
                } else {
                    assert.fail(`${line}: the charts test cannot run this line; if it needs the network, put it in a sh live block (docs/contributing.md)`);
                }
            });
        }
    }
});
