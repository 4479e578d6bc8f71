/**
 * `npm run smoke` against servers that misbehave, byte for byte (test/support/rawHttpServer.ts): every
 * run ends within its deadline with one line that says what happened, and nothing the server sent
 * reaches the terminal raw. The cases are regressions of the fuzz runs of issue 18 (items 8 and 9).
 */
import * as assert from "assert";
import { execFile } from "child_process";
import { SSE_LINE_MAX_CHARS } from "../../smoke/sse";
import { PROJECT_DIR } from "../support/planCli";
import { completionStream, json, models, RawServer, response, sseHead, startRawServer, Step } from "../support/rawHttpServer";
import { assertWellBehaved, oneErrorLine, runMain } from "../support/smokeMain";

const MODEL = "test/model-a";
/** One chunk of a chunked body. */
const chunk = (data: string) => `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`;
const ok = (tokens = 2): Step[] => [sseHead(), { write: completionStream(tokens) }, { end: true }];

interface Case {
    name: string;
    models?: Step[];
    completion?: Step[];
    args?: string[];
    /** The one stderr line, `${url}` standing for the server's URL. */
    line: string | RegExp;
}

const CASES: Case[] = [
    {
        name: "a model id with a newline and an escape sequence, not the model asked for",
        models: models(["evil\n\u001b[2Jmodel", "x".repeat(200)]),
        line: `smoke: model "${MODEL}" is not served at \${url}: it serves "evil\\n\\x1b[2Jmodel", "${"x".repeat(80)}… (200 characters)"`,
    },
    {
        name: "thousands of models: the line names ten and how many more",
        models: models(Array.from({ length: 5000 }, (_, i) => `m${i}`)),
        line: /^smoke: model "test\/model-a" is not served at \S+: it serves "m0", "m1", .*"m9" and 4990 more$/,
    },
    {
        name: "ESC and BEL in the status text (a terminal title)",
        models: [{ write: response("503 \u001b]0;pwned\u0007Busy", { "content-type": "text/plain", "content-length": "5" }, "nope\n") }, { end: true }],
        line: "smoke: GET ${url}/v1/models answered 503 \\x1b]0;pwned\\x07Busy: nope",
    },
    {
        name: "an error document whose message carries control characters, and a status text of its own",
        models: [ ...[json("500 Oops\u009b31m", { object: "error", message: "bad\u001b[31m red\u0007\r\nline two\u202etxt.exe" })[0]], { end: true }],
        line: "smoke: GET ${url}/v1/models answered 500 Oops\\x9b31m: bad\\x1b[31m red\\x07 line two\\u202etxt.exe",
    },
    {
        name: "a model list larger than 1 MiB",
        models: [{ write: response("200 OK", { "content-type": "application/json" }) }, { drip: { total: 3 << 20, chunk: 65536, everyMs: 0, fill: " " } }, { end: true }],
        line: "smoke: GET ${url}/v1/models answered more than 1 MiB (the smoke check's cap on a model list): is it an OpenAI-compatible endpoint?",
    },
    {
        name: "HTML instead of a model list",
        models: [{ write: response("200 OK", { "content-type": "text/html" }, "<html><body>\u001b[5mno healthy upstream</body></html>") }, { end: true }],
        line: "smoke: GET ${url}/v1/models did not answer an OpenAI model list: <html><body>\\x1b[5mno healthy upstream</body></html>",
    },
    {
        name: "a redirect is not followed",
        models: [{ write: response("302 Found", { location: `http://198.51.100.7/${"a".repeat(100)}`, "content-length": "0" }) }, { end: true }],
        line: `smoke: GET \${url}/v1/models answered 302 Found to http://198.51.100.7/${"a".repeat(60)}… (120 characters): the smoke check follows no redirect; give the URL it points to`,
    },
    { name: "the connection reset before an answer", models: [{ reset: true }], line: "smoke: GET ${url}/v1/models: ${url} closed the connection (ECONNRESET)" },
    {
        name: "something that is not HTTP",
        models: [{ write: "SSH-2.0-OpenSSH_9.6\r\n" }, { end: true }],
        line: "smoke: GET ${url}/v1/models: Response does not match the HTTP/1.1 protocol (Expected HTTP/) (HPE_INVALID_CONSTANT)",
    },
    {
        name: "broken chunked framing",
        models: [{ write: response("200 OK", { "content-type": "application/json", "transfer-encoding": "chunked" }, "zz\r\nhello\r\n") }, { end: true }],
        line: "smoke: GET ${url}/v1/models: Response does not match the HTTP/1.1 protocol (Invalid character in chunk size) (HPE_INVALID_CHUNK_SIZE)",
    },
    {
        name: "a body shorter than its content-length",
        models: [{ write: response("200 OK", { "content-type": "application/json", "content-length": "100" }, '{"data":') }, { end: true }],
        line: "smoke: GET ${url}/v1/models: Response body length does not match content-length header (UND_ERR_RES_CONTENT_LENGTH_MISMATCH)",
    },
    {
        name: "headers, then silence",
        models: [{ write: response("200 OK", { "content-type": "application/json" }) }, { wait: 60_000 }],
        args: ["--timeout", "0.5"],
        line: "smoke: GET ${url}/v1/models got no whole answer within --timeout 0.5 s",
    },
    {
        name: "a 500 with a 10 MB body: the message is cut",
        completion: [{ write: response("500 Internal Server Error", { "content-type": "text/plain" }) }, { drip: { total: 10 << 20, chunk: 65536, everyMs: 0, fill: "CUDA error " } }, { end: true }],
        line: `smoke: request 1 of 1: POST /v1/completions answered 500 Internal Server Error: ${"CUDA error ".repeat(7)}CUD… (1048576 characters)`,
    },
    {
        name: "an error event whose message carries a cursor movement",
        completion: [sseHead(), { write: `data: ${JSON.stringify({ error: { message: "KV \u001b[1A\u001b[2Klost" } })}\n\n` }, { end: true }],
        line: "smoke: request 1 of 1: POST /v1/completions streamed an error: KV \\x1b[1A\\x1b[2Klost",
    },
    {
        name: "an event that is not JSON, with a NUL and DEL",
        completion: [sseHead(), { write: "data: \u0000oops\u007f\n\n" }, { end: true }],
        line: "smoke: request 1 of 1: POST /v1/completions streamed an event that is not JSON: \\x00oops\\x7f",
    },
    {
        name: "a data: line that never ends, 100 MB as fast as it is read: the cap ends it",
        completion: [sseHead(), { write: "data: " }, { drip: { total: 100 << 20, chunk: 65536, everyMs: 0 } }, { end: true }],
        line: `smoke: request 1 of 1: POST /v1/completions streamed a line of more than ${SSE_LINE_MAX_CHARS} characters without a line end (the smoke check's cap on one SSE line)`,
    },
    {
        name: "an event of a million data: lines without a blank line",
        completion: [sseHead(), { drip: { total: 3 << 20, chunk: 65536, everyMs: 0, fill: "data: xx\n" } }, { end: true }],
        line: `smoke: request 1 of 1: POST /v1/completions streamed an event whose data is more than ${SSE_LINE_MAX_CHARS} characters (the smoke check's cap on one SSE event)`,
    },
    {
        name: "comments forever (a keep-alive that never yields a token)",
        completion: [sseHead(), { drip: { total: 1 << 30, chunk: 8, everyMs: 5, fill: ": ping\n" } }],
        args: ["--deadline", "0.8"],
        line: "smoke: request 1 of 1: exceeded --deadline 0.8 s before the first token",
    },
    {
        name: "a stream that stops after its head",
        completion: [sseHead(), { wait: 60_000 }],
        args: ["--deadline", "0.8"],
        line: "smoke: request 1 of 1: exceeded --deadline 0.8 s before the first token",
    },
    {
        name: "a chunked stream cut by a reset after a token",
        completion: [sseHead({ "transfer-encoding": "chunked", connection: "keep-alive" }), { write: chunk(`data: ${JSON.stringify({ choices: [{ text: "a" }] })}\n\n`) }, { wait: 50 }, { reset: true }],
        line: /^smoke: request 1 of 1: reading the answer: http:\/\/127\.0\.0\.1:\d+ closed the connection \((ECONNRESET|UND_ERR_SOCKET)\)$/,
    },
    { name: "a stream without [DONE]", completion: [sseHead(), { write: "data: {\"choices\":[{\"text\":\"a\"}]}\n\n" }, { end: true }], line: "smoke: request 1 of 1: POST /v1/completions: the stream ended without data: [DONE]" },
    {
        name: "a stream of events without text",
        completion: [sseHead(), { write: 'data: {"choices":"none"}\n\ndata: {"choices":[{"text":7}]}\n\ndata: [DONE]\n\n' }, { end: true }],
        line: "smoke: request 1 of 1: POST /v1/completions: the stream carried no generated text",
    },
    {
        name: "HTML with status 200 to a streaming request",
        completion: [{ write: response("200 OK", { "content-type": "text/html; charset=utf-8" }, "<h1>\u001b[31mMaintenance</h1>") }, { end: true }],
        line: "smoke: request 1 of 1: POST /v1/completions answered 200 with a body that is not a completion: <h1>\\x1b[31mMaintenance</h1>",
    },
    {
        name: "204 No Content",
        completion: [{ write: response("204 No Content", {}) }, { end: true }],
        line: "smoke: request 1 of 1: POST /v1/completions answered 204 with a body that is not a completion: (empty body)",
    },
    {
        name: "a whole answer over 1 MiB",
        completion: [{ write: response("200 OK", { "content-type": "application/json" }) }, { drip: { total: 2 << 20, chunk: 65536, everyMs: 0, fill: " " } }, { end: true }],
        line: "smoke: request 1 of 1: POST /v1/completions answered 200 with a body of more than 1 MiB that is not a stream (the smoke check's cap on a whole answer)",
    },
    {
        name: "an error document with status 200",
        completion: json("200 OK", { error: "rate \u0007limited" }),
        line: "smoke: request 1 of 1: POST /v1/completions answered 200 with an error: rate \\x07limited",
    },
    {
        name: "a 307 to elsewhere",
        completion: [{ write: response("307 Temporary Redirect", { location: "https://elsewhere.example/v1/completions", "content-length": "0" }) }, { end: true }],
        line: "smoke: request 1 of 1: POST /v1/completions answered 307 Temporary Redirect to https://elsewhere.example/v1/completions: the smoke check follows no redirect; give the URL it points to",
    },
    {
        name: "header bytes that are not allowed",
        completion: [{ write: response("200 OK", { "content-type": "text/event-stream", "x-note": "a\u001bb" }) }, { end: true }],
        line: "smoke: request 1 of 1: Response does not match the HTTP/1.1 protocol (Invalid header value char) (HPE_INVALID_HEADER_TOKEN)",
    },
];

