/**
 * pd-name-lengths on llm-d 0.9: the router release (`router-<postfix>`), the model-server Deployments'
 * pod hostnames (`vllm-<postfix>-{prefill,decode}` plus the pod suffix) and the Gateway's Service, as
 * PDStack registers them and as a program's transformation may rename them (PDStack itself rejects a
 * postfix that is too long at construction, by the same rule: components/releases/llmd09/names.ts).
 */
import * as assert from "assert";
import { llmd09NameProblems } from "../../../components/releases/llmd09";
import { PlannedResource } from "../../../plan/recorder";
import { find, mandatory, mutate, one, record, RELEASE } from "../../support/policyFixture";
import { DEPLOYMENT, GATEWAY } from "../../support/tokens";

const P = "pd-name-lengths";

const router = (rs: PlannedResource[]): any => find(rs, (r) => r.type === RELEASE && String((r.inputs as any).chart).includes("llm-d-router-"));
const deployment = (rs: PlannedResource[], role: string): any => find(rs, (r) => r.type === DEPLOYMENT && r.name.endsWith(`-${role}`));
const gateway = (rs: PlannedResource[]): any => find(rs, (r) => r.type === GATEWAY);

/** The longest postfix PDStack accepts for a 0.9 install in namespace llm-d-pd on this gateway. */
function longestAccepted(gw: "istio" | "agentgateway" | "standalone"): number {
    return llmd09NameProblems("llm-d-pd", "p".repeat(64), gw)!.longest;
}

describe("policy pd-name-lengths on llm-d 0.9", () => {
    let istio: PlannedResource[];
    let agentgateway: PlannedResource[];

    before(async () => {
        istio = await record({ hardware: "h200-ib", llmdVersion: "0.9" });
        agentgateway = await record({ hardware: "gke", llmdVersion: "0.9", gateway: "agentgateway" } as any);
    });

    it("passes what PDStack registers, up to the longest postfix it accepts, on every 0.9 gateway", async () => {
        assert.deepStrictEqual(await mandatory(istio, P), []);
        assert.deepStrictEqual(await mandatory(agentgateway, P), []);
        for (const [hardware, gw] of [["xpu", "istio"], ["gke", "agentgateway"], ["h200-ib", "standalone"]] as const) {
            const longest = longestAccepted(gw);
            const rs = await record({ hardware, llmdVersion: "0.9", gateway: gw, releasePostfix: "p".repeat(longest) } as any);
            assert.deepStrictEqual(await mandatory(rs, P), [], `${gw} with a ${longest}-character postfix`);
        }
    });

    it("a prefill Deployment renamed with a postfix one too long: its pod hostname, with the longest postfix the Deployment allows", async () => {
        const postfix = "p".repeat(34);
        const rs = mutate(istio, (r) => {
            deployment(r, "prefill").inputs.metadata.name = `vllm-${postfix}-prefill`;
            deployment(r, "decode").inputs.metadata.name = `vllm-${postfix}-decode`;
        });
        const m = one(
            await mandatory(rs, P),
            `Deployment "vllm-${postfix}-prefill": prefill pod hostname`,
            "is 64 characters; the limit is 63",
            "(a pod's hostname is its Deployment's name plus",
            `release postfix "${postfix}" is 34 characters; the longest postfix that fits is 33 characters`,
            "set llm-d-pd:releasePostfix (PDStackArgs.releasePostfix) to at most 33 characters",
        );
        assert.ok(!m.includes("decode pod hostname"), "decode's hostname (29 + 34 = 63) fits");
    });

    it("a model-server Deployment not named by PDStack's rule: its own pod hostname, fixed by shortening the name", async () => {
        const name = "my-team-llama-3-3-70b-instruct-prefill-servers-01"; // 49 characters: a 66-character hostname
        const rs = mutate(istio, (r) => {
            deployment(r, "prefill").inputs.metadata.name = name;
        });
        one(await mandatory(rs, P), `Deployment "${name}": prefill pod hostname`, `is ${name.length + 17} characters; the limit is 63`, `Fix: shorten the name "${name}".`);
    });

    it("the router release renamed past Helm's 53: the release name, with the longest postfix every name of the install fits", async () => {
        const postfix = "p".repeat(47);
        const rs = mutate(istio, (r) => {
            router(r).inputs.name = `router-${postfix}`;
        });
        one(
            await mandatory(rs, P),
            `Helm release "router-${postfix}" (namespace llm-d-pd): llm-d-router Helm release "router-${postfix}" is 54 characters; the limit is 53`,
            `the longest postfix that fits is ${longestAccepted("istio")} characters`,
        );
        // Not of PDStack's form: checked as any Helm release.
        const other = mutate(istio, (r) => {
            router(r).inputs.name = "r".repeat(54);
        });
        one(await mandatory(other, P), /Helm release name "r{54}" is 54 characters; Helm allows 53; shorten the release name/);
    });

    it("the Gateway: istio's Service adds -istio to the Gateway's name; agentgateway's adds nothing", async () => {
        const postfix = "p".repeat(34);
        const rename = (rs: PlannedResource[]) =>
            mutate(rs, (r) => {
                gateway(r).inputs.metadata.name = `llm-d-${postfix}-inference-gateway`;
            });
        one(
            await mandatory(rename(istio), P),
            `Gateway "llm-d-${postfix}-inference-gateway": Gateway Service "llm-d-${postfix}-inference-gateway-istio" is 64 characters; the limit is 63`,
            "the longest postfix that fits is 33 characters",
        );
        assert.deepStrictEqual(await mandatory(rename(agentgateway), P), []);
    });
});
