/**
 * The list of policies `pdstack/policies` publishes: names, levels, config schemas, and no violation
 * on what PDStack itself registers (each hardware's defaults and the shipped stacks).
 */
import * as assert from "assert";
import { ACCELERATOR_BUDGET, DEFAULT_MAX_ACCELERATORS, PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, POLICIES, POLICY_PACK_NAME } from "../../../components/policies";
import { evaluatePolicies } from "../../../plan/policyEvaluator";
import { recordEachHardware, recordShippedStack } from "../../support/policyFixture";

describe("policies of the llm-d-pd pack (pdstack/policies)", () => {
    it("lists the documented policies, each with its level and kind", () => {
        const table = POLICIES.map((p) => [p.name, p.enforcementLevel, "validateStack" in p ? "stack" : "resource"]);
        assert.deepStrictEqual(table, [
            ["pd-name-lengths", "mandatory", "resource"],
            ["pd-accelerator-resources", "mandatory", "stack"],
            ["pd-accelerator-budget", "mandatory", "stack"],
            ["pd-nixl-wiring", "mandatory", "stack"],
            ["pd-model-server-probes", "mandatory", "stack"],
            ["pd-no-plaintext-secrets", "mandatory", "resource"],
            ["pd-pinned-versions", "mandatory", "resource"],
            ["pd-workload-fit", "advisory", "resource"],
            ["pd-monitoring-crds", "advisory", "stack"],
            ["pd-model-cache-offline", "mandatory", "stack"],
            ["pd-model-cache-access", "mandatory", "stack"],
        ]);
        for (const p of POLICIES) {
            assert.ok(p.description.length > 40, p.name);
        }
        assert.strictEqual(POLICY_PACK_NAME, "llm-d-pd");
        assert.strictEqual(PACK_ENFORCEMENT_LEVEL, "advisory");
        assert.ok(PACK_DESCRIPTION.length > 40);
    });

    it("gives the budget policy an integer maxAccelerators of at least 1, default 8", () => {
        const budget = POLICIES.find((p) => p.name === ACCELERATOR_BUDGET)!;
        assert.deepStrictEqual(budget.configSchema!.properties.maxAccelerators.type, "integer");
        assert.deepStrictEqual(budget.configSchema!.properties.maxAccelerators.minimum, 1);
        assert.deepStrictEqual(budget.configSchema!.properties.maxAccelerators.default, DEFAULT_MAX_ACCELERATORS);
        assert.strictEqual(DEFAULT_MAX_ACCELERATORS, 8);
    });

    it("finds nothing wrong with PDStack's own output on each hardware", async () => {
        const { xpu, h200, gke } = await recordEachHardware();
        for (const rs of [xpu, h200, gke]) {
            assert.deepStrictEqual(await evaluatePolicies(rs), []);
        }
    });

    for (const stack of ["xpu", "h200-ib", "gke"]) {
        it(`finds nothing wrong with the shipped stack ${stack}`, async () => {
            assert.deepStrictEqual(await evaluatePolicies(await recordShippedStack(stack)), []);
        });
    }
});
