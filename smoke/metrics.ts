/**
 * vLLM's Prometheus metrics, read from a prefill pod before and after the requests: the counters
 * tell how many requests that pod finished, which the client cannot see in any response.
 */
import { getText, SmokeFailure, TimeLimit } from "./client";
import { serverMessage } from "./openai";

/** vLLM's counter of finished requests (labels `model_name`, `finished_reason`, and in V1 `engine`). */
export const REQUESTS_FINISHED_METRIC = "vllm:request_success_total";
/** vLLM's counter of prompt tokens processed (prefill). */
export const PROMPT_TOKENS_METRIC = "vllm:prompt_tokens_total";

/** One sample of the Prometheus text format. */
export interface Sample {
    name: string;
    labels: Record<string, string>;
    value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy;

function unescapeLabel(value: string): string {
    return value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
}

/** Parses the Prometheus text exposition format; comments and lines it cannot read are skipped. */
export function parsePrometheusText(text: string): Sample[] {
    const samples: Sample[] = [];
    for (const raw of text.split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) {
            continue;
        }
        const m = SAMPLE_LINE.exec(line);
        if (!m) {
            continue;
        }
        const labels: Record<string, string> = {};
        if (m[2]) {
            LABEL.lastIndex = 0;
            let l: RegExpExecArray | null;
            while ((l = LABEL.exec(m[2])) !== null) {
                labels[l[1]] = unescapeLabel(l[2]);
            }
        }
        const value = Number(m[3]);
        if (!Number.isNaN(value)) {
            samples.push({ name: m[1], labels, value });
        }
    }
    return samples;
}

/**
 * Sum of a counter over its series for one model (series without a `model_name` label count too);
 * `undefined` when the text has no such series.
 */
export function counterFor(samples: Sample[], name: string, model: string): number | undefined {
    const series = samples.filter((s) => s.name === name && (s.labels.model_name === undefined || s.labels.model_name === model));
    return series.length === 0 ? undefined : series.reduce((sum, s) => sum + s.value, 0);
}

/** The prefill counters of one pod at one moment. */
export interface PrefillCounters {
    requestsFinished: number;
    promptTokens?: number;
}

/** Reads one prefill pod's counters; throws {@link SmokeFailure} when the URL is not a vLLM serving the model. */
export async function readPrefillCounters(url: string, model: string, limit: TimeLimit): Promise<PrefillCounters> {
    const what = `GET ${url} (--prefill-metrics)`;
    const answer = await getText(url, limit, what);
    if (answer.status < 200 || answer.status >= 300) {
        throw new SmokeFailure(`${what} answered ${answer.status} ${answer.statusText}: ${serverMessage(answer.body)}`);
    }
    const samples = parsePrometheusText(answer.body);
    const requestsFinished = counterFor(samples, REQUESTS_FINISHED_METRIC, model);
    if (requestsFinished === undefined) {
        throw new SmokeFailure(`${what} has no ${REQUESTS_FINISHED_METRIC} for model "${model}": is it a prefill pod's vLLM /metrics?`);
    }
    const promptTokens = counterFor(samples, PROMPT_TOKENS_METRIC, model);
    return { requestsFinished, ...(promptTokens !== undefined ? { promptTokens } : {}) };
}
