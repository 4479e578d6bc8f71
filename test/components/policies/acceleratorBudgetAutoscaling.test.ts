/**
 * pd-accelerator-budget with autoscaling (llm-d 0.9): a role KEDA scales counts at its ScaledObject's
 * maxReplicaCount, the message names the ScaledObject, and a program that raises a ScaledObject's ceiling
 * behind PDStack's back (a transformation) is caught the same way.
 */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { mandatory, mutate, one, record } from "../../support/policyFixture";

const P = "pd-accelerator-budget";
const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const scaled = (autoscaling: Record<string, unknown>) => ({ hardware: "h200-ib", llmdVersion: "0.9", monitoring: true, autoscaling: { enabled: true, ...autoscaling } });

describe("policy pd-accelerator-budget with autoscaling", () => {
    let defaults: PlannedResource[];

    before(async () => {
        defaults = await record(scaled({}));
    });

    it("passes the defaults (maxReplicas = replicas: 8 accelerators) even though the Deployments carry no replicas", async () => {
        assert.deepStrictEqual(await mandatory(defaults, P), []);
    });

    it("fails a maximum above the budget, with each role at its ScaledObject's maxReplicaCount", async () => {
        const rs = await record(scaled({ prefill: { maxReplicas: 8 }, decode: { maxReplicas: 2 } }));
        one(
            await mandatory(rs, P),
            'the deployment takes 16 accelerators (prefill at maxReplicaCount of ScaledObject "vllm-pd-prefill" 8 × 1 + ' +
                'decode at maxReplicaCount of ScaledObject "vllm-pd-decode" 2 × 4 = 16), above the budget of 8: ' +
                "lower llm-d-pd:prefill / llm-d-pd:decode replicas (llm-d-pd:autoscaling.<role>.maxReplicas when autoscaled)",
        );
        assert.deepStrictEqual(await mandatory(rs, P, { [P]: { maxAccelerators: 16 } }), []);
    });

    it("reads the ceiling from the ScaledObject itself: raised by a transformation, it is caught", async () => {
        const raised = mutate(defaults, (rs) => {
            (rs.find((r) => r.type === SCALED_OBJECT && r.name === "llm-d-pd-prefill-scaler")!.inputs as any).spec.maxReplicaCount = 6;
        });
        one(await mandatory(raised, P), /takes 10 accelerators \(prefill at maxReplicaCount of ScaledObject "vllm-pd-prefill" 6 × 1 \+ decode at maxReplicaCount/);
    });
});
