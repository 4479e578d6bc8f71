/** pd-accelerator-budget: the budget from the policy config, summed over every modelservice release. */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { mandatory, one, record, recordEachHardware, violations } from "../../support/policyFixture";

describe("policy pd-accelerator-budget", () => {
    const P = "pd-accelerator-budget";
    let xpu: PlannedResource[];
    let h200: PlannedResource[];

    before(async () => {
        ({ xpu, h200 } = await recordEachHardware());
    });

    it("passes the seed's 8 accelerators and fails 12 with the breakdown and the budget", async () => {
        assert.deepStrictEqual(await mandatory(h200, P), []);
        const rs = await record({ hardware: "h200-ib", prefill: { replicas: 8 } });
        const vs = await violations(rs, P);
        assert.strictEqual(vs.length, 1);
        assert.strictEqual(vs[0].resource, null);
        assert.strictEqual(vs[0].level, "mandatory");
        assert.match(vs[0].message, /^the deployment takes 12 accelerators \(prefill 8 × 1 \+ decode 1 × 4 = 12\), above the budget of 8: /);
        assert.match(vs[0].message, /--policy-pack-config with \{"pd-accelerator-budget": \{"maxAccelerators": 12\}\}/);
        assert.deepStrictEqual(await violations(rs, P, { "pd-accelerator-budget": { maxAccelerators: 16 } }), []);
    });

    it("takes the budget from the policy config (default 8)", async () => {
        assert.deepStrictEqual(await violations(xpu, P, { "pd-accelerator-budget": { maxAccelerators: 4 } }), []);
        one(
            await mandatory(xpu, P, { "pd-accelerator-budget": { maxAccelerators: 3 } }),
            "the deployment takes 4 accelerators (prefill 2 × 1 + decode 1 × 2 = 4), above the budget of 3",
        );
    });

    it("sums every modelservice release of the program", async () => {
        const rs = await record({ hardware: "gke", namespace: "a", releasePostfix: "a" }, { name: "second", hardware: "gke", namespace: "b", releasePostfix: "b" });
        one(await mandatory(rs, P), "the deployment takes 16 accelerators (ms-a: prefill 4 × 1 + decode 1 × 4 = 8; ms-b: prefill 4 × 1 + decode 1 × 4 = 8; total 16), above the budget of 8");
    });
});
