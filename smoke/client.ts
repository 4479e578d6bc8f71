/**
 * The HTTP side of the smoke check, on Node's built-in fetch: every call bounded by a timeout, every
 * failure turned into one line that says what happened (never a stack trace).
 */
import { COMPLETIONS_PATH, completionRequestBody, MODELS_PATH, parseCompletion, parseModelIds, serverMessage, oneLine } from "./openai";
import { SSE_DONE, SseParser } from "./sse";

/** A failed check: its message is the one line the CLI prints. */
export class SmokeFailure extends Error {}

/**
 * Response header llm-d's EPP (gateway-api-inference-extension v0.5.1, handlers/response.go) sets on
 * every response it processes: its presence shows the request went through the EPP.
 */
export const EPP_RESPONSE_HEADER = "x-went-into-resp-headers";

/** Most of an error or non-streamed body that is read. */
const BODY_MAX_BYTES = 1 << 20;

/** What limits a call: the per-request `--timeout`, or what remains of the run's `--deadline` when less. */
export interface TimeLimit {
    /** Milliseconds the call may take. */
    ms: number;
    /** The flag that set the limit, and its value in milliseconds, for the message. */
    flag: "--timeout" | "--deadline";
    flagMs: number;
}

/** `--timeout 0.5 s`: the flag that ran out, as the user gave it. */
function exceeded(limit: TimeLimit): string {
    return `${limit.flag} ${Number((limit.flagMs / 1000).toFixed(3))} s`;
}

/** One line for a fetch that threw: nothing listening, name not resolved, connection closed, TLS. */
export function describeFetchError(err: unknown, url: URL): string {
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    const code = cause?.code ?? (err as { code?: string })?.code;
    const origin = url.origin;
    switch (code) {
        case "ECONNREFUSED": {
            const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
            return `nothing listens at ${origin} (connection refused)${local ? "; is the port-forward running? (pulumi stack output portForwardCommand)" : ""}`;
        }
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return `cannot resolve the host ${url.hostname} (${code})`;
        case "ECONNRESET":
        case "UND_ERR_SOCKET":
        case "EPIPE":
            return `${origin} closed the connection (${code})`;
        case "EHOSTUNREACH":
        case "ENETUNREACH":
        case "ETIMEDOUT":
            return `cannot reach ${origin} (${code})`;
        default: {
            const message = cause?.message ?? (err as Error)?.message ?? String(err);
            if (message === "bad port") {
                return `Node's fetch refuses port ${url.port} (one of the ports the Fetch standard blocks); forward the gateway to another port, e.g. 8000`;
            }
            return `${oneLine(message)}${code ? ` (${code})` : ""}`;
        }
    }
}

/** Reads at most {@link BODY_MAX_BYTES} of a body as text. */
async function readCapped(res: Response): Promise<string> {
    if (!res.body) {
        return "";
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let bytes = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) {
            break;
        }
        bytes += value.byteLength;
        text += decoder.decode(value, { stream: true });
        if (bytes >= BODY_MAX_BYTES) {
            await reader.cancel();
            break;
        }
    }
    return text + decoder.decode();
}

export interface TextAnswer {
    status: number;
    statusText: string;
    body: string;
}

/** GET a URL within the limit; throws {@link SmokeFailure} when it cannot be read at all. */
export async function getText(url: string, limit: TimeLimit, what: string): Promise<TextAnswer> {
    const signal = AbortSignal.timeout(limit.ms);
    try {
        const res = await fetch(url, { signal, headers: { accept: "application/json, text/plain" } });
        return { status: res.status, statusText: res.statusText, body: await readCapped(res) };
    } catch (err) {
        if (signal.aborted) {
            throw new SmokeFailure(`${what} got no answer within ${exceeded(limit)}`);
        }
        throw new SmokeFailure(`${what}: ${describeFetchError(err, new URL(url))}`);
    }
}

/** The models the endpoint serves, from `GET /v1/models`. */
export async function listModels(endpoint: string, limit: TimeLimit): Promise<string[]> {
    const what = `GET ${endpoint}${MODELS_PATH}`;
    const answer = await getText(`${endpoint}${MODELS_PATH}`, limit, what);
    if (answer.status < 200 || answer.status >= 300) {
        throw new SmokeFailure(`${what} answered ${answer.status} ${answer.statusText}: ${serverMessage(answer.body)}`);
    }
    const ids = parseModelIds(answer.body);
    if (!ids) {
        throw new SmokeFailure(`${what} did not answer an OpenAI model list: ${serverMessage(answer.body)}`);
    }
    return ids;
}

