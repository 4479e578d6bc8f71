/**
 * One smoke run: list the models, check the model is served, read the /metrics pages given, send
 * the completions one after another within the per-request timeout and the run's deadline, read
 * the pages again, and report.
 */
import { SmokeOptions } from "./args";
import { listModels, RequestResult, sendCompletion } from "./completion";
import { SmokeFailure, TimeLimit } from "./http";
import { MetricsSource, readAll } from "./metricsSources";
import { pdReport, SourcePages } from "./pd";
import { podDelta, prefillCounters, PrefillPodDelta, prefillReport } from "./prefill";
import { quoted, quotedList } from "./printable";
import { Sample } from "./prometheusText";
import { failureLine, SmokeReport, summarize } from "./report";

export interface RunHooks {
    /** Called once the model is known to be served, before the first completion. */
    onServed?: (servedModels: string[]) => void;
    /** Called after each completion. */
    onRequest?: (result: RequestResult) => void;
}

/** The model is not served: the line names it and what is (escaped, cut, at most ten). */
export function modelMissingLine(model: string, endpoint: string, served: string[]): string {
    const what = served.length === 0 ? "it serves no model" : `it serves ${quotedList(served)}`;
    return `model ${quoted(model)} is not served at ${endpoint}: ${what}`;
}

/** The /metrics pages of a run, in the order they are read. */
export function metricsSources(opts: SmokeOptions): MetricsSource[] {
    return [
        ...opts.eppMetrics.map((url) => ({ role: "epp" as const, url })),
        ...opts.prefillMetrics.map((url) => ({ role: "prefill" as const, url })),
        ...opts.decodeMetrics.map((url) => ({ role: "decode" as const, url })),
    ];
}

/** Below this many milliseconds left before --deadline, no further request is sent. */
const LAST_REQUEST_MIN_MS = 10;

/** Runs the check; `eppToken` is sent only to the --epp-metrics URLs. Never throws for a failed check. */
export async function runSmoke(opts: SmokeOptions, hooks: RunHooks = {}, eppToken?: string): Promise<SmokeReport> {
    const deadline = performance.now() + opts.deadlineMs;
    const remaining = () => deadline - performance.now();
    const limit = (): TimeLimit => {
        const left = Math.max(0, Math.floor(remaining()));
        return left < opts.timeoutMs
            ? { ms: left, flag: "--deadline", flagMs: opts.deadlineMs }
            : { ms: opts.timeoutMs, flag: "--timeout", flagMs: opts.timeoutMs };
    };
    const base = { endpoint: opts.endpoint, model: opts.model, stream: opts.stream };
    const stopped = (error: string, servedModels: string[] = []): SmokeReport => ({
        ok: false,
        error,
        ...base,
        servedModels,
        requests: [],
        summary: summarize(opts.requests, [], false),
    });

    const sources = metricsSources(opts);
    let served: string[];
    let before: Sample[][];
    try {
        served = await listModels(opts.endpoint, limit());
        if (!served.includes(opts.model)) {
            return stopped(modelMissingLine(opts.model, opts.endpoint, served), served);
        }
        before = await readAll(sources, opts.model, limit, eppToken);
    } catch (err) {
        if (err instanceof SmokeFailure) {
            return stopped(err.message);
        }
        throw err;
    }
    hooks.onServed?.(served);

    const results: RequestResult[] = [];
    let deadlineReached = false;
    const request = { endpoint: opts.endpoint, model: opts.model, prompt: opts.prompt, maxTokens: opts.maxTokens, stream: opts.stream };
    for (let i = 1; i <= opts.requests; i++) {
        // A timer bounded by the deadline may fire a fraction of a millisecond before performance.now()
        // reaches it; with so little left no request can be answered: the deadline counts as reached.
        if (remaining() < LAST_REQUEST_MIN_MS) {
            deadlineReached = true;
            break;
        }
        const result = await sendCompletion(request, i, limit());
        results.push(result);
        hooks.onRequest?.(result);
    }

    let after: Sample[][] | undefined;
    let unread: string | undefined;
    try {
        after = await readAll(sources, opts.model, limit, eppToken);
    } catch (err) {
        if (!(err instanceof SmokeFailure)) {
            throw err;
        }
        unread = err.message;
    }
    const pages: SourcePages[] = after ? sources.map((source, i) => ({ source, before: before[i], after: after[i] })) : [];
    const pd =
        sources.length > 0
            ? pdReport({ expected: opts.metrics, model: opts.model, sent: results.length, requestsOk: results.filter((r) => r.ok).length, pages, ...(unread ? { unread } : {}) })
            : undefined;
    const pods: PrefillPodDelta[] | undefined =
        opts.prefillMetrics.length === 0
            ? undefined
            : pages
                  .filter((p) => p.source.role === "prefill")
                  .map((p) => podDelta(p.source.url, prefillCounters(p.before, opts.model), prefillCounters(p.after, opts.model)));

    const summary = summarize(opts.requests, results, deadlineReached);
    const error = failureLine(results, summary, opts.deadlineMs / 1000) ?? (opts.metrics ? pd?.failure : undefined);
    return {
        ok: error === undefined,
        ...(error !== undefined ? { error } : {}),
        ...base,
        servedModels: served,
        requests: results,
        summary,
        prefill: prefillReport(results, pods, opts.prefillMetrics.length > 0 ? unread : undefined),
        ...(pd ? { pd } : {}),
    };
}
