/**
 * The offline plan's verdict on each whole-project config case (test/support/pulumiConfigCases.ts),
 * the cases test/e2e/config.e2e.ts runs through the real CLI.
 */
import * as assert from "assert";
import { CONFIG_CASES, offlineStackFile, planVerdict } from "../support/pulumiConfigCases";

describe("plan/pulumiConfig on whole projects (the cases the e2e suite gives the real CLI)", () => {
    for (const c of CONFIG_CASES) {
        it(`${c.name}: ${c.verdict}`, () => {
            assert.strictEqual(planVerdict(c, offlineStackFile(c)), c.verdict);
        });
    }
});
