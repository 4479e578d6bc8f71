/**
 * `pulumi preview --policy-pack policy` loads the CrossGuard pack and reports what the offline plan
 * reports (`npm run plan -- --json`): the same policies, levels, resources and messages, for the bad
 * stack of the policy tests (test/plan/policyEvaluator.test.ts: an accelerator total above the budget)
 * and for a shipped stack with none. The CLI's violations are read from its "Policies:" section.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ensureBuilt } from "../support/build";
import { PROJECT_DIR, runPlanCli } from "../support/planCli";
import { e2eCluster } from "./support/hooks";
import { e2eTempDir, PulumiWorkspace } from "./support/pulumi";
import { E2E_HF_TOKEN, e2eProject } from "./support/stack";

interface Violation {
    policy: string;
    level: string;
    resource: string | null;
    message: string;
}

const CASES: { stack: string; config: Record<string, unknown>; violations: string[] }[] = [
    { stack: "big", config: { "llm-d-pd:hardware": "h200-ib", "llm-d-pd:prefill": { replicas: 8 } }, violations: ["pd-accelerator-budget"] },
    { stack: "xpu", config: YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.xpu.yaml"), "utf8")).config, violations: [] },
];

/**
 * The violations `pulumi preview` prints under "Policies:" (the preview has no event log): per
 * violation a line `- [<level>]  <policy>  (<type>: <name>)`, then the policy's description and the
 * message, indented. A violation of the stack (pulumi:pulumi:Stack) names no resource, as in the plan.
 */
function cliViolations(output: string): Violation[] {
    const lines = output.split("\n");
    const start = lines.findIndex((l) => /^Policies:/.test(l));
    const out: Violation[] = [];
    for (let i = start + 1; start >= 0 && i < lines.length && lines[i].trim() !== ""; i++) {
        const m = /^\s+- \[(\w+)\]\s+(\S+)\s+\(([^ ]+): (.+)\)\s*$/.exec(lines[i]);
        if (m) {
            out.push({ level: m[1], policy: m[2], resource: m[3] === "pulumi:pulumi:Stack" ? null : m[4], message: "" });
        } else if (out.length > 0 && /^\s{10,}\S/.test(lines[i])) {
            out[out.length - 1].message += ` ${lines[i].trim()}`;
        }
    }
    return out;
}

const key = (v: Violation) => `${v.level} ${v.policy} ${v.resource ?? "(stack)"}`;

describe("e2e: pulumi preview --policy-pack policy reports the offline plan's violations", function () {
    before(() => ensureBuilt()); // npm run build compiles the policies into policy/lib, which the pack imports

    for (const c of CASES) {
        it(`stack ${c.stack}: ${c.violations.join(", ") || "no violation"}`, async () => {
            const tmp = e2eTempDir(`policy-${c.stack}`);
            const configFile = path.join(tmp, `Pulumi.${c.stack}.yaml`);
            fs.writeFileSync(configFile, YAML.stringify({ config: c.config }));

            const plan = runPlanCli("--stack", c.stack, "--config-file", configFile, "--json");
            assert.ok(plan.status === 0 || plan.status === 3, `plan exited ${plan.status}: ${plan.stderr}`);
            const planned: Violation[] = plan.json().violations;
            assert.deepStrictEqual(planned.map((v) => v.policy).sort(), [...c.violations].sort(), "the plan's violations are not the policy tests'");

            const ws = new PulumiWorkspace({ projectDir: e2eProject(tmp), tmp, kubeconfig: e2eCluster().kubeconfig });
            await ws.ok(["stack", "init", c.stack]);
            await ws.ok(["config", "set", "--secret", "llm-d-pd:hfToken", E2E_HF_TOKEN, "--stack", c.stack, "--config-file", configFile]);
            const preview = await ws.run(["preview", "--stack", c.stack, "--config-file", configFile, "--policy-pack", path.join(PROJECT_DIR, "policy")]);
            assert.match(preview.stdout, /^Policies:\n\s+\S+ llm-d-pd@v[\d.]+ \(local: /m, `the policy pack was not loaded:\n${preview.output}`);
            const reported = cliViolations(preview.stdout);
            const mandatory = c.violations.length > 0;
            assert.strictEqual(preview.code === 0, !reported.some((v) => v.level === "mandatory"), `exit ${preview.code} against the reported violations:\n${preview.output}`);
            assert.deepStrictEqual(reported.map(key).sort(), planned.map(key).sort(), `CLI and plan disagree:\n${preview.output}`);
            for (const p of planned) {
                const r = reported.find((v) => key(v) === key(p))!;
                const flat = (t: string) => t.replace(/\s+/g, " ").trim();
                assert.ok(flat(r.message).includes(flat(p.message)), `${key(p)}: the CLI says\n${r.message}\nthe plan says\n${p.message}`);
            }
            assert.strictEqual(mandatory, reported.length > 0);
        });
    }
});
