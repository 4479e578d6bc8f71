/** The smoke check's report: percentiles, the summary, and its text and JSON forms. Pure. */
import { RequestResult } from "./completion";
import { PdReport } from "./pd";
import { PrefillReport } from "./prefill";
import { printable, printableList } from "./printable";

/** Nearest-rank percentile (p in 0-100) of the values; `undefined` for none. */
export function percentile(values: number[], p: number): number | undefined {
    if (values.length === 0) {
        return undefined;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[Math.min(rank, sorted.length) - 1];
}

export interface Summary {
    /** Completions the run was asked to send. */
    requested: number;
    /** Completions sent (fewer than requested when the deadline ran out). */
    sent: number;
    ok: number;
    errors: number;
    /** Time to first token over the successful streamed requests, in milliseconds. */
    ttftP50Ms?: number;
    ttftMaxMs?: number;
    /** Generated tokens of the successful requests. */
    tokens: number;
    /** Those tokens over the successful requests' total time. */
    tokensPerSecond?: number;
    deadlineReached: boolean;
}

function round1(n: number): number {
    return Math.round(n * 10) / 10;
}

export function summarize(requested: number, results: RequestResult[], deadlineReached: boolean): Summary {
    const ok = results.filter((r) => r.ok);
    const ttfts = ok.flatMap((r) => (r.ttftMs === undefined ? [] : [r.ttftMs]));
    const counted = ok.filter((r) => r.tokens !== undefined);
    const tokens = counted.reduce((sum, r) => sum + (r.tokens ?? 0), 0);
    const seconds = counted.reduce((sum, r) => sum + r.totalMs, 0) / 1000;
    const p50 = percentile(ttfts, 50);
    const max = percentile(ttfts, 100);
    return {
        requested,
        sent: results.length,
        ok: ok.length,
        errors: results.length - ok.length,
        ...(p50 !== undefined ? { ttftP50Ms: p50 } : {}),
        ...(max !== undefined ? { ttftMaxMs: max } : {}),
        tokens,
        ...(seconds > 0 ? { tokensPerSecond: round1(tokens / seconds) } : {}),
        deadlineReached,
    };
}

/** Everything one run found; `--json` prints it as is. */
export interface SmokeReport {
    ok: boolean;
    /** Why the check failed, on one line (also printed on stderr). */
    error?: string;
    endpoint: string;
    model: string;
    /** What `/v1/models` listed (empty when it could not be read). */
    servedModels: string[];
    stream: boolean;
    requests: RequestResult[];
    summary: Summary;
    /** Absent when the run stopped before sending a completion. */
    prefill?: PrefillReport;
    /** The P/D report from the /metrics pages given; absent without any, or when the run stopped before sending. */
    pd?: PdReport;
}

/** The first failure of a run, on one line; `undefined` when every request succeeded in time. */
export function failureLine(results: RequestResult[], summary: Summary, deadlineSeconds: number): string | undefined {
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) {
        const more = failed.length > 1 ? ` (${failed.length} of ${results.length} requests failed)` : "";
        return `request ${failed[0].index} of ${summary.requested}: ${failed[0].error}${more}`;
    }
    if (summary.deadlineReached) {
        return `--deadline ${deadlineSeconds} s ran out after ${summary.sent} of ${summary.requested} requests`;
    }
    return undefined;
}

const COLUMNS = ["request", "status", "ttft_ms", "total_ms", "tokens", "tokens/s"];
const WIDTHS = [8, 7, 9, 10, 7, 9];

function row(cells: string[]): string {
    return cells.map((c, i) => (i < WIDTHS.length ? c.padEnd(WIDTHS[i]) : c)).join("").trimEnd();
}

export function headerLines(endpoint: string, model: string, servedModels: string[], stream: boolean): string[] {
    return [
        `endpoint ${endpoint}: serves ${printableList(servedModels)}`,
        `model ${printable(model)}: ${stream ? "streaming" : "not streaming (no time to first token)"} completions`,
        row(COLUMNS),
    ];
}

export function requestLine(r: RequestResult): string {
    const tokensPerSecond = r.ok && r.tokens !== undefined && r.totalMs > 0 ? round1(r.tokens / (r.totalMs / 1000)).toFixed(1) : "-";
    return row([
        String(r.index),
        r.status === undefined ? "-" : String(r.status),
        r.ttftMs === undefined ? "-" : String(Math.round(r.ttftMs)),
        String(Math.round(r.totalMs)),
        r.tokens === undefined ? "-" : `${r.tokens}${r.tokensFrom === "events" ? "~" : ""}`,
        tokensPerSecond,
        ...(r.error ? [`error: ${r.error}`] : []),
    ]);
}

export function summaryLines(report: SmokeReport): string[] {
    const s = report.summary;
    const streamed = report.requests.some((r) => r.ok && r.streamed);
    const ttft = s.ttftP50Ms === undefined ? `TTFT n/a${s.ok > 0 && !streamed ? " (no answer was streamed)" : ""}` : `TTFT p50 ${Math.round(s.ttftP50Ms)} ms, max ${Math.round(s.ttftMaxMs ?? 0)} ms`;
    const rate = s.tokensPerSecond === undefined ? "tokens/s n/a" : `${s.tokens} tokens, ${s.tokensPerSecond.toFixed(1)} tokens/s`;
    const approx = report.requests.some((r) => r.tokensFrom === "events") ? " (~: tokens counted as streamed events: the server sent no usage)" : "";
    const lines = [
        `summary: ${s.sent} of ${s.requested} requests sent, ${s.ok} ok, ${s.errors} errors; ${ttft}; ${rate}${approx}` +
            (s.deadlineReached ? "; --deadline ran out" : ""),
    ];
    if (report.prefill) {
        lines.push(report.prefill.epp);
        // The P/D report replaces the prefill verdict when /metrics pages were given.
        lines.push(...(report.pd ? report.pd.lines : [report.prefill.verdict]));
    }
    lines.push(report.ok ? "verdict: ok" : `verdict: failed: ${report.error}`);
    return lines;
}
