/**
 * pd-name-lengths on what PDStack registers, and on releases a program renamed (PDStack itself rejects
 * a postfix that is too long at construction: test/components/pdstack/rules.test.ts).
 */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { gaie, infra, mandatory, ms, mutate, ofType, one, record, recordEachHardware, violations } from "../../support/policyFixture";

const P = "pd-name-lengths";

/** The releases of `rs` renamed to `<prefix><postfix>`, as a transformation of the user's program would. */
function withPostfix(rs: PlannedResource[], postfix: string): PlannedResource[] {
    return mutate(rs, (r) => {
        infra(r).inputs.name = `infra-${postfix}`;
        gaie(r).inputs.name = `gaie-${postfix}`;
        ms(r).inputs.name = `ms-${postfix}`;
    });
}

describe("policy pd-name-lengths", () => {
    let xpu: PlannedResource[];
    let h200: PlannedResource[];
    let gke: PlannedResource[];

    before(async () => {
        ({ xpu, h200, gke } = await recordEachHardware());
    });

    it("passes a 16-character postfix and fails a 17-character one on the prefill pod hostname, naming the longest that fits", async () => {
        assert.deepStrictEqual(await mandatory(await record({ hardware: "gke", releasePostfix: "p".repeat(16) }), P), []);
        const rs = withPostfix(gke, "p".repeat(17));
        const m = one(
            await mandatory(rs, P),
            `Helm release "ms-${"p".repeat(17)}" (namespace llm-d-pd): prefill pod hostname`,
            "is 64 characters; the limit is 63",
            'release postfix "ppppppppppppppppp" is 17 characters; the longest postfix that fits is 16 characters',
            "set llm-d-pd:releasePostfix (PDStackArgs.releasePostfix) to at most 16 characters",
        );
        assert.ok(!m.includes("decode pod hostname"), "decode's hostname (46 + 17 = 63) fits");
        const v = (await violations(rs, P))[0];
        assert.strictEqual(v.resource, "llm-d-pd-ms");
    });

    it("reports both hostnames once the postfix passes 17", async () => {
        const rs = withPostfix(xpu, "p".repeat(20));
        one(await mandatory(rs, P), "decode pod hostname", "prefill pod hostname", "(a pod's hostname is its Deployment's name plus", "at most 16 characters");
    });

    it("checks a modelservice release not named ms-<postfix> from its own name", async () => {
        const rs = mutate(gke, (r) => {
            ms(r).inputs.name = "my-team-llama-3-3-70b-instruct-fp8-dynamic";
        });
        one(await mandatory(rs, P), 'Helm release "my-team-llama-3-3-70b-instruct-fp8-dynamic"', "decode pod hostname", 'shorten the Helm release name "my-team-llama-3-3-70b-instruct-fp8-dynamic"');
    });

    it("fails a Helm release name over 53 characters and a namespace that is not a DNS label", async () => {
        const rs = mutate(gke, (r) => {
            gaie(r).inputs.name = "g".repeat(54);
            infra(r).inputs.namespace = "Team_A";
        });
        const messages = await mandatory(rs, P);
        assert.strictEqual(messages.length, 2, messages.join("\n"));
        assert.match(messages.join("\n"), /Helm release name "g{54}" is 54 characters; Helm allows 53; shorten the release name/);
        assert.match(messages.join("\n"), /Helm release "infra-pd" \(namespace Team_A\): namespace "Team_A" is not a DNS label .*set llm-d-pd:namespace/);
    });

    it("checks the EPP FQDN the gateway's DestinationRule points at, label by label", async () => {
        const rs = mutate(h200, (r) => {
            infra(r).inputs.values.gateway.destinationRule.host = `gaie-pd-epp.${"n".repeat(64)}.svc.cluster.local`;
        });
        one(await mandatory(rs, P), 'Helm release "infra-pd"', `has the label "${"n".repeat(64)}" of 64 characters; each label may have 63`);
    });

    it("checks metadata.name of objects: Namespace as a DNS label, others as DNS subdomains", async () => {
        const rs = mutate(xpu, (r) => {
            ofType(r, "kubernetes:core/v1:Namespace").inputs.metadata.name = "n".repeat(64);
            ofType(r, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").inputs.metadata.name = "r".repeat(254);
        });
        const messages = (await mandatory(rs, P)).join("\n");
        assert.match(messages, /Namespace "n{64}": Namespace name "n{64}" is 64 characters; a DNS label may have 63; set llm-d-pd:namespace/);
        assert.match(messages, /HTTPRoute "r{254}": HTTPRoute name "r{254}" is 254 characters; a DNS subdomain may have 253/);
    });
});
