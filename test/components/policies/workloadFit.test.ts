/** pd-workload-fit (advisory): the declared workload against the thresholds of the policy config. */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { workloadFitProblem } from "../../../components/policies/workloadFit";
import { record, recordEachHardware, violations } from "../../support/policyFixture";

describe("policy pd-workload-fit (advisory)", () => {
    const P = "pd-workload-fit";
    let xpu: PlannedResource[];

    before(async () => {
        ({ xpu } = await recordEachHardware());
    });

    it("says nothing without a declared workload, nor for the reference 10k/1k", async () => {
        assert.deepStrictEqual(await violations(xpu, P), []);
        assert.deepStrictEqual(await violations(await record({ hardware: "xpu", workload: { inputTokens: 10000, outputTokens: 1000 } }), P), []);
    });

    it("warns on 200/200, on the PDStack, as advisory, with the thresholds", async () => {
        const vs = await violations(await record({ hardware: "h200-ib", workload: { inputTokens: 200, outputTokens: 200 } }));
        assert.strictEqual(vs.length, 1, JSON.stringify(vs));
        assert.strictEqual(vs[0].policy, P);
        assert.strictEqual(vs[0].level, "advisory");
        assert.strictEqual(vs[0].resource, "llm-d-pd");
        for (const s of ["declared workload 200 input / 200 output tokens", "200 input tokens is below 2000", "an input/output ratio of 1 is below 4", "10k input / 1k output", "llm-d-pd:workload", "minInputTokens 2000, minInputOutputRatio 4"]) {
            assert.ok(vs[0].message.includes(s), `${s} not in ${vs[0].message}`);
        }
    });

    it("warns on each threshold alone, and follows the policy config", () => {
        assert.match(workloadFitProblem({ inputTokens: 5000, outputTokens: 2000 })!, /ratio of 2\.5 is below 4/);
        assert.ok(!/input tokens is below/.test(workloadFitProblem({ inputTokens: 5000, outputTokens: 2000 })!));
        assert.match(workloadFitProblem({ inputTokens: 1000, outputTokens: 100 })!, /1000 input tokens is below 2000/);
        assert.strictEqual(workloadFitProblem({ inputTokens: 200, outputTokens: 200 }, { minInputTokens: 100, minInputOutputRatio: 0.5 }), undefined);
    });
});
