/**
 * Whether a prefill worker served the prompts, as far as anything outside the cluster can tell. Pure.
 *
 * What is observable, from llm-d's sources at the versions PDStack deploys:
 * - the EPP (llm-d-inference-scheduler v0.2.1, `prefill-header-handler`) names the chosen prefill pod in
 *   the REQUEST header `x-prefiller-host-port`, sent to the decode pod only;
 * - the decode pod's routing sidecar (llm-d-routing-sidecar v0.2.0, nixlv2) reads that header, asks the
 *   prefill pod for the KV cache (`max_tokens: 1`), then proxies decode's answer unchanged: no response
 *   header or body field says a prefill pod took part;
 * - the EPP's ext-proc (gateway-api-inference-extension v0.5.1) adds `x-went-into-resp-headers: true` to
 *   each response it processes, which shows only that the EPP was in the path;
 * - each prefill pod's vLLM counts the requests it finished (`vllm:request_success_total` on /metrics),
 *   readable through `kubectl port-forward`: the only client-side evidence that prefill served prompts.
 */
import { EPP_RESPONSE_HEADER, RequestResult } from "./completion";
import { forModel, Sample, sumSeries } from "./prometheusText";
import { VLLM } from "./upstreamMetrics";

/** The request header the EPP uses to name the prefill pod (never returned to the client). */
export const PREFILL_REQUEST_HEADER = "x-prefiller-host-port";

/** The prefill counters of one pod at one moment. */
export interface PrefillCounters {
    requestsFinished: number;
    promptTokens?: number;
}

/** One prefill pod's counters for `model` on its /metrics page (read, and checked to have the request counter, by metricsSources). */
export function prefillCounters(samples: Sample[], model: string): PrefillCounters {
    const promptTokens = sumSeries(samples, VLLM.promptTokens, forModel(model));
    return { requestsFinished: sumSeries(samples, VLLM.requestsFinished, forModel(model)) ?? 0, ...(promptTokens !== undefined ? { promptTokens } : {}) };
}

/** One prefill pod's counters around the run. */
export interface PrefillPodDelta {
    url: string;
    before: PrefillCounters;
    after: PrefillCounters;
    /** Requests the pod finished during the run. */
    requestsFinished: number;
    /** Prompt tokens it processed during the run, when vLLM exposes them. */
    promptTokens?: number;
}

export function podDelta(url: string, before: PrefillCounters, after: PrefillCounters): PrefillPodDelta {
    return {
        url,
        before,
        after,
        requestsFinished: after.requestsFinished - before.requestsFinished,
        ...(before.promptTokens !== undefined && after.promptTokens !== undefined ? { promptTokens: after.promptTokens - before.promptTokens } : {}),
    };
}

export interface PrefillReport {
    /** Whether the run measured prefill at all (only with --prefill-metrics). */
    observable: boolean;
    /** Requests the given prefill pods finished during the run, summed. */
    prefilledRequests?: number;
    /** How many answers carried the EPP's response header, of the answers received. */
    eppHeaders: { seen: number; answers: number };
    /** One line: what the run shows about prefill. */
    verdict: string;
    /** One line: what the run shows about the EPP. */
    epp: string;
    pods: PrefillPodDelta[];
}

/**
 * What the results and (when read) the prefill pods' counters show. `pods` is undefined when no
 * --prefill-metrics was given, and `unreadReason` says why counters given were not read afterwards.
 */
export function prefillReport(results: RequestResult[], pods: PrefillPodDelta[] | undefined, unreadReason?: string): PrefillReport {
    const answered = results.filter((r) => r.status !== undefined);
    const seen = answered.filter((r) => r.eppHeader).length;
    const epp =
        answered.length === 0
            ? "EPP: no answer received, nothing to tell"
            : seen === answered.length
              ? `EPP: all ${seen} answers carried ${EPP_RESPONSE_HEADER}: the requests went through llm-d's EPP`
              : seen === 0
                ? `EPP: no answer carried ${EPP_RESPONSE_HEADER}: the client cannot confirm the EPP chose the pods`
                : `EPP: ${seen} of ${answered.length} answers carried ${EPP_RESPONSE_HEADER} (the client cannot confirm the EPP for the others)`;
    const eppHeaders = { seen, answers: answered.length };
    if (!pods || unreadReason) {
        const verdict = unreadReason
            ? `prefill: cannot tell: ${unreadReason}`
            : `prefill: cannot tell from the client: the EPP names the prefill pod only in the request header ${PREFILL_REQUEST_HEADER}, ` +
              `which the decode pod's routing sidecar consumes; no response shows it. ` +
              `Give --metrics with --epp-metrics, --prefill-metrics and --decode-metrics to check P/D from the counters`;
        return { observable: false, eppHeaders, verdict, epp, pods: pods ?? [] };
    }
    const prefilled = pods.reduce((sum, p) => sum + p.requestsFinished, 0);
    const sent = results.length;
    const where = pods.length === 1 ? "the prefill pod given" : `the ${pods.length} prefill pods given`;
    let verdict: string;
    if (prefilled <= 0) {
        verdict = `prefill: ${where} finished no request during the run (${sent} completions sent): the prompts were not prefilled there`;
    } else if (prefilled >= sent) {
        verdict =
            `prefill: ${where} finished ${prefilled} requests during the run for ${sent} completions sent: ` +
            `consistent with every prompt prefilled remotely (other traffic to these pods counts too)`;
    } else {
        verdict = `prefill: ${where} finished ${prefilled} requests during the run for ${sent} completions sent: some prompts were prefilled there, the others elsewhere or by decode`;
    }
    return { observable: true, prefilledRequests: prefilled, eppHeaders, verdict, epp, pods };
}
