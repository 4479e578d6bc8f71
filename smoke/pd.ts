/**
 * Did P/D happen? The counters of the EPP and of the prefill and decode pods, read before and after
 * one batch of requests, turned into what went through prefill and decode, what went to decode
 * alone, and the KV transfers seen; and, when P/D is expected (`--metrics`), the one line that says
 * why it did not happen. Pure.
 */
import { MetricsSource, ROLE_FLAGS } from "./metricsSources";
import { quoted } from "./printable";
import { forModel, hasSeries, Sample, sumSeries } from "./prometheusText";
import {
    DECISION_DECODE_ONLY,
    DECISION_ENCODE_DECODE,
    DECISION_ENCODE_PREFILL_DECODE,
    DECISION_PREFILL_DECODE,
    EPP_DECISION_COUNTERS,
    GAIE_PLUGIN_TYPES,
    GAIE_SCHEDULER_PLUGIN_COUNT,
    PD_PROFILE_HANDLER_V0_2,
    VLLM,
} from "./upstreamMetrics";

/** One source's pages around the batch. */
export interface SourcePages {
    source: MetricsSource;
    before: Sample[];
    after: Sample[];
}

/** What the EPP decided during the batch. */
export interface EppDecisions {
    /** The counter read, or the derivation's histogram (llm-d 0.2). */
    metric: string;
    /** Whether the counts are derived from scheduler plugin counts (llm-d 0.2) rather than a decision counter. */
    derived: boolean;
    prefillDecode: number;
    decodeOnly: number;
    /** llm-d 0.2 only: requests whose decode profile found no pod (they failed). */
    noDecodePod?: number;
}

/** What the given pods of one role did during the batch; a field is absent when their vLLM does not expose it. */
export interface RoleCounts {
    pods: number;
    requestsFinished: number;
    promptTokens?: number;
    kvTransfers?: number;
    kvTransfersFailed?: number;
    kvPromptTokens?: number;
}

export interface PdReport {
    /** Whether P/D was required (`--metrics`): then `failure` fails the run. */
    expected: boolean;
    /** Requests of the batch that succeeded: what the counters are compared with. */
    requestsOk: number;
    epp?: EppDecisions;
    prefill?: RoleCounts;
    decode?: RoleCounts;
    /** Whether the counters show P/D for the batch; undefined when they cannot tell. */
    happened?: boolean;
    /** Why P/D did not happen, or cannot be told, on one line (absent when it happened). */
    failure?: string;
    /** The report, one line each (see docs/smoke.md). */
    lines: string[];
}

/** A counter's change across the batch; a series that appears during it started at 0. Throws when it went down. */
function delta(name: string, before: Sample[], after: Sample[], where: (l: Record<string, string>) => boolean, url: string): number {
    const a = sumSeries(after, name, where) ?? 0;
    const b = sumSeries(before, name, where) ?? 0;
    if (a < b) {
        throw new CannotTell(`${name} at ${url} went down from ${b} to ${a} during the run (did the process restart?)`);
    }
    return a - b;
}

/** The counters cannot answer; the message says why. */
class CannotTell extends Error {}

function both(pages: SourcePages[], name: string, where: (l: Record<string, string>) => boolean): boolean {
    return pages.some((p) => hasSeries(p.before, name, where) || hasSeries(p.after, name, where));
}

function sumDeltas(pages: SourcePages[], name: string, where: (l: Record<string, string>) => boolean): number {
    return pages.reduce((sum, p) => sum + delta(name, p.before, p.after, where, p.source.url), 0);
}

