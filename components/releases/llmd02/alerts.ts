/**
 * The alerts of an llm-d 0.2 install (`monitoring`): the shared rules (components/alerts) on this
 * release's names. Its EPP has no decision counter: the decode-only share is derived from its scheduler's
 * plugin counts, as the smoke check derives it (./eppMetrics.ts): over a window, with S the profile
 * handler's ProcessProfilesResults calls, P its ProfilePicker calls and K the Picker runs, requests whose
 * decode pod was found = P − 2S, and decode-only = 2P − 4S − K.
 */
import { AlertTargets, buildAlertRules, RuleGroup } from "../../alerts";
import type { PDSpec } from "../../pdstack/spec";
import { GAIE_PLUGIN_TYPES, GAIE_SCHEDULER_PLUGIN_COUNT, PD_PROFILE_HANDLER_V0_2 } from "./eppMetrics";
import { llmd02NamesOf } from "./names";

/** What the rules of a 0.2 install read. */
export function llmd02AlertTargets(spec: PDSpec): AlertTargets {
    const names = llmd02NamesOf(spec);
    const epp = `namespace=${JSON.stringify(spec.namespace)},service=${JSON.stringify(names.epp)}`;
    const calls = (type: string, handlerOnly: boolean, w: string) =>
        `sum(increase(${GAIE_SCHEDULER_PLUGIN_COUNT}{${epp},plugin_type=${JSON.stringify(type)}` +
        `${handlerOnly ? `,plugin_name=${JSON.stringify(PD_PROFILE_HANDLER_V0_2)}` : ""}}[${w}]))`;
    return {
        group: spec.releasePostfix,
        namespace: spec.namespace,
        eppService: names.epp,
        prefillDeployment: names.prefillDeployment,
        decodeDeployment: names.decodeDeployment,
        decodeOnlyShare: (w) => {
            const s = calls(GAIE_PLUGIN_TYPES.results, true, w);
            const p = calls(GAIE_PLUGIN_TYPES.pick, true, w);
            const k = calls(GAIE_PLUGIN_TYPES.picker, false, w);
            return `(2 * ${p} - 4 * ${s} - ${k})\n/ (${p} - 2 * ${s})`;
        },
        decisionsFrom: `derived from ${GAIE_SCHEDULER_PLUGIN_COUNT} of the ${PD_PROFILE_HANDLER_V0_2}: llm-d 0.2's EPP has no decision counter`,
    };
}

export function buildLlmd02AlertRules(spec: PDSpec): RuleGroup {
    return buildAlertRules(llmd02AlertTargets(spec));
}
