/**
 * Server-sent events as OpenAI-compatible servers stream them: `data:` lines, events ended by a
 * blank line, `data: [DONE]` last. Pure; fed the body as it arrives, in chunks of any size.
 */

/** The payload that ends an OpenAI stream. */
export const SSE_DONE = "[DONE]";

/**
 * Splits a text stream into the `data` of each event. Lines may end in `\n`, `\r\n` or `\r`;
 * several `data:` lines of one event are joined with `\n`; comments (`:`) and other fields
 * (`event:`, `id:`, `retry:`) are ignored; events without data are dropped.
 */
export class SseParser {
    private buffer = "";
    private data: string[] = [];
    /** Set when the buffer ends in `\r`: a following `\n` belongs to the same line end. */
    private pendingCr = false;

    /** Feeds the next piece of the body; returns the data of every event it completes. */
    push(chunk: string): string[] {
        let text = chunk;
        if (this.pendingCr && text.startsWith("\n")) {
            text = text.slice(1);
        }
        this.pendingCr = false;
        this.buffer += text;
        const events: string[] = [];
        let start = 0;
        for (let i = 0; i < this.buffer.length; i++) {
            const c = this.buffer[i];
            if (c !== "\n" && c !== "\r") {
                continue;
            }
            this.line(this.buffer.slice(start, i), events);
            if (c === "\r") {
                if (i + 1 === this.buffer.length) {
                    this.pendingCr = true;
                } else if (this.buffer[i + 1] === "\n") {
                    i++;
                }
            }
            start = i + 1;
        }
        this.buffer = this.buffer.slice(start);
        return events;
    }

    /** Ends the stream: an event not closed by a blank line is still delivered (servers often omit it). */
    end(): string[] {
        const events: string[] = [];
        if (this.buffer.length > 0) {
            this.line(this.buffer, events);
            this.buffer = "";
        }
        this.dispatch(events);
        return events;
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
            this.data.push(value);
        }
    }

    private dispatch(events: string[]): void {
        if (this.data.length > 0) {
            events.push(this.data.join("\n"));
            this.data = [];
        }
    }
}
