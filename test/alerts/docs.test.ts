/**
 * docs/autoscaling.md and docs/alerts.md: the plan command runs on the doc's own stack config and shows
 * what the doc says; every kubectl line names objects, kinds, labels and the namespace PDStack deploys for
 * that stack (no cluster here: they are checked against PDStack's names, not run); the alert table and
 * sections list exactly the alerts PDStack creates, and each alert's description points at its section.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { prometheusRuleName } from "../../components/alerts";
import { resolveSpec } from "../../components/pdstack/spec";
import { buildLlmd09AlertRules, buildScaledObjects, llmd09NamesOf } from "../../components/releases/llmd09";
import { PROJECT_DIR, planInProcess, tempDir } from "../support/planCli";

const read = (doc: string) => fs.readFileSync(path.join(PROJECT_DIR, "docs", doc), "utf8");
const AUTOSCALING = read("autoscaling.md");
const ALERTS = read("alerts.md");

/** The blocks of a language, whatever runner the info string names after it (`sh cluster`, `yaml stack`: docs/contributing.md). */
function blocks(doc: string, lang: string): string[] {
    return [...doc.matchAll(new RegExp("```" + lang + "(?: [a-z-]+)?\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}
const shLines = (doc: string) => blocks(doc, "sh").flatMap((b) => b.split("\n").map((l) => l.trim()).filter((l) => l !== ""));

/** The doc's stack: its yaml block, as `pulumi config` would hand it to the program. */
const STACK = parse(blocks(AUTOSCALING, "yaml")[0]).config as Record<string, unknown>;
const PREFIX = "llm-d-pd:";
const spec = resolveSpec(Object.fromEntries(Object.entries(STACK).map(([k, v]) => [k.slice(PREFIX.length), v])), PREFIX);
const names = llmd09NamesOf(spec);
const scaled = buildScaledObjects(spec, names)!;

/** kind → the names PDStack gives objects of that kind in the doc's stack. */
const OBJECTS: Record<string, string[]> = {
    scaledobject: [scaled.prefill.metadata.name, scaled.decode.metadata.name],
    hpa: [scaled.prefill.metadata.name, scaled.decode.metadata.name].map((n) => `keda-hpa-${n}`),
    deployment: [names.prefillDeployment, names.decodeDeployment],
    prometheusrule: [prometheusRuleName(spec.releasePostfix)],
    secret: [names.eppMetricsToken],
    endpoints: [names.epp],
    servicemonitor: [],
    podmonitor: [],
    pods: [],
};
const LABELS = new Set(["llm-d.ai/role=prefill", "llm-d.ai/role=decode"]);

describe("docs/autoscaling.md and docs/alerts.md", () => {
    it("the stack config shown is an autoscaled llm-d 0.9 install", () => {
        assert.strictEqual(spec.llmdVersion, "0.9");
        assert.ok(spec.autoscaling?.installKeda);
    });

    it("the plan command runs on that stack and plans what the doc names", async () => {
        const commands = shLines(AUTOSCALING).filter((l) => l.startsWith("npm run plan"));
        assert.deepStrictEqual(commands, ["npm run plan -- --stack scaled --config-file Pulumi.scaled.yaml"]);
        const dir = tempDir("pdstack-doc-scaled-");
        fs.writeFileSync(path.join(dir, "Pulumi.scaled.yaml"), blocks(AUTOSCALING, "yaml")[0]);
        const args = commands[0].replace("npm run plan -- ", "").split(" ").map((a) => (a === "Pulumi.scaled.yaml" ? path.join(dir, a) : a));
        const run = await planInProcess(...args, "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        const plan = run.json();
        const so = plan.resources.filter((r: any) => r.type === "kubernetes:keda.sh/v1alpha1:ScaledObject");
        assert.deepStrictEqual(so.map((r: any) => [r.name, r.inputs.metadata.name]), [
            ["llm-d-pd-prefill-scaler", "vllm-pd-prefill"],
            ["llm-d-pd-decode-scaler", "vllm-pd-decode"],
        ]);
        assert.ok(AUTOSCALING.includes("`llm-d-pd-prefill-scaler`") && AUTOSCALING.includes("`vllm-pd-prefill`"));
        assert.ok(plan.resources.some((r: any) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "keda" && r.inputs.version === "2.20.1"));
        for (const d of plan.resources.filter((r: any) => r.type === "kubernetes:apps/v1:Deployment")) {
            assert.ok(!("replicas" in d.inputs.spec), `${d.name} has replicas`);
        }
        assert.deepStrictEqual(plan.violations.filter((v: any) => v.level === "mandatory"), []);
    });

    it("every kubectl line names the namespace, kinds, objects and labels PDStack deploys", () => {
        const lines = [...shLines(AUTOSCALING), ...shLines(ALERTS)].filter((l) => !l.startsWith("npm run plan"));
        assert.ok(lines.length >= 10);
        for (const line of lines) {
            const words = line.split(/\s+/);
            assert.strictEqual(words[0], "kubectl", line);
            const ns = words.indexOf("-n");
            assert.strictEqual(words[ns + 1], spec.namespace, `${line}: namespace`);
            const rest = words.slice(2).filter((w, i, all) => w !== "-n" && all[i - 1] !== "-n" && !w.startsWith("-") && all[i - 1] !== "-o" && all[i - 1] !== "-l");
            const label = words.indexOf("-l");
            if (label >= 0) {
                assert.ok(LABELS.has(words[label + 1]), `${line}: label ${words[label + 1]}`);
            }
            if (words[1] === "logs") {
                assert.ok(rest.every((w) => w.startsWith("deployment/") && OBJECTS.deployment.includes(w.slice("deployment/".length))), line);
                continue;
            }
            const [kind, ...objects] = rest;
            assert.ok(kind in OBJECTS, `${line}: kind ${kind}`);
            for (const o of objects) {
                assert.ok(OBJECTS[kind].includes(o), `${line}: no ${kind} ${o} in the install`);
            }
        }
    });

    it("the alert table and sections list exactly the alerts PDStack creates, and each description links its section", () => {
        const rules = buildLlmd09AlertRules(spec, names).rules;
        const alerts = [...new Set(rules.map((r) => r.alert))];
        const table = [...ALERTS.matchAll(/^\| `(PD[A-Za-z]+)` \|/gm)].map((m) => m[1]);
        const sections = [...ALERTS.matchAll(/^## (PD[A-Za-z]+)$/gm)].map((m) => m[1]);
        assert.deepStrictEqual(table, alerts);
        assert.deepStrictEqual(sections, alerts);
        for (const r of rules) {
            assert.ok(r.annotations.description.includes(`docs/alerts.md#${r.alert.toLowerCase()}`), r.alert);
            const row = ALERTS.split("\n").find((l) => l.startsWith(`| \`${r.alert}\``))!;
            assert.ok(row.includes(`| ${r.labels.severity} |`) && row.endsWith(`| ${r.for} |`), `${r.alert}: severity and for in the table`);
        }
    });
});