describe("npm run smoke against misbehaving servers", () => {
    let server: RawServer | undefined;
    afterEach(async () => {
        await server?.close();
        server = undefined;
    });

    for (const c of CASES) {
        it(c.name, async () => {
            server = await startRawServer((method, path) => {
                if (path === "/v1/models") {
                    return c.models ?? models([MODEL]);
                }
                return method === "POST" && path === "/v1/completions" ? (c.completion ?? ok()) : undefined;
            });
            const deadline = c.args?.includes("--deadline") ? [] : ["--deadline", "20"];
            for (const json of [false, true]) {
                const run = await runMain(["--endpoint", server.url, "--model", MODEL, "--requests", "1", ...deadline, ...(c.args ?? []), ...(json ? ["--json"] : [])]);
                assertWellBehaved(run, json);
                const line = oneErrorLine(run);
                if (typeof c.line === "string") {
                    assert.strictEqual(line, c.line.split("${url}").join(server.url));
                } else {
                    assert.match(line, c.line);
                }
            }
        });
    }

    it("a line dripped just under the cap in small pieces, then silence: parsed in linear time, the deadline's message", async () => {
        // The quadratic case: rescanning the unfinished line on every chunk took seconds past --deadline.
        server = await startRawServer((_, path) =>
            path === "/v1/models"
                ? models([MODEL])
                : [sseHead(), { write: "data: " }, { drip: { total: SSE_LINE_MAX_CHARS - 16, chunk: 512, everyMs: 1 } }, { wait: 60_000 }],
        );
        const run = await runMain(["--endpoint", server.url, "--model", MODEL, "--requests", "1", "--deadline", "2"]);
        assert.strictEqual(oneErrorLine(run), "smoke: request 1 of 1: exceeded --deadline 2 s before the first token");
        assert.ok(run.ms < 2000 + 2500, `ended ${Math.round(run.ms)} ms after it started: --deadline 2 s overshot`);
    });

    it("slow drips of a never-ending line through --requests 3: the run ends at its deadline, and sends nothing after", async () => {
        server = await startRawServer((_, path) =>
            path === "/v1/models" ? models([MODEL]) : [sseHead(), { write: "data: " }, { drip: { total: 1 << 30, chunk: 1, everyMs: 2 } }],
        );
        const run = await runMain(["--endpoint", server.url, "--model", MODEL, "--requests", "3", "--timeout", "60", "--deadline", "1.5"]);
        assert.strictEqual(oneErrorLine(run), "smoke: request 1 of 3: exceeded --deadline 1.5 s before the first token");
        assert.ok(run.ms < 1500 + 2500, `took ${Math.round(run.ms)} ms`);
        assert.deepStrictEqual(server.hits, ["GET /v1/models", "POST /v1/completions"]);
    });

    it("the CLI: 100 MB of a data: line as fast as it reads, in a 96 MB heap: the cap's line, not an out-of-memory crash", async () => {
        server = await startRawServer((_, path) =>
            path === "/v1/models" ? models([MODEL]) : [sseHead(), { write: "data: " }, { drip: { total: 100 << 20, chunk: 1 << 16, everyMs: 0 } }, { end: true }],
        );
        const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
            execFile(
                process.execPath,
                ["--max-old-space-size=96", "-r", "./scripts/js/register.js", "smoke/index.ts", "--endpoint", server!.url, "--model", MODEL, "--requests", "1", "--deadline", "30"],
                { cwd: PROJECT_DIR, timeout: 600_000, maxBuffer: 1 << 20 },
                (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
            ),
        );
        assert.strictEqual(run.code, 1, run.stderr.slice(0, 2000));
        assert.strictEqual(run.stderr, `smoke: request 1 of 1: POST /v1/completions streamed a line of more than ${SSE_LINE_MAX_CHARS} characters without a line end (the smoke check's cap on one SSE line)\n`);
    });
});
