/**
 * One smoke run: list the models, check the model is served, read the prefill counters, send the
 * completions one after another within the per-request timeout and the run's deadline, read the
 * counters again, and report.
 */
import { SmokeOptions } from "./args";
import { listModels, RequestResult, sendCompletion, SmokeFailure, TimeLimit } from "./client";
import { PrefillCounters, readPrefillCounters } from "./metrics";
import { podDelta, PrefillPodDelta, prefillReport } from "./prefill";
import { failureLine, SmokeReport, summarize } from "./report";

export interface RunHooks {
    /** Called once the model is known to be served, before the first completion. */
    onServed?: (servedModels: string[]) => void;
    /** Called after each completion. */
    onRequest?: (result: RequestResult) => void;
}

/** The model is not served: the line names it and what is. */
export function modelMissingLine(model: string, endpoint: string, served: string[]): string {
    const what = served.length === 0 ? "it serves no model" : `it serves ${served.map((m) => `"${m}"`).join(", ")}`;
    return `model "${model}" is not served at ${endpoint}: ${what}`;
}

export async function runSmoke(opts: SmokeOptions, hooks: RunHooks = {}): Promise<SmokeReport> {
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

    let served: string[];
    const before: PrefillCounters[] = [];
    try {
        served = await listModels(opts.endpoint, limit());
        if (!served.includes(opts.model)) {
            return stopped(modelMissingLine(opts.model, opts.endpoint, served), served);
        }
        for (const url of opts.prefillMetrics) {
            before.push(await readPrefillCounters(url, opts.model, limit()));
        }
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
        if (remaining() <= 0) {
            deadlineReached = true;
            break;
        }
        const result = await sendCompletion(request, i, limit());
        results.push(result);
        hooks.onRequest?.(result);
    }

    let pods: PrefillPodDelta[] | undefined;
    let unread: string | undefined;
    if (opts.prefillMetrics.length > 0) {
        pods = [];
        try {
            for (const [i, url] of opts.prefillMetrics.entries()) {
                if (remaining() <= 0) {
                    throw new SmokeFailure(`--deadline ran out before the prefill metrics were read again`);
                }
                pods.push(podDelta(url, before[i], await readPrefillCounters(url, opts.model, limit())));
            }
        } catch (err) {
            if (!(err instanceof SmokeFailure)) {
                throw err;
            }
            unread = err.message;
        }
    }

    const summary = summarize(opts.requests, results, deadlineReached);
    const error = failureLine(results, summary, opts.deadlineMs / 1000);
    return {
        ok: error === undefined,
        ...(error !== undefined ? { error } : {}),
        ...base,
        servedModels: served,
        requests: results,
        summary,
        prefill: prefillReport(results, pods, unread),
    };
}
