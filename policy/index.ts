/**
 * The `llm-d-pd` CrossGuard policy pack: catches what breaks a PDStack P/D deployment at preview,
 * before any GPU is touched.
 *
 *   pulumi preview --stack xpu --policy-pack policy
 *   pulumi up --stack h200-ib --policy-pack policy --policy-pack-config budget.json
 *
 * The policies live in ./policies (imported by the offline plan and the tests); only this file
 * constructs the pack, which starts the policy server.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, POLICIES, POLICY_PACK_NAME } from "../components/policies";

new PolicyPack(POLICY_PACK_NAME, {
    description: "Catches what breaks an llm-d prefill/decode (PDStack) deployment: name lengths, accelerator resources and budget, NIXL wiring, plain-text secrets, unpinned versions; advises on workload fit.",
    enforcementLevel: PACK_ENFORCEMENT_LEVEL,
    policies: POLICIES,
});
