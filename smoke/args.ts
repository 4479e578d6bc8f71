/** The smoke command's arguments: parsed with node:util parseArgs, checked against bounds. */
import { parseArgs } from "node:util";
import { SAMPLE_PROMPT } from "../components/pdstack/access";

/** Bounds no argument may exceed: the check stays a smoke test, finite in requests and time. */
export const LIMITS = {
    requests: 100,
    /** Node's fetch itself gives up on headers or body after 300 s. */
    timeoutSeconds: 300,
    deadlineSeconds: 3600,
    maxTokens: 4096,
    prefillMetricsUrls: 16,
} as const;

export const DEFAULTS = {
    requests: 5,
    timeoutSeconds: 60,
    deadlineSeconds: 300,
    maxTokens: 64,
    prompt: SAMPLE_PROMPT,
} as const;

export interface SmokeOptions {
    /** Base URL of the OpenAI API (no `/v1`), without a trailing slash. */
    endpoint: string;
    model: string;
    requests: number;
    /** Per request (and for each metrics or models read), in milliseconds. */
    timeoutMs: number;
    /** For the whole run, in milliseconds. */
    deadlineMs: number;
    maxTokens: number;
    prompt: string;
    stream: boolean;
    json: boolean;
    /** vLLM `/metrics` URLs of prefill pods, read before and after the requests. */
    prefillMetrics: string[];
}

export const USAGE = [
    "usage: npm run smoke -- --endpoint <url> --model <name> [--requests N] [--timeout SECONDS] [--json]",
    "         [--deadline SECONDS] [--max-tokens N] [--prompt TEXT] [--no-stream] [--prefill-metrics <url>]...",
    "",
    "Lists <url>/v1/models, checks <name> is served, then sends N completions to <url>/v1/completions one",
    "after another, streaming, and prints per request the status, time to first token (TTFT) and total",
    "time, then p50/max TTFT, tokens/s and errors. Exit 0 when every request succeeded, 1 when the check",
    "failed (one line on stderr says why), 2 on bad arguments.",
    "",
    `  --endpoint <url>         base URL of the gateway, e.g. http://localhost:8000 (a port-forward)`,
    `  --model <name>           the served model name (pulumi stack output servedModelName)`,
    `  --requests N             completions to send, 1-${LIMITS.requests} (default ${DEFAULTS.requests})`,
    `  --timeout SECONDS        limit per request, up to ${LIMITS.timeoutSeconds} (default ${DEFAULTS.timeoutSeconds})`,
    `  --deadline SECONDS       limit for the whole run, up to ${LIMITS.deadlineSeconds} (default ${DEFAULTS.deadlineSeconds})`,
    `  --max-tokens N           max_tokens per completion, 1-${LIMITS.maxTokens} (default ${DEFAULTS.maxTokens})`,
    `  --prompt TEXT            the prompt (default: "${DEFAULTS.prompt}")`,
    `  --no-stream              send "stream": false (no TTFT: the answer arrives whole)`,
    `  --prefill-metrics <url>  a prefill pod's vLLM /metrics (e.g. through kubectl port-forward), read before`,
    `                           and after the requests to count the prompts prefill served; repeatable, up to ${LIMITS.prefillMetricsUrls}`,
    `  --json                   print one JSON document instead of text`,
    `  --help                   print this and exit`,
].join("\n");

/** A bad argument: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {}

function integerIn(flag: string, raw: string | undefined, fallback: number, max: number): number {
    if (raw === undefined) {
        return fallback;
    }
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
        throw new UsageError(`--${flag} must be an integer from 1 to ${max}, got "${raw}"`);
    }
    return Number(raw);
}

function secondsIn(flag: string, raw: string | undefined, fallback: number, max: number): number {
    if (raw === undefined) {
        return fallback * 1000;
    }
    const n = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || !(n > 0) || n > max) {
        throw new UsageError(`--${flag} must be a number of seconds above 0 and at most ${max}, got "${raw}"`);
    }
    return Math.round(n * 1000);
}

/** An http(s) URL without credentials (the check sends none, and never prints them); `flag` names the flag in errors. */
export function httpUrl(flag: string, raw: string): URL {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new UsageError(`--${flag} must be an http:// or https:// URL, got "${raw}"`);
    }
    if (url.username || url.password) {
        throw new UsageError(`--${flag} must not carry credentials (${url.protocol}//…@${url.host})`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new UsageError(`--${flag} must be an http:// or https:// URL, got "${raw}"`);
    }
    return url;
}

/** The endpoint as a base URL: no query, no trailing slash, no trailing `/v1` (the paths add it). */
function baseUrl(raw: string): string {
    const url = httpUrl("endpoint", raw);
    if (url.search || url.hash) {
        throw new UsageError(`--endpoint must be a base URL without query or fragment, e.g. http://localhost:8000`);
    }
    const path = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
    return `${url.protocol}//${url.host}${path}`;
}

/** Parses argv (without node and the script); `"help"` when `--help` was given. */
export function parseSmokeArgs(argv: string[]): SmokeOptions | "help" {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                endpoint: { type: "string" },
                model: { type: "string" },
                requests: { type: "string" },
                timeout: { type: "string" },
                deadline: { type: "string" },
                "max-tokens": { type: "string" },
                prompt: { type: "string" },
                "no-stream": { type: "boolean", default: false },
                "prefill-metrics": { type: "string", multiple: true },
                json: { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false },
            },
        });
    } catch (err) {
        // parseArgs explains unknown options, missing or ambiguous values and positionals; keep it on one line.
        throw new UsageError((err as Error).message.replace(/\s*\n\s*/g, " "));
    }
    const v = parsed.values;
    if (v.help) {
        return "help";
    }
    if (!v.endpoint) {
        throw new UsageError("--endpoint <url> is required (e.g. http://localhost:8000 after the stack's portForwardCommand)");
    }
    if (!v.model) {
        throw new UsageError("--model <name> is required (pulumi stack output servedModelName)");
    }
    const prefillMetrics = v["prefill-metrics"] ?? [];
    if (prefillMetrics.length > LIMITS.prefillMetricsUrls) {
        throw new UsageError(`--prefill-metrics may be given at most ${LIMITS.prefillMetricsUrls} times, got ${prefillMetrics.length}`);
    }
    if (v.prompt !== undefined && v.prompt.trim() === "") {
        throw new UsageError(`--prompt must not be empty`);
    }
    return {
        endpoint: baseUrl(v.endpoint),
        model: v.model,
        requests: integerIn("requests", v.requests, DEFAULTS.requests, LIMITS.requests),
        timeoutMs: secondsIn("timeout", v.timeout, DEFAULTS.timeoutSeconds, LIMITS.timeoutSeconds),
        deadlineMs: secondsIn("deadline", v.deadline, DEFAULTS.deadlineSeconds, LIMITS.deadlineSeconds),
        maxTokens: integerIn("max-tokens", v["max-tokens"], DEFAULTS.maxTokens, LIMITS.maxTokens),
        prompt: v.prompt ?? DEFAULTS.prompt,
        stream: !v["no-stream"],
        json: v.json,
        prefillMetrics: prefillMetrics.map((u) => httpUrl("prefill-metrics", u).href),
    };
}
