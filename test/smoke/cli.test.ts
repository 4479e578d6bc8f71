/**
 * `npm run smoke` as a user runs it (the real CLI in a child process) against a real OpenAI-compatible
 * server on 127.0.0.1: exit codes, the one-line reasons, what the server received.
 */
import * as assert from "assert";
import { execFile, spawn } from "child_process";
import { PROJECT_DIR } from "../support/planCli";
import { closedPort, OpenAIServer, ServerOptions, startOpenAIServer } from "../support/openaiServer";
import { models, RawServer, sseHead, startRawServer } from "../support/rawHttpServer";

interface CliRun {
    status: number | null;
    stdout: string;
    stderr: string;
    ms: number;
}

const MODEL = "test/model-a";

/** Runs `node smoke/index.ts ...args` without blocking this process, so the server here can answer. */
function smoke(...args: string[]): Promise<CliRun> {
    const start = Date.now();
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["-r", "./scripts/js/register.js", "smoke/index.ts", ...args],
            { cwd: PROJECT_DIR, timeout: 600_000, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" } },
            (err, stdout, stderr) => {
                const status = err ? ((err as { code?: number }).code ?? null) : 0;
                resolve({ status: typeof status === "number" ? status : null, stdout, stderr, ms: Date.now() - start });
            },
        );
    });
}

/** The CLI failed with exactly one line on stderr, and no stack trace anywhere. */
function assertOneLine(run: CliRun, status: number): string {
    assert.strictEqual(run.status, status, `exit ${run.status}, stderr: ${run.stderr}`);
    const lines = run.stderr.split("\n").filter((l) => l !== "");
    assert.strictEqual(lines.length, 1, `stderr is not one line:\n${run.stderr}`);
    assert.doesNotMatch(run.stderr + run.stdout, /^\s+at .+:\d+:\d+\)?$|^\w*Error\b/m, "a stack trace leaked");
    assert.match(lines[0], /^smoke: /);
    return lines[0];
}