/** The EPPs' decisions for `model`; undefined when their pages show no decision counter and no P/D scheduler counts. */
export function eppDecisions(pages: SourcePages[], model: string): EppDecisions | undefined {
    const inModel = forModel(model);
    for (const family of [EPP_DECISION_COUNTERS.current, EPP_DECISION_COUNTERS.deprecated]) {
        const present = family.filter((name) => both(pages, name, () => true));
        if (present.length === 0) {
            continue;
        }
        const count = (types: string[]) =>
            present.reduce((sum, name) => sum + sumDeltas(pages, name, (l) => inModel(l) && types.includes(l.decision_type)), 0);
        return {
            metric: present.join(" + "),
            derived: false,
            prefillDecode: count([DECISION_PREFILL_DECODE, DECISION_ENCODE_PREFILL_DECODE]),
            decodeOnly: count([DECISION_DECODE_ONLY, DECISION_ENCODE_DECODE]),
        };
    }
    const handler = (type: string) => (l: Record<string, string>) => l.plugin_type === type && l.plugin_name === PD_PROFILE_HANDLER_V0_2;
    if (!pages.some((p) => hasSeries(p.after, GAIE_SCHEDULER_PLUGIN_COUNT, handler(GAIE_PLUGIN_TYPES.results)))) {
        return undefined;
    }
    const scheduled = sumDeltas(pages, GAIE_SCHEDULER_PLUGIN_COUNT, handler(GAIE_PLUGIN_TYPES.results));
    const picks = sumDeltas(pages, GAIE_SCHEDULER_PLUGIN_COUNT, handler(GAIE_PLUGIN_TYPES.pick));
    const pickerRuns = sumDeltas(pages, GAIE_SCHEDULER_PLUGIN_COUNT, (l) => l.plugin_type === GAIE_PLUGIN_TYPES.picker);
    const decodeOk = picks - 2 * scheduled;
    const prefillDecode = pickerRuns - decodeOk;
    const decodeOnly = decodeOk - prefillDecode;
    if (decodeOk < 0 || decodeOk > scheduled || prefillDecode < 0 || decodeOnly < 0) {
        throw new CannotTell(
            `the EPP's scheduler counts (${scheduled} scheduled, ${picks} profile picks, ${pickerRuns} picker runs) do not fit the two-profile ` +
                `${PD_PROFILE_HANDLER_V0_2} with threshold 0 that llm-d 0.2's decisions are derived for`,
        );
    }
    return { metric: `${GAIE_SCHEDULER_PLUGIN_COUNT} (derived)`, derived: true, prefillDecode, decodeOnly, noDecodePod: scheduled - decodeOk };
}

/** The given pods' counters of one role for `model`. */
export function roleCounts(pages: SourcePages[], model: string): RoleCounts {
    const inModel = forModel(model);
    /** A counter's change as `{key: n}`, or nothing when no page has the series (the pods' vLLM does not expose it). */
    const optional = (key: keyof RoleCounts, name: string, where: (l: Record<string, string>) => boolean) =>
        both(pages, name, where) ? { [key]: sumDeltas(pages, name, where) } : {};
    return {
        pods: pages.length,
        requestsFinished: sumDeltas(pages, VLLM.requestsFinished, inModel),
        ...optional("promptTokens", VLLM.promptTokens, inModel),
        ...optional("kvTransfers", VLLM.nixlTransfers, inModel),
        ...optional("kvTransfersFailed", VLLM.nixlFailedTransfers, inModel),
        ...optional("kvPromptTokens", VLLM.promptTokensBySource, (l) => inModel(l) && l.source === VLLM.externalKvSource),
    };
}

function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}

export interface PdInput {
    expected: boolean;
    model: string;
    /** Requests of the batch: sent, and succeeded. */
    sent: number;
    requestsOk: number;
    pages: SourcePages[];
    /** Why the pages after the batch could not be read, when they could not. */
    unread?: string;
}

