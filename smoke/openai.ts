/** The parts of the OpenAI HTTP API the smoke check speaks (vLLM serves the same): pure. */
import { oneLine } from "./printable";

export const MODELS_PATH = "/v1/models";
export const COMPLETIONS_PATH = "/v1/completions";

/** The body of a `/v1/completions` request; streaming asks for the token count in the last event. */
export function completionRequestBody(model: string, prompt: string, maxTokens: number, stream: boolean): Record<string, unknown> {
    return {
        model,
        prompt,
        max_tokens: maxTokens,
        stream,
        ...(stream ? { stream_options: { include_usage: true } } : {}),
    };
}

/** What one completion (or one streamed event of it) carries. */
export interface CompletionPart {
    /** Generated text (completions `choices[].text`, chat `choices[].delta.content`). */
    text: string;
    /** `usage.completion_tokens`, when the server reports it. */
    completionTokens?: number;
    /** The server's error message, when the document is an error. */
    error?: string;
}

/**
 * The error message of an OpenAI-style error document: `{"error": {"message"}}` (OpenAI),
 * `{"object": "error", "message"}` (vLLM), `{"error": "text"}`, or FastAPI's `{"detail": "text"}`;
 * `undefined` when it is none.
 */
export function errorMessageOf(obj: Record<string, any>): string | undefined {
    if (obj.error !== undefined && obj.error !== null) {
        if (typeof obj.error === "string") {
            return obj.error;
        }
        if (typeof obj.error.message === "string") {
            return obj.error.message;
        }
        return JSON.stringify(obj.error);
    }
    if (obj.object === "error" && typeof obj.message === "string") {
        return obj.message;
    }
    if (typeof obj.detail === "string") {
        return obj.detail;
    }
    return undefined;
}

function parseObject(text: string): Record<string, any> | undefined {
    try {
        const json = JSON.parse(text);
        return json && typeof json === "object" && !Array.isArray(json) ? json : undefined;
    } catch {
        return undefined;
    }
}

/** Reads a completion document (a whole answer, or one streamed event); `undefined` when it is not a JSON object. */
export function parseCompletion(text: string): CompletionPart | undefined {
    const obj = parseObject(text);
    if (!obj) {
        return undefined;
    }
    const error = errorMessageOf(obj);
    if (error !== undefined) {
        return { text: "", error };
    }
    let generated = "";
    for (const choice of Array.isArray(obj.choices) ? obj.choices : []) {
        if (typeof choice?.text === "string") {
            generated += choice.text;
        } else if (typeof choice?.delta?.content === "string") {
            generated += choice.delta.content;
        } else if (typeof choice?.message?.content === "string") {
            generated += choice.message.content;
        }
    }
    const tokens = obj.usage?.completion_tokens;
    return { text: generated, ...(typeof tokens === "number" ? { completionTokens: tokens } : {}) };
}

/** The model ids of a `/v1/models` answer (`{"data": [{"id"}]}`); `undefined` when it is not one. */
export function parseModelIds(text: string): string[] | undefined {
    const obj = parseObject(text);
    if (!obj || !Array.isArray(obj.data)) {
        return undefined;
    }
    return obj.data.filter((m: any) => typeof m?.id === "string").map((m: any) => m.id as string);
}

/** What a server said in an error answer: the message of an error document, else its text, on one line, escaped and cut. */
export function serverMessage(body: string): string {
    const obj = parseObject(body);
    const message = obj ? errorMessageOf(obj) : undefined;
    return oneLine(message ?? body) || "(empty body)";
}
