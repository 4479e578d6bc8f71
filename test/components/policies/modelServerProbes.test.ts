/**
 * pd-model-server-probes on what PDStack registers (llm-d 0.2's modelservice values, llm-d 0.9's
 * Deployments) and on both shapes after a program changed them: a missing probe, a port the container
 * does not serve, a path vLLM does not answer.
 */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { mandatory, mutate, one, record, recordEachHardware, vllm as msVllm } from "../../support/policyFixture";
import { DEPLOYMENT } from "../../support/tokens";

const P = "pd-model-server-probes";
const vllm09 = (rs: PlannedResource[], role: "prefill" | "decode"): any => {
    const d = rs.find((r) => r.type === DEPLOYMENT && r.name === `llm-d-pd-${role}`);
    assert.ok(d, `no ${role} Deployment`);
    return (d.inputs as any).spec.template.spec.containers[0];
};

describe("policy pd-model-server-probes", () => {
    let v02: PlannedResource[];
    let v09: PlannedResource[];

    before(async () => {
        ({ h200: v02 } = await recordEachHardware());
        v09 = await record({ hardware: "h200-ib", llmdVersion: "0.9" });
    });
    const at02 = (role: string) => `Helm release "ms-pd" (namespace llm-d-pd), ${role} container "vllm"`;
    const at09 = (role: string) => `Deployment "vllm-pd-${role}", ${role} container "modelserver"`;

    it("finds nothing wrong with PDStack's own probes on either release", async () => {
        assert.deepStrictEqual(await mandatory(v02, P), []);
        assert.deepStrictEqual(await mandatory(v09, P), []);
    });

    it("refuses a vLLM container with neither a startup nor a readiness probe", async () => {
        const rs = mutate(v02, (r) => {
            delete msVllm(r, "decode").startupProbe;
            delete msVllm(r, "decode").readinessProbe;
        });
        one(await mandatory(rs, P), `${at02("decode")}: no startupProbe or readinessProbe: the pod counts as Ready`, "(PDStack's modelservice values do)");
        const only = mutate(v09, (r) => {
            delete vllm09(r, "prefill").startupProbe;
        });
        assert.deepStrictEqual(await mandatory(only, P), [], "a readiness probe alone is enough");
    });

    it("refuses a probe on a port the container does not serve, by number or by name", async () => {
        const number = mutate(v02, (r) => {
            msVllm(r, "decode").readinessProbe.httpGet.port = 8000; // decode's vLLM is on 8200, behind the sidecar
        });
        one(await mandatory(number, P), `${at02("decode")}: readinessProbe probes port 8000, which the container does not serve (it serves 8200, "metrics")`, "never becomes Ready");
        const named = mutate(v09, (r) => {
            vllm09(r, "decode").startupProbe.httpGet.port = "http";
        });
        one(await mandatory(named, P), `${at09("decode")}: startupProbe probes port "http", which the container does not serve`, "restarts the container over and over", "(PDStack's Deployments do)");
    });

    it("refuses a path vLLM does not answer", async () => {
        const rs = mutate(v09, (r) => {
            vllm09(r, "prefill").livenessProbe.httpGet.path = "/healthz";
        });
        one(await mandatory(rs, P), `${at09("prefill")}: livenessProbe asks path "/healthz", which vLLM does not answer (it answers /health, /ping, /v1/models, /version, /metrics)`);
    });

    it("takes vLLM's --port, or its default 8000 when the container declares no port", async () => {
        const flag = mutate(v09, (r) => {
            const c = vllm09(r, "prefill");
            c.ports = [];
            c.args.push("--port", "9000");
            for (const k of ["startupProbe", "readinessProbe", "livenessProbe"]) c[k].httpGet.port = 9000;
        });
        assert.deepStrictEqual(await mandatory(flag, P), []);
        const defaulted = mutate(v09, (r) => {
            const c = vllm09(r, "prefill");
            c.ports = [];
            for (const k of ["startupProbe", "readinessProbe", "livenessProbe"]) c[k].httpGet.port = 8000;
        });
        assert.deepStrictEqual(await mandatory(defaulted, P), []);
    });
});
