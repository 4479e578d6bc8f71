/**
 * The smoke check's HTTP calls, on Node's built-in fetch: every call bounded in time (one abort
 * signal covers the headers and the body) and in size, no redirect followed (a token never travels
 * to where a server points), every failure one line that says what happened, never a stack trace.
 */
import { oneLine, printable } from "./printable";

/** A failed check: its message is the one line the CLI prints. */
export class SmokeFailure extends Error {}

/** Most of an error document, a model list or a non-streamed completion that is read (1 MiB). */
export const BODY_MAX_BYTES = 1 << 20;

/** What limits a call: the per-request `--timeout`, or what remains of the run's `--deadline` when less. */
export interface TimeLimit {
    /** Milliseconds the call may take. */
    ms: number;
    /** The flag that set the limit, and its value in milliseconds, for the message. */
    flag: "--timeout" | "--deadline";
    flagMs: number;
}

/** `--timeout 0.5 s`: the flag that ran out, as the user gave it. */
export function exceeded(limit: TimeLimit): string {
    return `${limit.flag} ${Number((limit.flagMs / 1000).toFixed(3))} s`;
}

/** `1 MiB`, `8 MiB`, or bytes: a cap as the messages name it. */
export function sizeName(bytes: number): string {
    return bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : `${bytes} bytes`;
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
            return `${oneLine(message)}${code ? ` (${printable(String(code))})` : ""}`;
        }
    }
}

export interface CappedBody {
    text: string;
    /** Whether the body was longer than the cap (the rest was not read). */
    truncated: boolean;
}

/** Reads at most `maxBytes` of a body as text, then cancels the rest (the connection closes). */
export async function readCapped(res: Response, maxBytes: number = BODY_MAX_BYTES): Promise<CappedBody> {
    if (!res.body) {
        return { text: "", truncated: false };
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const parts: string[] = [];
    let bytes = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) {
            break;
        }
        const room = maxBytes - bytes;
        if (value.byteLength > room) {
            parts.push(decoder.decode(value.subarray(0, room), { stream: true }));
            await reader.cancel().catch(() => undefined);
            return { text: parts.join("") + decoder.decode(), truncated: true };
        }
        bytes += value.byteLength;
        parts.push(decoder.decode(value, { stream: true }));
    }
    parts.push(decoder.decode());
    return { text: parts.join(""), truncated: false };
}

/** The status line of an answer as a message quotes it: `500 Internal Server Error`, status text escaped and cut. */
export function statusLine(res: { status: number; statusText: string }): string {
    const text = printable(res.statusText);
    return text === "" ? String(res.status) : `${res.status} ${text}`;
}

/** A redirect is answered, never followed: where it points, for the message. */
export function redirectNote(location: string | null | undefined): string {
    return `${location ? ` to ${printable(location)}` : ""}: the smoke check follows no redirect; give the URL it points to`;
}

export interface TextAnswer {
    status: number;
    statusText: string;
    /** The `location` header of a redirect. */
    location?: string;
    body: string;
    truncated: boolean;
}

export interface GetOptions {
    accept?: string;
    /** Extra request headers (an Authorization header is never printed). */
    headers?: Record<string, string>;
    maxBytes?: number;
}

/** GET a URL within the limit; throws {@link SmokeFailure} when it cannot be read at all. */
export async function getText(url: string, limit: TimeLimit, what: string, options: GetOptions = {}): Promise<TextAnswer> {
    const signal = AbortSignal.timeout(limit.ms);
    try {
        const res = await fetch(url, {
            signal,
            redirect: "manual",
            headers: { accept: options.accept ?? "application/json, text/plain", ...options.headers },
        });
        const body = await readCapped(res, options.maxBytes);
        const location = res.headers.get("location");
        return { status: res.status, statusText: res.statusText, ...(location ? { location } : {}), body: body.text, truncated: body.truncated };
    } catch (err) {
        if (signal.aborted) {
            throw new SmokeFailure(`${what} got no whole answer within ${exceeded(limit)}`);
        }
        throw new SmokeFailure(`${what}: ${describeFetchError(err, new URL(url))}`);
    }
}
