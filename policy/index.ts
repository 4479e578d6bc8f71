/**
 * The `llm-d-pd` CrossGuard policy pack: the policies of `components/policies`, compiled into `./lib`
 * by `npm run build` (or `npm run build:policy`) in the project, served by Pulumi.
 *
 *   pulumi preview --stack xpu --policy-pack policy
 *   pulumi up --stack h200-ib --policy-pack policy --policy-pack-config budget.json
 *   cd policy && pulumi policy publish <org>
 *
 * Constructing the pack starts the policy server, so nothing else constructs it.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, POLICIES, POLICY_PACK_NAME } from "./lib/policies";

new PolicyPack(POLICY_PACK_NAME, {
    description: PACK_DESCRIPTION,
    enforcementLevel: PACK_ENFORCEMENT_LEVEL,
    policies: POLICIES,
});
