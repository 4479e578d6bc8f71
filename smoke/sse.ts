/**
 * Server-sent events as OpenAI-compatible servers stream them: `data:` lines, events ended by a
 * blank line, `data: [DONE]` last. Pure; fed the body as it arrives, in chunks of any size.
 *
 * Each chunk is scanned once (the unfinished end of a line is kept as pieces, not rescanned), and an
 * unfinished line or an event's data may not grow past {@link SSE_LINE_MAX_CHARS}: a server that never
 * ends a line costs linear time and bounded memory.
 */

/** The payload that ends an OpenAI stream. */
export const SSE_DONE = "[DONE]";

/** Longest line, and longest data of one event, the parser keeps (1 Mi characters; a token event is < 1 Ki). */
export const SSE_LINE_MAX_CHARS = 1 << 20;

/** A line or an event longer than {@link SSE_LINE_MAX_CHARS}: its message completes "... streamed ". */
export class SseTooLong extends Error {}

const LINE_END = /[\r\n]/g;

/**
 * Splits a text stream into the `data` of each event. Lines may end in `\n`, `\r\n` or `\r`;
 * several `data:` lines of one event are joined with `\n`; comments (`:`) and other fields
 * (`event:`, `id:`, `retry:`) are ignored; events without data are dropped.
 */
export class SseParser {
    /** Pieces of the line not yet ended, and their total length. */
    private partial: string[] = [];
    private partialLength = 0;
    /** `data` values of the event not yet dispatched, and their total length. */
    private data: string[] = [];
    private dataLength = 0;
    /** Set when the last chunk ended in `\r`: a `\n` starting the next belongs to the same line end. */
    private pendingCr = false;

    constructor(private readonly maxChars: number = SSE_LINE_MAX_CHARS) {}

    /** Feeds the next piece of the body; returns the data of every event it completes. Throws {@link SseTooLong}. */
    push(chunk: string): string[] {
        const events: string[] = [];
        let start = 0;
        if (this.pendingCr && chunk.startsWith("\n")) {
            start = 1;
        }
        this.pendingCr = false;
        LINE_END.lastIndex = start;
        let m: RegExpExecArray | null;
        while ((m = LINE_END.exec(chunk)) !== null) {
            const end = m.index;
            this.endLine(chunk.slice(start, end), events);
            start = end + 1;
            if (m[0] === "\r") {
                if (start === chunk.length) {
                    this.pendingCr = true;
                } else if (chunk[start] === "\n") {
                    start++;
                }
            }
            LINE_END.lastIndex = start;
        }
        if (start < chunk.length) {
            this.partialLength += chunk.length - start;
            if (this.partialLength > this.maxChars) {
                throw new SseTooLong(`a line of more than ${this.maxChars} characters without a line end (the smoke check's cap on one SSE line)`);
            }
            this.partial.push(chunk.slice(start));
        }
        return events;
    }

    /** Ends the stream: an event not closed by a blank line is still delivered (servers often omit it). */
    end(): string[] {
        const events: string[] = [];
        if (this.partialLength > 0) {
            this.endLine("", events);
        }
        this.dispatch(events);
        return events;
    }

    private endLine(tail: string, events: string[]): void {
        const line = this.partial.length === 0 ? tail : this.partial.join("") + tail;
        this.partial = [];
        this.partialLength = 0;
        if (line.length > this.maxChars) {
            throw new SseTooLong(`a line of more than ${this.maxChars} characters (the smoke check's cap on one SSE line)`);
        }
        this.line(line, events);
    }

    private line(line: string, events: string[]): void {
        if (line === "") {
            this.dispatch(events);
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) {
            value = value.slice(1);
        }
        if (field === "data") {
            this.dataLength += value.length + 1;
            if (this.dataLength > this.maxChars) {
                throw new SseTooLong(`an event whose data is more than ${this.maxChars} characters (the smoke check's cap on one SSE event)`);
            }
            this.data.push(value);
        }
    }

    private dispatch(events: string[]): void {
        if (this.data.length > 0) {
            events.push(this.data.join("\n"));
            this.data = [];
            this.dataLength = 0;
        }
    }
}