/** The outcome of one completion request. */
export interface RequestResult {
    /** 1-based position in the run. */
    index: number;
    /** HTTP status, when the server answered. */
    status?: number;
    ok: boolean;
    /** Whether the answer came as an SSE stream (only then is a time to first token measured). */
    streamed: boolean;
    /** Milliseconds from sending the request to the first generated text. */
    ttftMs?: number;
    /** Milliseconds from sending the request to the end of the answer (or the failure). */
    totalMs: number;
    /** Generated tokens: `usage.completion_tokens`, else (streaming) the events that carried text. */
    tokens?: number;
    tokensFrom?: "usage" | "events";
    /** Whether the answer carried llm-d's EPP response header. */
    eppHeader: boolean;
    /** Why the request failed, on one line. */
    error?: string;
}

export interface CompletionRequest {
    endpoint: string;
    model: string;
    prompt: string;
    maxTokens: number;
    stream: boolean;
}

/** Sends one completion and times it; never throws: failures are in the result. */
export async function sendCompletion(req: CompletionRequest, index: number, limit: TimeLimit): Promise<RequestResult> {
    const url = `${req.endpoint}${COMPLETIONS_PATH}`;
    const what = `POST ${COMPLETIONS_PATH}`;
    const signal = AbortSignal.timeout(limit.ms);
    const start = performance.now();
    const elapsed = () => Math.round((performance.now() - start) * 10) / 10;
    const result: RequestResult = { index, ok: false, streamed: false, totalMs: 0, eppHeader: false };
    const fail = (error: string): RequestResult => ({ ...result, ok: false, totalMs: elapsed(), error });
    let res: Response;
    try {
        res = await fetch(url, {
            method: "POST",
            signal,
            headers: { "content-type": "application/json", accept: req.stream ? "text/event-stream" : "application/json" },
            body: JSON.stringify(completionRequestBody(req.model, req.prompt, req.maxTokens, req.stream)),
        });
    } catch (err) {
        return fail(signal.aborted ? `exceeded ${exceeded(limit)} before the answer began` : describeFetchError(err, new URL(url)));
    }
    result.status = res.status;
    result.eppHeader = res.headers.has(EPP_RESPONSE_HEADER);
    try {
        if (!res.ok) {
            return fail(`${what} answered ${res.status} ${res.statusText}: ${serverMessage(await readCapped(res))}`);
        }
        if ((res.headers.get("content-type") ?? "").includes("text/event-stream") && res.body) {
            return await readStream(res.body, result, elapsed, what);
        }
        const body = await readCapped(res);
        const completion = parseCompletion(body);
        if (!completion) {
            return fail(`${what} answered ${res.status} with a body that is not a completion: ${serverMessage(body)}`);
        }
        if (completion.error !== undefined) {
            return fail(`${what} answered ${res.status} with an error: ${oneLine(completion.error)}`);
        }
        return {
            ...result,
            ok: true,
            totalMs: elapsed(),
            ...(completion.completionTokens !== undefined ? { tokens: completion.completionTokens, tokensFrom: "usage" as const } : {}),
        };
    } catch (err) {
        if (signal.aborted) {
            const phase = result.ttftMs === undefined ? "before the first token" : "before the stream ended";
            return fail(`exceeded ${exceeded(limit)} ${phase}`);
        }
        return fail(`reading the answer: ${describeFetchError(err, new URL(url))}`);
    }
}

/** Reads an SSE completion stream into `result` (which it fills in as it goes, for a timeout's message). */
async function readStream(body: ReadableStream<Uint8Array>, result: RequestResult, elapsed: () => number, what: string): Promise<RequestResult> {
    result.streamed = true;
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const reader = body.getReader();
    let textEvents = 0;
    let usageTokens: number | undefined;
    let done = false;
    const take = (events: string[]): string | undefined => {
        for (const data of events) {
            if (data === SSE_DONE) {
                done = true;
                continue;
            }
            const part = parseCompletion(data);
            if (!part) {
                return `${what} streamed an event that is not JSON: ${oneLine(data)}`;
            }
            if (part.error !== undefined) {
                return `${what} streamed an error: ${oneLine(part.error)}`;
            }
            if (part.text !== "") {
                textEvents++;
                result.ttftMs ??= elapsed();
            }
            if (part.completionTokens !== undefined) {
                usageTokens = part.completionTokens;
            }
        }
        return undefined;
    };
    for (;;) {
        const { done: ended, value } = await reader.read();
        const error = take(ended ? [...parser.push(decoder.decode()), ...parser.end()] : parser.push(decoder.decode(value, { stream: true })));
        if (error) {
            await reader.cancel().catch(() => undefined);
            return { ...result, ok: false, totalMs: elapsed(), error };
        }
        if (ended) {
            break;
        }
    }
    const totalMs = elapsed();
    if (!done) {
        return { ...result, ok: false, totalMs, error: `${what}: the stream ended without data: ${SSE_DONE}` };
    }
    if (result.ttftMs === undefined) {
        return { ...result, ok: false, totalMs, error: `${what}: the stream carried no generated text` };
    }
    return {
        ...result,
        ok: true,
        totalMs,
        tokens: usageTokens ?? textEvents,
        tokensFrom: usageTokens !== undefined ? "usage" : "events",
    };
}
