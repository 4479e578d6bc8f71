/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that speaks the parts of the OpenAI API the smoke
 * check uses, the way vLLM answers them, with switchable faults. Also serves a prefill pod's vLLM
 * /metrics whose counter counts the completions it answered.
 */
import * as http from "http";
import { AddressInfo } from "net";

export type CompletionBehaviour =
    /** SSE chunks, one token each, usage, then [DONE]; or one JSON document when the request says stream: false. */
    | "ok"
    /** Always one JSON document, even when asked to stream. */
    | "json"
    /** 500 with vLLM's error document. */
    | "error500"
    /** Headers only after `delayMs`. */
    | "slow"
    /** The first token, then nothing for `delayMs`. */
    | "stall"
    /** One token, then an error event. */
    | "streamError"
    /** Tokens, then the connection ends without [DONE]. */
    | "noDone"
    /** The first token, then the socket is destroyed. */
    | "reset";

export interface ServerOptions {
    models: string[];
    behaviour: CompletionBehaviour;
    /** Tokens to generate per completion. */
    tokens: number;
    /** Between streamed tokens. */
    tokenDelayMs: number;
    delayMs: number;
    /** Add the EPP's response header. */
    eppHeader: boolean;
    /** Send `usage` in the last event when asked to. */
    usage: boolean;
    /** Count the completions as prefilled on this server's /metrics. */
    countPrefill: boolean;
    /** Called with each completion request's body before it is answered (a P/D cluster moves its counters). */
    onCompletion?: (body: Record<string, any>) => void;
}

export interface OpenAIServer {
    url: string;
    /** The completion request bodies received. */
    requests: Record<string, any>[];
    options: ServerOptions;
    close(): Promise<void>;
}

const DEFAULTS: ServerOptions = {
    models: ["test/model-a"],
    behaviour: "ok",
    tokens: 4,
    tokenDelayMs: 15,
    delayMs: 3000,
    eppHeader: false,
    usage: true,
    countPrefill: false,
};

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        let body = "";
        req.setEncoding("utf8");
        req.on("data", (c) => (body += c));
        req.on("end", () => resolve(body));
        req.on("error", reject);
    });
}

export async function startOpenAIServer(overrides: Partial<ServerOptions> = {}): Promise<OpenAIServer> {
    const options: ServerOptions = { ...DEFAULTS, ...overrides };
    const requests: Record<string, any>[] = [];
    let prefilled = 0;
    const timers = new Set<NodeJS.Timeout>();
    const wait = (ms: number) =>
        new Promise<void>((resolve) => {
            const t = setTimeout(() => {
                timers.delete(t);
                resolve();
            }, ms);
            timers.add(t);
        });

    const server = http.createServer(async (req, res) => {
        const extra: Record<string, string> = options.eppHeader ? { "x-went-into-resp-headers": "true" } : {};
        if (req.method === "GET" && req.url === "/v1/models") {
            res.writeHead(200, { "content-type": "application/json", ...extra });
            res.end(JSON.stringify({ object: "list", data: options.models.map((id) => ({ id, object: "model", owned_by: "vllm" })) }));
            return;
        }
        if (req.method === "GET" && req.url === "/metrics") {
            res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
            const model = options.models[0];
            res.end(
                [
                    "# HELP vllm:request_success_total Count of successfully processed requests.",
                    "# TYPE vllm:request_success_total counter",
                    `vllm:request_success_total{engine="0",finished_reason="length",model_name="${model}"} ${prefilled}.0`,
                    `vllm:request_success_total{engine="0",finished_reason="stop",model_name="${model}"} 0.0`,
                    `vllm:request_success_total{engine="0",finished_reason="length",model_name="other/model"} 7.0`,
                    "# TYPE vllm:prompt_tokens_total counter",
                    `vllm:prompt_tokens_total{engine="0",model_name="${model}"} ${prefilled * 12}.0`,
                    "",
                ].join("\n"),
            );
            return;
        }
        if (req.method !== "POST" || req.url !== "/v1/completions") {
            res.writeHead(404, { "content-type": "application/json" });
            res.end(JSON.stringify({ detail: "Not Found" }));
            return;
        }
        const body = JSON.parse(await readBody(req));
        requests.push(body);
        options.onCompletion?.(body);
        if (options.countPrefill) {
            prefilled++;
        }
        const id = `cmpl-${requests.length}`;
        const chunk = (text: string) => JSON.stringify({ id, object: "text_completion", model: body.model, choices: [{ index: 0, text, finish_reason: null }] });
        const usage = { prompt_tokens: 12, completion_tokens: options.tokens, total_tokens: 12 + options.tokens };
        if (options.behaviour === "error500") {
            res.writeHead(500, { "content-type": "application/json", ...extra });
            res.end(JSON.stringify({ object: "error", message: "CUDA out of memory while prefilling", type: "InternalServerError", param: null, code: 500 }));
            return;
        }
        if (options.behaviour === "slow") {
            await wait(options.delayMs);
        }
        if (options.behaviour === "json" || body.stream !== true) {
            res.writeHead(200, { "content-type": "application/json", ...extra });
            res.end(
                JSON.stringify({
                    id,
                    object: "text_completion",
                    model: body.model,
                    choices: [{ index: 0, text: " tok".repeat(options.tokens), finish_reason: "length" }],
                    usage,
                }),
            );
            return;
        }
        res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...extra });
        for (let i = 0; i < options.tokens; i++) {
            if (i > 0) {
                await wait(options.tokenDelayMs);
            }
            res.write(`data: ${chunk(` tok${i}`)}\n\n`);
            if (options.behaviour === "reset") {
                await wait(options.tokenDelayMs); // the client has the headers and the first token
                res.socket?.destroy();
                return;
            }
            if (options.behaviour === "stall") {
                await wait(options.delayMs);
            }
            if (options.behaviour === "streamError" && i === 0) {
                res.end(`data: ${JSON.stringify({ error: { object: "error", message: "decode worker lost the KV cache", code: 500 } })}\n\ndata: [DONE]\n\n`);
                return;
            }
        }
        if (options.behaviour === "noDone") {
            res.end();
            return;
        }
        if (options.usage && body.stream_options?.include_usage) {
            res.write(`data: ${JSON.stringify({ id, object: "text_completion", model: body.model, choices: [], usage })}\n\n`);
        }
        res.end("data: [DONE]\n\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        options,
        close: async () => {
            timers.forEach((t) => clearTimeout(t));
            timers.clear();
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}