describe("npm run smoke (the CLI against a local OpenAI-compatible server)", () => {
    let server: OpenAIServer | undefined;
    const start = async (options: Partial<ServerOptions> = {}) => (server = await startOpenAIServer(options));
    afterEach(async () => {
        await server?.close();
        server = undefined;
    });

    it("streams N completions, prints status, TTFT and total per request and the summary, and exits 0", async () => {
        const s = await start({ tokens: 4, tokenDelayMs: 20 });
        const run = await smoke("--endpoint", s.url, "--model", MODEL, "--requests", "3", "--max-tokens", "16");
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual(run.stderr, "");
        const rows = run.stdout.split("\n").filter((l) => /^\d+\s/.test(l));
        assert.strictEqual(rows.length, 3, run.stdout);
        for (const [i, row] of rows.entries()) {
            const [index, status, ttft, total, tokens] = row.split(/\s+/);
            assert.deepStrictEqual([index, status, tokens], [String(i + 1), "200", "4"], row);
            assert.ok(Number(ttft) <= Number(total) && Number(total) >= 60, `TTFT ${ttft} ms, total ${total} ms: 4 tokens 20 ms apart`);
        }
        assert.match(run.stdout, /summary: 3 of 3 requests sent, 3 ok, 0 errors; TTFT p50 \d+ ms, max \d+ ms; 12 tokens, [\d.]+ tokens\/s/);
        assert.match(run.stdout, /^prefill: cannot tell from the client: .*x-prefiller-host-port.*--prefill-metrics/m);
        assert.match(run.stdout, /^verdict: ok$/m);
        assert.strictEqual(s.requests.length, 3);
        for (const body of s.requests) {
            assert.deepStrictEqual(
                { model: body.model, stream: body.stream, usage: body.stream_options, max: body.max_tokens },
                { model: MODEL, stream: true, usage: { include_usage: true }, max: 16 },
            );
            assert.strictEqual(typeof body.prompt, "string");
        }
    });

    it("--json prints one JSON document with the per-request timings and the summary", async () => {
        const s = await start({ tokens: 5, eppHeader: true });
        const run = await smoke("--endpoint", `${s.url}/v1/`, "--model", MODEL, "--requests", "2", "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        const report = JSON.parse(run.stdout);
        assert.strictEqual(report.ok, true);
        assert.strictEqual(report.endpoint, s.url, "a trailing /v1/ is dropped: the paths add it");
        assert.deepStrictEqual(report.servedModels, [MODEL]);
        assert.strictEqual(report.requests.length, 2);
        for (const r of report.requests) {
            assert.strictEqual(r.status, 200);
            assert.strictEqual(r.streamed, true);
            assert.ok(r.ttftMs >= 0 && r.ttftMs <= r.totalMs, JSON.stringify(r));
            assert.deepStrictEqual([r.tokens, r.tokensFrom, r.eppHeader], [5, "usage", true]);
        }
        assert.deepStrictEqual([report.summary.sent, report.summary.ok, report.summary.errors, report.summary.tokens], [2, 2, 0, 10]);
        assert.strictEqual(report.summary.ttftMaxMs, Math.max(...report.requests.map((r: any) => r.ttftMs)));
        assert.ok(report.summary.tokensPerSecond > 0);
        assert.strictEqual(report.prefill.observable, false);
        assert.match(report.prefill.epp, /all 2 answers carried x-went-into-resp-headers/);
    });

    it("--no-stream sends stream: false and reports no TTFT", async () => {
        const s = await start({ tokens: 3 });
        const run = await smoke("--endpoint", s.url, "--model", MODEL, "--requests", "1", "--no-stream", "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        assert.deepStrictEqual([s.requests[0].stream, s.requests[0].stream_options], [false, undefined]);
        const report = JSON.parse(run.stdout);
        assert.deepStrictEqual([report.stream, report.requests[0].streamed, report.requests[0].ttftMs, report.requests[0].tokens], [false, false, undefined, 3]);
        assert.strictEqual(report.summary.ttftP50Ms, undefined);
    });

    it("names the model and what is served when the model is not served, and sends no completion", async () => {
        const s = await start({ models: ["test/model-a", "test/model-b"] });
        const run = await smoke("--endpoint", s.url, "--model", "meta/llama", "--requests", "3");
        const line = assertOneLine(run, 1);
        assert.strictEqual(line, `smoke: model "meta/llama" is not served at ${s.url}: it serves "test/model-a", "test/model-b"`);
        assert.strictEqual(run.stdout, "");
        assert.strictEqual(s.requests.length, 0);
    });

    it("exits 1 with the status and the server's error message when the server answers 500", async () => {
        const s = await start({ behaviour: "error500" });
        const run = await smoke("--endpoint", s.url, "--model", MODEL, "--requests", "2");
        const line = assertOneLine(run, 1);
        assert.strictEqual(
            line,
            "smoke: request 1 of 2: POST /v1/completions answered 500 Internal Server Error: CUDA out of memory while prefilling (2 of 2 requests failed)",
        );
        assert.match(run.stdout, /summary: 2 of 2 requests sent, 0 ok, 2 errors/);
    });

    it("gives up on a slow answer at --timeout instead of waiting for it", async () => {
        // The server would answer the completion after 120 s. --timeout also bounds the model list,
        // which the server answers at once: 5 s leaves that room on a loaded machine (0.4 s did not,
        // at load 15 on two cores), and the 60 s bound below room for a slow start of the process.
        const s = await start({ behaviour: "slow", delayMs: 120_000 });
        const run = await smoke("--endpoint", s.url, "--model", MODEL, "--requests", "1", "--timeout", "5");
        const line = assertOneLine(run, 1);
        assert.strictEqual(line, "smoke: request 1 of 1: exceeded --timeout 5 s before the answer began");
        assert.ok(run.ms < 60_000, `took ${run.ms} ms: it waited for the slow server`);
    });

    it("says nothing listens at the endpoint when the port is closed", async () => {
        const port = await closedPort();
        const run = await smoke("--endpoint", `http://127.0.0.1:${port}`, "--model", MODEL);
        const line = assertOneLine(run, 1);
        assert.strictEqual(
            line,
            `smoke: GET http://127.0.0.1:${port}/v1/models: nothing listens at http://127.0.0.1:${port} (connection refused); ` +
                "is the port-forward running? (pulumi stack output portForwardCommand)",
        );
        assert.strictEqual(run.stdout, "");
    });

    it("exits 2 with one line naming a bad argument, and 0 on --help", async () => {
        const bad = await smoke("--endpoint", "http://127.0.0.1:9", "--model", MODEL, "--requests", "101");
        assert.strictEqual(assertOneLine(bad, 2), 'smoke: --requests must be an integer from 1 to 100, got "101" (npm run smoke -- --help)');
        assert.strictEqual(bad.stdout, "");
        const help = await smoke("--help");
        assert.strictEqual(help.status, 0);
        assert.match(help.stdout, /^usage: npm run smoke -- --endpoint <url> --model <name> \[--requests N\] \[--timeout SECONDS\] \[--json\]/);
        assert.strictEqual(help.stderr, "");
    });

    it("loses nothing through a pipe read slowly: a JSON report of several MB arrives whole, exit 0", async () => {
        // Each C1 control of an id (2 bytes of UTF-8) becomes six in the report (\u009b): a model list under the 1 MiB cap makes MBs of output.
        const ids = Array.from({ length: 3000 }, (_, i) => `${"\u009b".repeat(100)}${i}`);
        const s = await start({ models: [MODEL, ...ids] });
        const child = spawn(process.execPath, ["-r", "./scripts/js/register.js", "smoke/index.ts", "--endpoint", s.url, "--model", MODEL, "--requests", "1", "--json"], {
            cwd: PROJECT_DIR,
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.pause();
        const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        await new Promise((r) => setTimeout(r, 3000)); // the child writes into a full pipe meanwhile
        const chunks: Buffer[] = [];
        for await (const chunk of child.stdout) {
            chunks.push(chunk as Buffer);
            await new Promise((r) => setTimeout(r, 1)); // and is read slowly
        }
        const code = await exited;
        const out = Buffer.concat(chunks).toString("utf8");
        assert.strictEqual(code, 0, stderr);
        assert.ok(out.length > 1_000_000, `${out.length} bytes`);
        const report = JSON.parse(out);
        assert.deepStrictEqual([report.ok, report.servedModels.length, report.servedModels[3000]], [true, 3001, `${"\u009b".repeat(100)}2999`]);
        assert.ok(!out.includes("\u009b"), "escaped in the JSON text");
    });

    it("ends by itself soon after --deadline when the server drips forever (no socket keeps it alive)", async () => {
        let raw: RawServer | undefined;
        try {
            raw = await startRawServer((_, path) => (path === "/v1/models" ? models([MODEL]) : [sseHead(), { write: "data: " }, { drip: { total: 1 << 30, chunk: 1, everyMs: 5 } }]));
            const run = await smoke("--endpoint", raw.url, "--model", MODEL, "--requests", "2", "--deadline", "2");
            assert.strictEqual(assertOneLine(run, 1), "smoke: request 1 of 2: exceeded --deadline 2 s before the first token");
            // The drip never ends: a process kept alive by its socket would run into execFile's 90 s timeout.
            assert.ok(run.ms < 60_000, `the process took ${run.ms} ms (startup included)`);
        } finally {
            await raw?.close();
        }
    });
});
