/**
 * A misbehaving HTTP server on 127.0.0.1: each answer is a script of raw bytes, pauses, drips and
 * resets written straight to the TCP socket, so a test can send what Node's http server refuses to
 * (control characters in the status line, broken chunked framing, a body that never ends). Writes
 * wait for the socket to drain, and everything stops when the client goes away.
 */
import * as net from "net";
import { AddressInfo } from "net";

export type Step =
    /** Raw bytes. */
    | { write: string | Buffer }
    /** A pause. */
    | { wait: number }
    /** `total` bytes of `fill`, `chunk` bytes at a time, `everyMs` apart (0: as fast as the client reads). */
    | { drip: { total: number; chunk: number; everyMs: number; fill?: string } }
    /** The connection reset (RST, no FIN). */
    | { reset: true }
    /** The connection ended (FIN). */
    | { end: true };

/** The script of the answer to one request; `undefined` answers 404. */
export type Route = (method: string, path: string, body: string) => Step[] | undefined;

export interface RawServer {
    url: string;
    /** `METHOD path` of each request received. */
    hits: string[];
    close(): Promise<void>;
}

/** A status line, headers and a body, as bytes on the wire (`Connection: close` unless given). */
export function response(status: string, headers: Record<string, string>, body = ""): string {
    const all = { connection: "close", ...headers };
    return `HTTP/1.1 ${status}\r\n${Object.entries(all)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("")}\r\n${body}`;
}

/** A whole JSON answer with its length. */
export function json(status: string, value: unknown, extra: Record<string, string> = {}): Step[] {
    const body = typeof value === "string" ? value : JSON.stringify(value);
    return [{ write: response(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...extra }, body) }, { end: true }];
}

/** The head of an SSE answer whose body runs until the connection ends. */
export function sseHead(extra: Record<string, string> = {}): Step {
    return { write: response("200 OK", { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...extra }) };
}

/** An OpenAI model list. */
export function models(ids: string[]): Step[] {
    return json("200 OK", { object: "list", data: ids.map((id) => ({ id, object: "model", owned_by: "vllm" })) });
}

/** A streamed completion of `tokens` events, usage and [DONE]. */
export function completionStream(tokens = 2): string {
    const events = Array.from({ length: tokens }, (_, i) => `data: ${JSON.stringify({ choices: [{ index: 0, text: ` t${i}` }] })}\n\n`);
    return `${events.join("")}data: ${JSON.stringify({ choices: [], usage: { completion_tokens: tokens } })}\n\ndata: [DONE]\n\n`;
}

function readRequest(socket: net.Socket): Promise<{ method: string; path: string; body: string } | undefined> {
    return new Promise((resolve) => {
        let data = Buffer.alloc(0);
        const onData = (chunk: Buffer) => {
            data = Buffer.concat([data, chunk]);
            const end = data.indexOf("\r\n\r\n");
            if (end === -1) {
                return;
            }
            const head = data.subarray(0, end).toString("latin1");
            const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
            if (data.length < end + 4 + length) {
                return;
            }
            socket.off("data", onData);
            const [method, path] = head.split("\r\n")[0].split(" ");
            resolve({ method, path, body: data.subarray(end + 4, end + 4 + length).toString("utf8") });
        };
        socket.on("data", onData);
        socket.once("close", () => resolve(undefined));
    });
}

export async function startRawServer(route: Route): Promise<RawServer> {
    const sockets = new Set<net.Socket>();
    const hits: string[] = [];
    const server = net.createServer(async (socket) => {
        sockets.add(socket);
        socket.on("error", () => undefined);
        socket.on("close", () => sockets.delete(socket));
        const req = await readRequest(socket);
        if (!req) {
            return;
        }
        hits.push(`${req.method} ${req.path}`);
        const steps = route(req.method, req.path, req.body) ?? json("404 Not Found", { detail: "Not Found" });
        const alive = () => !socket.destroyed && socket.writable;
        const write = (bytes: string | Buffer) =>
            new Promise<void>((resolve) => {
                if (!alive()) {
                    return resolve();
                }
                if (socket.write(bytes)) {
                    return resolve();
                }
                const done = () => {
                    socket.off("drain", done);
                    socket.off("close", done);
                    resolve();
                };
                socket.once("drain", done);
                socket.once("close", done);
            });
        const pause = (ms: number) =>
            new Promise<void>((resolve) => {
                const done = () => {
                    clearTimeout(t);
                    socket.off("close", done);
                    resolve();
                };
                const t = setTimeout(done, ms);
                socket.once("close", done);
            });
        for (const step of steps) {
            if (!alive()) {
                return;
            }
            if ("write" in step) {
                await write(step.write);
            } else if ("wait" in step) {
                await pause(step.wait);
            } else if ("drip" in step) {
                const { total, chunk, everyMs, fill = "x" } = step.drip;
                const piece = fill.repeat(Math.ceil(chunk / fill.length)).slice(0, chunk);
                for (let sent = 0; sent < total && alive(); sent += chunk) {
                    await write(piece.slice(0, Math.min(chunk, total - sent)));
                    if (everyMs > 0) {
                        await pause(everyMs);
                    }
                }
            } else if ("reset" in step) {
                socket.resetAndDestroy();
                return;
            } else {
                socket.end();
                return;
            }
        }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        hits,
        close: async () => {
            sockets.forEach((s) => s.destroy());
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}