/** The report of one batch. */
export function pdReport(input: PdInput): PdReport {
    const { expected, model, requestsOk } = input;
    const lines = [`pd: ${expected ? "P/D required (--metrics)" : "P/D observed"} over ${plural(input.sent, "request")} sent, ${requestsOk} ok`];
    const base = { expected, requestsOk };
    const cannotTell = (why: string): PdReport => {
        lines.push(`pd verdict: cannot tell: ${why}`);
        return { ...base, failure: `cannot tell whether P/D happened: ${why}`, lines };
    };
    if (input.unread !== undefined) {
        return cannotTell(input.unread);
    }
    const of = (role: MetricsSource["role"]) => input.pages.filter((p) => p.source.role === role);
    const eppPages = of("epp");
    const prefillPages = of("prefill");
    const decodePages = of("decode");
    let epp: EppDecisions | undefined;
    let prefill: RoleCounts | undefined;
    let decode: RoleCounts | undefined;
    try {
        epp = eppPages.length > 0 ? eppDecisions(eppPages, model) : undefined;
        prefill = prefillPages.length > 0 ? roleCounts(prefillPages, model) : undefined;
        decode = decodePages.length > 0 ? roleCounts(decodePages, model) : undefined;
    } catch (err) {
        if (err instanceof CannotTell) {
            return cannotTell(err.message);
        }
        throw err;
    }
    const report: PdReport = { ...base, ...(epp ? { epp } : {}), ...(prefill ? { prefill } : {}), ...(decode ? { decode } : {}), lines };
    const reasons: string[] = [];

    if (eppPages.length > 0) {
        if (!epp) {
            lines.push(`pd epp: no decision counter on the page`);
            reasons.push(
                `the EPP /metrics (${ROLE_FLAGS.epp}) has no P/D decision counter (${EPP_DECISION_COUNTERS.current.join(", ")}) ` +
                    `and no ${PD_PROFILE_HANDLER_V0_2} scheduler counts: is it llm-d's EPP with a P/D profile handler?`,
            );
        } else {
            const more = epp.noDecodePod ? `, ${epp.noDecodePod} found no decode pod` : "";
            lines.push(`pd epp: ${epp.prefillDecode} prefill+decode, ${epp.decodeOnly} decode-only${more} (${epp.metric}, model ${quoted(model)}, ${plural(eppPages.length, "EPP")})`);
            if (epp.decodeOnly > 0) {
                reasons.push(`the EPP sent ${epp.decodeOnly} of ${epp.decodeOnly + epp.prefillDecode} requests to decode only (${epp.metric}, decision_type ${DECISION_DECODE_ONLY})`);
            } else if (epp.prefillDecode === 0 && requestsOk > 0) {
                reasons.push(`the EPP recorded no decision for model ${quoted(model)} during the run (${requestsOk} requests ok): is ${ROLE_FLAGS.epp} the EPP behind --endpoint?`);
            } else if (epp.prefillDecode < requestsOk) {
                reasons.push(
                    `the EPP recorded prefill+decode for ${epp.prefillDecode} of the ${requestsOk} requests ok: the others did not go through the EPPs given (give every EPP replica's ${ROLE_FLAGS.epp})`,
                );
            }
        }
    }
    if (prefill) {
        const tokens = prefill.promptTokens !== undefined ? `, ${prefill.promptTokens} prompt tokens` : "";
        const fewer = prefill.requestsFinished > 0 && prefill.requestsFinished < requestsOk ? ` (fewer than the ${requestsOk} requests ok: other prefill pods, or decode, served the rest)` : "";
        lines.push(`pd prefill: ${plural(prefill.requestsFinished, "request")} finished${tokens} on ${plural(prefill.pods, "pod")} given${fewer}`);
        if (prefill.requestsFinished === 0 && requestsOk > 0) {
            reasons.push(`the prefill pods given finished no request during the run (${VLLM.requestsFinished} unchanged, ${requestsOk} requests ok)`);
        }
    }
    if (decode) {
        lines.push(`pd decode: ${plural(decode.requestsFinished, "request")} finished on ${plural(decode.pods, "pod")} given`);
        if (decode.requestsFinished === 0 && requestsOk > 0) {
            reasons.push(`the decode pods given finished none of the ${requestsOk} requests ok: are they the decode pods behind --endpoint?`);
        }
    }
    if (!decode) {
        lines.push(`pd kv: not measured: the decode pods count the KV transfers (give ${ROLE_FLAGS.decode})`);
    } else if (decode.kvTransfers === undefined) {
        lines.push(`pd kv: not exposed: the decode pods' vLLM has no ${VLLM.nixlTransfers} (vLLM 0.10 has no KV-transfer metric)`);
    } else {
        const failed = decode.kvTransfersFailed !== undefined ? `, ${decode.kvTransfersFailed} failed` : "";
        const tokens = decode.kvPromptTokens !== undefined ? `, ${decode.kvPromptTokens} prompt tokens received` : "";
        lines.push(`pd kv: ${plural(decode.kvTransfers, "NIXL transfer")}${failed}${tokens} (${VLLM.nixlTransfers})`);
        if ((decode.kvTransfersFailed ?? 0) > 0) {
            reasons.push(`${plural(decode.kvTransfersFailed!, "KV transfer")} failed on the decode pods (${VLLM.nixlFailedTransfers})`);
        } else if (decode.kvTransfers === 0 && requestsOk > 0) {
            reasons.push(`the decode pods saw no KV transfer during the run (${VLLM.nixlTransfers} unchanged)`);
        }
    }

    if (requestsOk === 0) {
        lines.push(`pd verdict: not checked: no request succeeded`);
        return report;
    }
    if (reasons.length > 0) {
        lines.push(`pd verdict: P/D did not happen: ${reasons.join("; ")}`);
        return { ...report, happened: false, failure: `P/D did not happen: ${reasons[0]}` };
    }
    const evidence: string[] = [];
    if (epp) {
        evidence.push(`the EPP sent every request through prefill and decode`);
    }
    if (prefill) {
        evidence.push(`the prefill pods finished ${prefill.requestsFinished} requests`);
    }
    if (decode?.kvTransfers !== undefined) {
        evidence.push(`decode received ${plural(decode.kvTransfers, "KV transfer")}`);
    }
    if (evidence.length === 0) {
        lines.push(`pd verdict: cannot tell from the decode pods alone: give ${ROLE_FLAGS.epp} or ${ROLE_FLAGS.prefill} too`);
        return { ...report, ...(expected ? { failure: `cannot tell whether P/D happened from the decode pods alone: give ${ROLE_FLAGS.epp} or ${ROLE_FLAGS.prefill} too` } : {}) };
    }
    lines.push(`pd verdict: P/D happened: ${evidence.join("; ")}`);
    return { ...report, happened: true };
}
