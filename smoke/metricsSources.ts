/**
 * Reading the /metrics pages the P/D check compares: the EPP's (with a bearer token when it needs
 * one) and the prefill and decode pods' vLLM. One GET per page, bounded in time and size; a page
 * that cannot be read is one line that says why, never with the token.
 */
import { getText, redirectNote, sizeName, SmokeFailure, statusLine, TimeLimit } from "./http";
import { serverMessage } from "./openai";
import { quoted } from "./printable";
import { forModel, hasSeries, parsePrometheusText, Sample } from "./prometheusText";
import { VLLM } from "./upstreamMetrics";

/** Largest /metrics page read (vLLM's and the EPP's are well under 1 MiB). */
export const METRICS_MAX_BYTES = 8 << 20;

/** Whose /metrics a URL is, and the flag that gave it. */
export type MetricsRole = "epp" | "prefill" | "decode";
export const ROLE_FLAGS: Record<MetricsRole, string> = { epp: "--epp-metrics", prefill: "--prefill-metrics", decode: "--decode-metrics" };

export interface MetricsSource {
    role: MetricsRole;
    url: string;
}

/** The format both client libraries write by default; asking for it keeps OpenMetrics out. */
const PROMETHEUS_TEXT = "text/plain;version=0.0.4;q=1, */*;q=0.1";

/**
 * Reads one page; throws {@link SmokeFailure} when it cannot be read or is not a /metrics page (and,
 * for a vLLM page, when it has no request counter for the model).
 */
export async function readMetrics(source: MetricsSource, model: string, limit: TimeLimit, eppToken?: string): Promise<Sample[]> {
    const what = `GET ${source.url} (${ROLE_FLAGS[source.role]})`;
    const headers: Record<string, string> = source.role === "epp" && eppToken !== undefined ? { authorization: `Bearer ${eppToken}` } : {};
    const answer = await getText(source.url, limit, what, { accept: PROMETHEUS_TEXT, headers, maxBytes: METRICS_MAX_BYTES });
    if (answer.status >= 300 && answer.status < 400) {
        throw new SmokeFailure(`${what} answered ${statusLine(answer)}${redirectNote(answer.location)}`);
    }
    if (answer.status < 200 || answer.status >= 300) {
        let hint = "";
        if (source.role === "epp" && (answer.status === 401 || answer.status === 403)) {
            hint =
                eppToken === undefined
                    ? "; the EPP serves /metrics only with the bearer token of a ServiceAccount allowed to get /metrics: give --epp-token-file or --epp-token-env"
                    : "; the EPP refused the token given: is it a token of a ServiceAccount allowed to get /metrics?";
        }
        throw new SmokeFailure(`${what} answered ${statusLine(answer)}: ${serverMessage(answer.body)}${hint}`);
    }
    if (answer.truncated) {
        throw new SmokeFailure(`${what} answered more than ${sizeName(METRICS_MAX_BYTES)} (the smoke check's cap on a /metrics page)`);
    }
    const samples = parsePrometheusText(answer.body);
    if (samples.length === 0) {
        throw new SmokeFailure(`${what} is not a Prometheus /metrics page (no sample in it): ${serverMessage(answer.body)}`);
    }
    if (source.role !== "epp" && !hasSeries(samples, VLLM.requestsFinished, forModel(model))) {
        throw new SmokeFailure(`${what} has no ${VLLM.requestsFinished} for model ${quoted(model)}: is it a ${source.role} pod's vLLM /metrics?`);
    }
    return samples;
}

/** The pages of every source, read one after another; throws at the first that cannot be read. */
export async function readAll(sources: MetricsSource[], model: string, limit: () => TimeLimit, eppToken?: string): Promise<Sample[][]> {
    const pages: Sample[][] = [];
    for (const source of sources) {
        const left = limit();
        if (left.ms <= 0) {
            throw new SmokeFailure(`--deadline ran out before ${source.url} (${ROLE_FLAGS[source.role]}) was read`);
        }
        pages.push(await readMetrics(source, model, left, eppToken));
    }
    return pages;
}
