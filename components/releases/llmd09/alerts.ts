/**
 * The alerts of an llm-d 0.9 install (`monitoring`): the shared rules (components/alerts) on this
 * release's names, with the decode-only share read from the EPP's own decision counter.
 */
import { AlertTargets, buildAlertRules, RuleGroup } from "../../alerts";
import type { PDSpec } from "../../pdstack/spec";
import { DECISION_DECODE_ONLY, EPP_DECISION_COUNTERS } from "./eppMetrics";
import { Llmd09Names } from "./names";

/**
 * llm-d-router v0.10.0's `disagg-profile-handler` (PDStack's EPP config) counts each request's decision in
 * `llm_d_epp_disagg_decision_total{decision_type}`, `decode-only` included when the prefill profile found
 * no pod (llm-d-router#2427): see ./eppMetrics.ts.
 */
export const DECISION_COUNTER = EPP_DECISION_COUNTERS.current[0];

/** What the rules of a 0.9 install read. */
export function llmd09AlertTargets(spec: PDSpec, names: Llmd09Names): AlertTargets {
    const epp = `namespace=${JSON.stringify(spec.namespace)},service=${JSON.stringify(names.epp)}`;
    return {
        group: spec.releasePostfix,
        namespace: spec.namespace,
        eppService: names.epp,
        prefillDeployment: names.prefillDeployment,
        decodeDeployment: names.decodeDeployment,
        decodeOnlyShare: (w) =>
            `sum(increase(${DECISION_COUNTER}{${epp},decision_type=${JSON.stringify(DECISION_DECODE_ONLY)}}[${w}]))\n` +
            `/ sum(increase(${DECISION_COUNTER}{${epp}}[${w}]))`,
        decisionsFrom: `${DECISION_COUNTER}{decision_type="${DECISION_DECODE_ONLY}"}`,
        ...(spec.autoscaling ? { maxReplicas: { prefill: spec.autoscaling.prefill.maxReplicas, decode: spec.autoscaling.decode.maxReplicas } } : {}),
    };
}

export function buildLlmd09AlertRules(spec: PDSpec, names: Llmd09Names): RuleGroup {
    return buildAlertRules(llmd09AlertTargets(spec, names));
}
