/**
 * `pulumi preview --policy-pack policy` loads the CrossGuard pack and reports what the offline plan
 * reports (`npm run plan -- --json`): the same policies, levels, resources and messages, for the bad
 * stack of the policy tests (test/plan/policyEvaluator.test.ts: an accelerator total above the budget)
 * and for a shipped stack with none. The CLI's violations are read from its engine event log.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ensureBuilt } from "../support/build";
import { PROJECT_DIR, runPlanCli } from "../support/planCli";
import { e2eCluster } from "./support/hooks";
import { e2eTempDir, PulumiWorkspace } from "./support/pulumi";
import { E2E_PROGRAM_DIR } from "./support/stack";

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

/** The violations of a `pulumi preview --event-log` file, as the plan reports them. */
function cliViolations(eventLog: string): Violation[] {
    return fs
        .readFileSync(eventLog, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).policyEvent)
        .filter(Boolean)
        .map((e) => ({
            policy: e.policyName,
            // The engine says "warning" for what the pack calls advisory.
            level: e.enforcementLevel === "warning" ? "advisory" : e.enforcementLevel,
            resource: e.resourceUrn ? e.resourceUrn.split("::").pop() : null,
            message: e.message,
        }));
}

const key = (v: Violation) => `${v.level} ${v.policy} ${v.resource ?? "(stack)"}`;

describe("e2e: pulumi preview --policy-pack policy reports the offline plan's violations", function () {
    before(() => ensureBuilt()); // the pack imports pdstack/policies, the package's build

    for (const c of CASES) {
        it(`stack ${c.stack}: ${c.violations.join(", ") || "no violation"}`, async () => {
            const tmp = e2eTempDir(`policy-${c.stack}`);
            const configFile = path.join(tmp, `Pulumi.${c.stack}.yaml`);
            fs.writeFileSync(configFile, YAML.stringify({ config: c.config }));

            const plan = runPlanCli("--stack", c.stack, "--config-file", configFile, "--json");
            assert.ok(plan.status === 0 || plan.status === 3, `plan exited ${plan.status}: ${plan.stderr}`);
            const planned: Violation[] = plan.json().violations;
            assert.deepStrictEqual(planned.map((v) => v.policy).sort(), [...c.violations].sort(), "the plan's violations are not the policy tests'");

            const ws = new PulumiWorkspace({ projectDir: E2E_PROGRAM_DIR, tmp, kubeconfig: e2eCluster().kubeconfig });
            await ws.ok(["stack", "init", c.stack]);
            await ws.ok(["config", "set", "--secret", "llm-d-pd:hfToken", "hf_e2e_not_a_real_token", "--stack", c.stack, "--config-file", configFile]);
            const events = path.join(tmp, "events.jsonl");
            const preview = await ws.run(["preview", "--stack", c.stack, "--config-file", configFile, "--policy-pack", path.join(PROJECT_DIR, "policy"), "--event-log", events]);
            assert.match(preview.output, /pdstack|llm-d-pd-polic/i, `the policy pack was not loaded:\n${preview.output}`);
            const reported = cliViolations(events);
            const mandatory = c.violations.length > 0;
            assert.strictEqual(preview.code === 0, !reported.some((v) => v.level === "mandatory"), `exit ${preview.code} against the reported violations:\n${preview.output}`);
            assert.deepStrictEqual(reported.map(key).sort(), planned.map(key).sort(), `CLI and plan disagree:\n${preview.output}`);
            for (const p of planned) {
                const r = reported.find((v) => key(v) === key(p))!;
                assert.ok(r.message.includes(p.message), `${key(p)}: the CLI says\n${r.message}\nthe plan says\n${p.message}`);
            }
            assert.strictEqual(mandatory, reported.length > 0);
        });
    }
});
