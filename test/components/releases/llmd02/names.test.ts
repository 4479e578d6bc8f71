import * as assert from "assert";
import { nameProblem } from "../../../../components/pdstack/names";
import { longestPostfixThatFits } from "../../../../components/pdstack/rules";
import { deriveLlmd02Names as deriveNames, llmd02NameBudget as nameBudget, llmd02NameBudgetOf } from "../../../../components/releases/llmd02/names";

describe("derived names and their limits", () => {
    it("modelservice pod hostnames are 46 + len(postfix) (decode) and 47 + len(postfix) (prefill)", () => {
        for (const postfix of ["pd", "abcdefghij", "a".repeat(16)]) {
            const n = deriveNames("llm-d-pd", postfix, "-istio");
            assert.strictEqual(n.decodePodHostname.length, 46 + postfix.length);
            assert.strictEqual(n.prefillPodHostname.length, 47 + postfix.length);
        }
        const pd = deriveNames("llm-d-pd", "pd", "");
        assert.strictEqual(pd.decodeDeployment, "ms-pd-llm-d-modelservice-decode");
        assert.strictEqual(pd.prefillDeployment, "ms-pd-llm-d-modelservice-prefill");
    });

    it("the longest postfix that fits is 16 characters: the prefill hostname then has 63", () => {
        assert.strictEqual(longestPostfixThatFits((p) => llmd02NameBudgetOf("llm-d-pd", p, "istio")), 16);
        const fits = nameBudget(deriveNames("llm-d-pd", "a".repeat(16), "-istio"));
        assert.deepStrictEqual(fits.map(nameProblem).filter(Boolean), []);
        const tooLong = nameBudget(deriveNames("llm-d-pd", "a".repeat(17), "-istio")).map(nameProblem).filter(Boolean);
        assert.deepStrictEqual(tooLong, [`prefill pod hostname "ms-${"a".repeat(17)}-llm-d-modelservice-prefill-hhhhhhhhhh-rrrrr" is 64 characters; the limit is 63`]);
    });

    it("the namespace appears in the EPP FQDN, and a long namespace is caught there", () => {
        const n = deriveNames("team-a", "pd", "");
        assert.strictEqual(n.eppHost, "gaie-pd-epp.team-a.svc.cluster.local");
        const budget = nameBudget(deriveNames("n".repeat(64), "pd", ""));
        const problems = budget.map(nameProblem).filter(Boolean) as string[];
        assert.ok(problems.some((p) => p.startsWith("namespace")), problems.join("\n"));
        assert.ok(problems.some((p) => p.startsWith("EPP Service FQDN") && p.includes("each label may have 63")), problems.join("\n"));
    });
});
