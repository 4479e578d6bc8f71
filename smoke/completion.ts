/**
 * The OpenAI calls of the smoke check: the model list, and one completion timed from sending to the
 * first generated text (TTFT) and to the end, streamed or not. Every failure is one line in the result.
 */
import { BODY_MAX_BYTES, describeFetchError, exceeded, getText, readCapped, redirectNote, sizeName, SmokeFailure, statusLine, TimeLimit } from "./http";
import { COMPLETIONS_PATH, completionRequestBody, MODELS_PATH, parseCompletion, parseModelIds, serverMessage } from "./openai";
import { oneLine } from "./printable";
import { SSE_DONE, SseParser, SseTooLong } from "./sse";

/**
 * Response header llm-d's EPP (gateway-api-inference-extension v0.5.1, handlers/response.go) sets on
 * every response it processes: its presence shows the request went through the EPP.
 */
export const EPP_RESPONSE_HEADER = "x-went-into-resp-headers";

/** Why a non-2xx answer failed: its status, where a redirect points, what the server said. */
function answeredLine(what: string, answer: { status: number; statusText: string }, redirect: string, body: string): string {
    if (answer.status >= 300 && answer.status < 400) {
        return `${what} answered ${statusLine(answer)}${redirect}`;
    }
    return `${what} answered ${statusLine(answer)}: ${serverMessage(body)}`;
}

/** The models the endpoint serves, from `GET /v1/models`. */
export async function listModels(endpoint: string, limit: TimeLimit): Promise<string[]> {
    const what = `GET ${endpoint}${MODELS_PATH}`;
    const answer = await getText(`${endpoint}${MODELS_PATH}`, limit, what);
    if (answer.status < 200 || answer.status >= 300) {
        throw new SmokeFailure(answeredLine(what, answer, redirectNote(answer.location), answer.body));
    }
    if (answer.truncated) {
        throw new SmokeFailure(`${what} answered more than ${sizeName(BODY_MAX_BYTES)} (the smoke check's cap on a model list): is it an OpenAI-compatible endpoint?`);
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
            redirect: "manual",
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
            const body = res.status >= 300 && res.status < 400 ? "" : (await readCapped(res)).text;
            await res.body?.cancel().catch(() => undefined);
            return fail(answeredLine(what, res, redirectNote(res.headers.get("location")), body));
        }
        if ((res.headers.get("content-type") ?? "").toLowerCase().includes("text/event-stream") && res.body) {
            return await readStream(res.body, result, elapsed, what);
        }
        const body = await readCapped(res);
        if (body.truncated) {
            return fail(`${what} answered ${res.status} with a body of more than ${sizeName(BODY_MAX_BYTES)} that is not a stream (the smoke check's cap on a whole answer)`);
        }
        const completion = parseCompletion(body.text);
        if (!completion) {
            return fail(`${what} answered ${res.status} with a body that is not a completion: ${serverMessage(body.text)}`);
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
        await res.body?.cancel().catch(() => undefined);
        if (signal.aborted) {
            const phase = result.ttftMs === undefined ? "before the first token" : "before the stream ended";
            return fail(`exceeded ${exceeded(limit)} ${phase}`);
        }
        if (err instanceof SseTooLong) {
            return fail(`${what} streamed ${err.message}`);
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
        let error: string | undefined;
        let ended: boolean;
        try {
            const chunk = await reader.read();
            ended = chunk.done;
            error = take(ended ? [...parser.push(decoder.decode()), ...parser.end()] : parser.push(decoder.decode(chunk.value, { stream: true })));
        } catch (err) {
            // Closes the connection: a server sending a line without end stops being read.
            await reader.cancel().catch(() => undefined);
            throw err;
        }
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
