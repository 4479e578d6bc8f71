/** The smoke check's pure parts: arguments, SSE, the OpenAI documents, percentiles. */
import * as assert from "assert";
import { DEFAULTS, LIMITS, parseSmokeArgs, SmokeOptions, UsageError } from "../../smoke/args";
import { RequestResult } from "../../smoke/completion";
import { describeFetchError } from "../../smoke/http";
import { parseCompletion, parseModelIds, serverMessage } from "../../smoke/openai";
import { failureLine, percentile, requestLine, summarize } from "../../smoke/report";
import { SSE_LINE_MAX_CHARS, SseParser } from "../../smoke/sse";

describe("smoke parts", () => {
    describe("percentile (nearest rank)", () => {
        it("takes the value at rank ceil(p/100 * n) of the sorted values", () => {
            assert.strictEqual(percentile([], 50), undefined);
            assert.strictEqual(percentile([7], 50), 7);
            const values = [40, 10, 30, 20];
            assert.strictEqual(percentile(values, 50), 20);
            assert.strictEqual(percentile(values, 100), 40);
            assert.strictEqual(percentile(values, 0), 10);
            assert.strictEqual(percentile([5, 1, 3, 2, 4], 50), 3);
            assert.deepStrictEqual(values, [40, 10, 30, 20], "the input is not sorted in place");
        });
    });

    describe("SseParser", () => {
        it("assembles events split anywhere across chunks, with LF, CRLF or CR line ends", () => {
            const stream = 'data: {"a":1}\r\n\r\n: keep-alive\n\nevent: message\nid: 7\ndata: {"b":\r\n\r\ndata: line1\ndata: line2\n\ndata: [DONE]\r\r';
            const whole = new SseParser();
            const expected = ['{"a":1}', '{"b":', "line1\nline2", "[DONE]"];
            assert.deepStrictEqual([...whole.push(stream), ...whole.end()], expected);
            for (let size = 1; size <= 7; size++) {
                const p = new SseParser();
                const events: string[] = [];
                for (let i = 0; i < stream.length; i += size) {
                    events.push(...p.push(stream.slice(i, i + size)));
                }
                events.push(...p.end());
                assert.deepStrictEqual(events, expected, `chunks of ${size}`);
            }
        });

        it("keeps an unfinished line in pieces: one fed a character at a time, up to the cap, is one event", () => {
            const p = new SseParser();
            assert.deepStrictEqual(p.push("data: "), []);
            for (let i = 0; i < SSE_LINE_MAX_CHARS - 6; i++) {
                assert.strictEqual(p.push("x").length, 0);
            }
            const [event] = p.push("\r\n\n");
            assert.strictEqual(event.length, SSE_LINE_MAX_CHARS - 6);
            const over = new SseParser(16);
            assert.throws(() => over.push("data: 0123456789abcdef"), /^Error: a line of more than 16 characters without a line end \(the smoke check's cap on one SSE line\)$/);
            const many = new SseParser(16);
            assert.throws(() => many.push("data: 0123\ndata: 4567\ndata: 89ab\ndata: cdef\n"), /an event whose data is more than 16 characters/);
        });

        it("delivers a last event the server did not close with a blank line", () => {
            const p = new SseParser();
            assert.deepStrictEqual(p.push("data: [DONE]"), []);
            assert.deepStrictEqual(p.end(), ["[DONE]"]);
            assert.deepStrictEqual(new SseParser().push("data:no-space\n\n"), ["no-space"]);
        });
    });

    describe("OpenAI documents", () => {
        it("reads text, usage and errors from completion and chat chunks", () => {
            assert.deepStrictEqual(parseCompletion('{"choices":[{"index":0,"text":" Hello"}]}'), { text: " Hello" });
            assert.deepStrictEqual(parseCompletion('{"choices":[{"delta":{"content":"Hi"}}]}'), { text: "Hi" });
            assert.deepStrictEqual(parseCompletion('{"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":64}}'), { text: "", completionTokens: 64 });
            assert.deepStrictEqual(parseCompletion('{"error":{"object":"error","message":"boom","code":500}}'), { text: "", error: "boom" });
            assert.strictEqual(parseCompletion("not json"), undefined);
            assert.strictEqual(parseCompletion("[1]"), undefined);
        });

        it("lists model ids, or nothing for a body that is not a model list", () => {
            assert.deepStrictEqual(parseModelIds('{"object":"list","data":[{"id":"a"},{"id":"b"},{"x":1}]}'), ["a", "b"]);
            assert.strictEqual(parseModelIds("<html>no healthy upstream</html>"), undefined);
            assert.strictEqual(parseModelIds('{"data":"x"}'), undefined);
        });

        it("quotes the server's message on one bounded line", () => {
            assert.strictEqual(serverMessage('{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","code":404}'), "The model `x` does not exist.");
            assert.strictEqual(serverMessage('{"error":{"message":"Invalid API key","type":"auth"}}'), "Invalid API key");
            assert.strictEqual(serverMessage('{"detail":"Not Found"}'), "Not Found");
            assert.strictEqual(serverMessage("upstream connect error\n  or disconnect/reset before headers"), "upstream connect error or disconnect/reset before headers");
            assert.strictEqual(serverMessage(""), "(empty body)");
            assert.strictEqual(serverMessage("x".repeat(1000)), `${"x".repeat(80)}… (1000 characters)`);
            assert.strictEqual(serverMessage('{"detail":"bad \\u001b[2J\\u0007 model"}'), "bad \\x1b[2J\\x07 model", "control characters escaped");
        });
    });

    describe("arguments", () => {
        const parse = (...args: string[]) => parseSmokeArgs(args) as SmokeOptions;

        it("defaults, and the endpoint as a base URL", () => {
            const o = parse("--endpoint", "http://localhost:8000/", "--model", "m");
            assert.deepStrictEqual(o, {
                endpoint: "http://localhost:8000",
                model: "m",
                requests: DEFAULTS.requests,
                timeoutMs: DEFAULTS.timeoutSeconds * 1000,
                deadlineMs: DEFAULTS.deadlineSeconds * 1000,
                maxTokens: DEFAULTS.maxTokens,
                prompt: DEFAULTS.prompt,
                stream: true,
                json: false,
                metrics: false,
                eppMetrics: [],
                prefillMetrics: [],
                decodeMetrics: [],
            });
            assert.strictEqual(parse("--endpoint", "https://gw.example.com/llm/v1", "--model", "m").endpoint, "https://gw.example.com/llm");
            const all = parse(
                "--endpoint", "http://10.0.0.1", "--model", "m", "--requests", "100", "--timeout", "0.5", "--deadline", "3600",
                "--max-tokens", "1", "--prompt", "hi", "--no-stream", "--json", "--prefill-metrics", "http://a:8001/metrics", "--prefill-metrics", "http://b:8002/metrics",
            );
            assert.deepStrictEqual(
                [all.requests, all.timeoutMs, all.deadlineMs, all.maxTokens, all.prompt, all.stream, all.json, all.prefillMetrics],
                [100, 500, 3_600_000, 1, "hi", false, true, ["http://a:8001/metrics", "http://b:8002/metrics"]],
            );
            assert.strictEqual(parseSmokeArgs(["--help"]), "help");
            assert.strictEqual(parseSmokeArgs(["-h"]), "help");
        });

        it("rejects each bad argument with one sentence naming it and what is allowed", () => {
            const base = ["--endpoint", "http://127.0.0.1:9", "--model", "m"];
            const cases: [string[], string][] = [
                [["--model", "m"], "--endpoint <url> is required (e.g. http://localhost:8000 after the stack's portForwardCommand)"],
                [["--endpoint", "http://127.0.0.1:9"], "--model <name> is required (pulumi stack output servedModelName)"],
                [["--endpoint", "localhost:8000", "--model", "m"], '--endpoint must be an http:// or https:// URL, got "localhost:8000"'],
                [["--endpoint", "not a url", "--model", "m"], '--endpoint must be an http:// or https:// URL, got "not a url"'],
                [["--endpoint", "http://h:8000/?q=1", "--model", "m"], "--endpoint must be a base URL without query or fragment, e.g. http://localhost:8000"],
                [["--endpoint", "http://user:hunter2@h:8000", "--model", "m"], "--endpoint must not carry credentials (http://…@h:8000)"],
                [[...base, "--requests", "0"], '--requests must be an integer from 1 to 100, got "0"'],
                [[...base, "--requests", String(LIMITS.requests + 1)], '--requests must be an integer from 1 to 100, got "101"'],
                [[...base, "--requests", "2.5"], '--requests must be an integer from 1 to 100, got "2.5"'],
                [[...base, "--timeout=-1"], '--timeout must be a number of seconds above 0 and at most 300, got "-1"'],
                [[...base, "--timeout", "-1"], "Option '--timeout' argument is ambiguous. Did you forget to specify the option argument for '--timeout'?"],
                [[...base, "--timeout", "301"], '--timeout must be a number of seconds above 0 and at most 300, got "301"'],
                [[...base, "--timeout", "1e2"], '--timeout must be a number of seconds above 0 and at most 300, got "1e2"'],
                [[...base, "--deadline", "0"], '--deadline must be a number of seconds above 0 and at most 3600, got "0"'],
                [[...base, "--max-tokens", "5000"], '--max-tokens must be an integer from 1 to 4096, got "5000"'],
                [[...base, "--prompt", "  "], "--prompt must not be empty"],
                [[...base, "--prefill-metrics", "file:///etc/passwd"], '--prefill-metrics must be an http:// or https:// URL, got "file:///etc/passwd"'],
                [[...base, ...Array.from({ length: 17 }, (_, i) => ["--prefill-metrics", `http://p${i}/metrics`]).flat()], "--prefill-metrics may be given at most 16 times, got 17"],
                [[...base, ...Array.from({ length: 17 }, (_, i) => ["--decode-metrics", `http://d${i}/metrics`]).flat()], "--decode-metrics may be given at most 16 times, got 17"],
                [[...base, "--epp-metrics", "ftp://epp/metrics"], '--epp-metrics must be an http:// or https:// URL, got "ftp://epp/metrics"'],
                [[...base, "--decode-metrics", "http://user:pw@d/metrics"], "--decode-metrics must not carry credentials (http://…@d)"],
                [[...base, "--metrics"], "--metrics needs the counters to read: give --epp-metrics, --prefill-metrics or --decode-metrics (see docs/smoke.md)"],
                [[...base, "--epp-token-file", "/tmp/t"], "--epp-token-file is sent only to the EPP: give --epp-metrics <url> too"],
                [[...base, "--epp-metrics", "http://e/metrics", "--epp-token-file", "/tmp/t", "--epp-token-env", "T"], "give the EPP token once: --epp-token-file or --epp-token-env, not both"],
                [[...base, "--epp-metrics", "http://e/metrics", "--epp-token-env", "MY-TOKEN"], '--epp-token-env must name an environment variable (letters, digits, _), got "MY-TOKEN"'],
                [[...base, "--model", "m\u001b[31m", "--requests", "x\u0007"], '--requests must be an integer from 1 to 100, got "x\\x07"'],
                [[...base, "--bogus"], "Unknown option '--bogus'"],
                [[...base, "--requests"], "Option '--requests <value>' argument missing"],
                [[...base, "extra"], "Unexpected argument 'extra'"],
            ];
            for (const [args, message] of cases) {
                assert.throws(
                    () => parseSmokeArgs(args),
                    (err: Error) => err instanceof UsageError && err.message.startsWith(message) && !err.message.includes("\n") && !err.message.includes("hunter2"),
                    `${args.join(" ")} should fail with: ${message}`,
                );
            }
        });
    });

    describe("report", () => {
        const result = (index: number, extra: Partial<RequestResult>): RequestResult => ({ index, ok: true, streamed: true, totalMs: 1000, eppHeader: false, ...extra });

        it("summarizes TTFT over the successful streamed requests and tokens/s over their time", () => {
            const results = [
                result(1, { status: 200, ttftMs: 100, tokens: 10, tokensFrom: "usage" }),
                result(2, { status: 200, ttftMs: 300, tokens: 30, tokensFrom: "usage", totalMs: 3000 }),
                result(3, { status: 500, ok: false, ttftMs: 5, error: "POST /v1/completions answered 500 Internal Server Error: boom" }),
            ];
            const s = summarize(4, results, true);
            assert.deepStrictEqual(s, { requested: 4, sent: 3, ok: 2, errors: 1, ttftP50Ms: 100, ttftMaxMs: 300, tokens: 40, tokensPerSecond: 10, deadlineReached: true });
            assert.strictEqual(failureLine(results, s, 60), "request 3 of 4: POST /v1/completions answered 500 Internal Server Error: boom");
            assert.strictEqual(failureLine(results.slice(0, 2), summarize(4, results.slice(0, 2), true), 2.5), "--deadline 2.5 s ran out after 2 of 4 requests");
            assert.strictEqual(failureLine(results.slice(0, 2), summarize(2, results.slice(0, 2), false), 60), undefined);
            assert.strictEqual(requestLine(results[0]), "1       200    100      1000      10     10.0");
            assert.match(requestLine(results[2]), /^3\s+500\s+5\s+1000\s+-\s+-\s+error: POST/);
        });
    });

    describe("connection failures", () => {
        const failed = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`connect ${code}`), { code }) });
        const url = new URL("http://localhost:8000/v1/models");

        it("turns the socket error codes into what happened", () => {
            assert.strictEqual(
                describeFetchError(failed("ECONNREFUSED"), url),
                "nothing listens at http://localhost:8000 (connection refused); is the port-forward running? (pulumi stack output portForwardCommand)",
            );
            assert.strictEqual(describeFetchError(failed("ECONNREFUSED"), new URL("http://34.1.2.3/")), "nothing listens at http://34.1.2.3 (connection refused)");
            assert.strictEqual(describeFetchError(failed("ENOTFOUND"), new URL("http://gw.invalid/")), "cannot resolve the host gw.invalid (ENOTFOUND)");
            assert.strictEqual(describeFetchError(failed("ECONNRESET"), url), "http://localhost:8000 closed the connection (ECONNRESET)");
            assert.strictEqual(describeFetchError(failed("EHOSTUNREACH"), url), "cannot reach http://localhost:8000 (EHOSTUNREACH)");
            assert.strictEqual(describeFetchError(Object.assign(new TypeError("fetch failed"), { cause: new Error("bad port") }), new URL("http://localhost:6000/")),
                "Node's fetch refuses port 6000 (one of the ports the Fetch standard blocks); forward the gateway to another port, e.g. 8000");
        });
    });
});
