/** The smoke command's arguments: parsed with node:util parseArgs, checked against bounds. */
import { parseArgs } from "node:util";
import { SAMPLE_PROMPT } from "../components/pdstack/access";
import { printable } from "./printable";

/** Bounds no argument may exceed: the check stays a smoke test, finite in requests and time. */
export const LIMITS = {
    requests: 100,
    /** Node's fetch itself gives up on headers or body after 300 s. */
    timeoutSeconds: 300,
    deadlineSeconds: 3600,
    maxTokens: 4096,
    /** Of each of --epp-metrics, --prefill-metrics, --decode-metrics. */
    metricsUrls: 16,
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
    /** `--metrics`: P/D is required; the run fails when the counters do not show it. */
    metrics: boolean;
    /** The EPP's `/metrics` URLs, read before and after the requests. */
    eppMetrics: string[];
    /** vLLM `/metrics` URLs of prefill pods, read before and after the requests. */
    prefillMetrics: string[];
    /** vLLM `/metrics` URLs of decode pods, read before and after the requests. */
    decodeMetrics: string[];
    /** Where the EPP's bearer token is read from (a file, or an environment variable): never the token itself. */
    eppToken?: { file: string } | { env: string };
}

export const USAGE = [
    "usage: npm run smoke -- --endpoint <url> --model <name> [--requests N] [--timeout SECONDS] [--json]",
    "         [--deadline SECONDS] [--max-tokens N] [--prompt TEXT] [--no-stream]",
    "         [--metrics] [--epp-metrics <url>]... [--epp-token-file <path> | --epp-token-env <NAME>]",
    "         [--prefill-metrics <url>]... [--decode-metrics <url>]...",
    "",
    "Lists <url>/v1/models, checks <name> is served, then sends N completions to <url>/v1/completions one",
    "after another, streaming, and prints per request the status, time to first token (TTFT) and total",
    "time, then p50/max TTFT, tokens/s and errors. Given /metrics URLs of the EPP and of the prefill and decode",
    "pods, it reads them before and after the requests and reports how many went through prefill and decode,",
    "how many to decode alone, and the KV transfers seen; with --metrics, the run fails when P/D did not happen.",
    "Exit 0 when every request succeeded (and, with --metrics, P/D happened), 1 when the check failed (one line",
    "on stderr says why), 2 on bad arguments. docs/smoke.md explains every line.",
    "",
    `  --endpoint <url>         base URL of the gateway, e.g. http://localhost:8000 (a port-forward)`,
    `  --model <name>           the served model name (pulumi stack output servedModelName)`,
    `  --requests N             completions to send, 1-${LIMITS.requests} (default ${DEFAULTS.requests})`,
    `  --timeout SECONDS        limit per request, up to ${LIMITS.timeoutSeconds} (default ${DEFAULTS.timeoutSeconds})`,
    `  --deadline SECONDS       limit for the whole run, up to ${LIMITS.deadlineSeconds} (default ${DEFAULTS.deadlineSeconds})`,
    `  --max-tokens N           max_tokens per completion, 1-${LIMITS.maxTokens} (default ${DEFAULTS.maxTokens})`,
    `  --prompt TEXT            the prompt (default: "${DEFAULTS.prompt}")`,
    `  --no-stream              send "stream": false (no TTFT: the answer arrives whole)`,
    `  --metrics                require P/D: fail when the counters read show a request that did not go through`,
    `                           prefill and decode (needs at least one of the three URLs below)`,
    `  --epp-metrics <url>      the EPP's /metrics (kubectl port-forward to its Service's port 9090); repeatable, up to ${LIMITS.metricsUrls}`,
    `  --epp-token-file <path>  a file holding the bearer token the EPP's /metrics needs (never printed)`,
    `  --epp-token-env <NAME>   an environment variable holding that token, instead (never printed)`,
    `  --prefill-metrics <url>  a prefill pod's vLLM /metrics (kubectl port-forward); repeatable, up to ${LIMITS.metricsUrls}`,
    `  --decode-metrics <url>   a decode pod's vLLM /metrics (its vLLM port, not the sidecar's); repeatable, up to ${LIMITS.metricsUrls}`,
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
        throw new UsageError(`--${flag} must be an integer from 1 to ${max}, got "${printable(raw)}"`);
    }
    return Number(raw);
}

function secondsIn(flag: string, raw: string | undefined, fallback: number, max: number): number {
    if (raw === undefined) {
        return fallback * 1000;
    }
    const n = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || !(n > 0) || n > max) {
        throw new UsageError(`--${flag} must be a number of seconds above 0 and at most ${max}, got "${printable(raw)}"`);
    }
    return Math.round(n * 1000);
}

/** An http(s) URL without credentials (the check sends none, and never prints them); `flag` names the flag in errors. */
export function httpUrl(flag: string, raw: string): URL {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new UsageError(`--${flag} must be an http:// or https:// URL, got "${printable(raw)}"`);
    }
    if (url.username || url.password) {
        throw new UsageError(`--${flag} must not carry credentials (${url.protocol}//…@${url.host})`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new UsageError(`--${flag} must be an http:// or https:// URL, got "${printable(raw)}"`);
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
                metrics: { type: "boolean", default: false },
                "epp-metrics": { type: "string", multiple: true },
                "epp-token-file": { type: "string" },
                "epp-token-env": { type: "string" },
                "prefill-metrics": { type: "string", multiple: true },
                "decode-metrics": { type: "string", multiple: true },
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
    const urls = (flag: "epp-metrics" | "prefill-metrics" | "decode-metrics"): string[] => {
        const given = v[flag] ?? [];
        if (given.length > LIMITS.metricsUrls) {
            throw new UsageError(`--${flag} may be given at most ${LIMITS.metricsUrls} times, got ${given.length}`);
        }
        return given.map((u) => httpUrl(flag, u).href);
    };
    const eppMetrics = urls("epp-metrics");
    const prefillMetrics = urls("prefill-metrics");
    const decodeMetrics = urls("decode-metrics");
    if (v.metrics && eppMetrics.length + prefillMetrics.length + decodeMetrics.length === 0) {
        throw new UsageError("--metrics needs the counters to read: give --epp-metrics, --prefill-metrics or --decode-metrics (see docs/smoke.md)");
    }
    const eppToken = tokenSource(v["epp-token-file"], v["epp-token-env"], eppMetrics.length > 0);
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
        metrics: v.metrics,
        eppMetrics,
        prefillMetrics,
        decodeMetrics,
        ...(eppToken ? { eppToken } : {}),
    };
}

/** Where the EPP token comes from, checked: one of the two flags, and only with --epp-metrics. */
function tokenSource(file: string | undefined, env: string | undefined, eppGiven: boolean): SmokeOptions["eppToken"] {
    if (file !== undefined && env !== undefined) {
        throw new UsageError("give the EPP token once: --epp-token-file or --epp-token-env, not both");
    }
    if ((file !== undefined || env !== undefined) && !eppGiven) {
        throw new UsageError(`--epp-token-${file !== undefined ? "file" : "env"} is sent only to the EPP: give --epp-metrics <url> too`);
    }
    if (file !== undefined) {
        if (file.trim() === "") {
            throw new UsageError("--epp-token-file must name a file");
        }
        return { file };
    }
    if (env !== undefined) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) {
            throw new UsageError(`--epp-token-env must name an environment variable (letters, digits, _), got "${printable(env)}"`);
        }
        return { env };
    }
    return undefined;
}
