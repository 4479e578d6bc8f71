/**
 * One smoke run in this process (runSmoke, the CLI's engine) against a real OpenAI-compatible server
 * on 127.0.0.1: the faults a stream can have, the run's deadline, and what it tells about prefill.
 */
import * as assert from "assert";
import { parseSmokeArgs, SmokeOptions } from "../../smoke/args";
import { runSmoke } from "../../smoke/run";
import { closedPort, OpenAIServer, ServerOptions, startOpenAIServer } from "../support/openaiServer";

const MODEL = "test/model-a";

function options(endpoint: string, ...extra: string[]): SmokeOptions {
    const opts = parseSmokeArgs(["--endpoint", endpoint, "--model", MODEL, ...extra]);
    assert.notStrictEqual(opts, "help");
    return opts as SmokeOptions;
}

describe("smoke run (in process, against a local OpenAI-compatible server)", () => {
    let servers: OpenAIServer[] = [];
    const start = async (o: Partial<ServerOptions> = {}) => {
        const s = await startOpenAIServer(o);
        servers.push(s);
        return s;
    };
    afterEach(async () => {
        await Promise.all(servers.map((s) => s.close()));
        servers = [];
    });

    it("fails a request whose stream reports an error, ends without [DONE] or is cut, saying which", async () => {
        const broken = await start({ behaviour: "streamError" });
        const report = await runSmoke(options(broken.url, "--requests", "1"));
        assert.strictEqual(report.ok, false);
        assert.strictEqual(report.error, "request 1 of 1: POST /v1/completions streamed an error: decode worker lost the KV cache");
        const cut = await start({ behaviour: "noDone" });
        const cutReport = await runSmoke(options(cut.url, "--requests", "1"));
        assert.strictEqual(cutReport.error, "request 1 of 1: POST /v1/completions: the stream ended without data: [DONE]");
        const reset = await start({ behaviour: "reset" });
        const resetReport = await runSmoke(options(reset.url, "--requests", "1"));
        assert.match(resetReport.error ?? "", /^request 1 of 1: reading the answer: http:\/\/127\.0\.0\.1:\d+ closed the connection \(UND_ERR_SOCKET\)$/);
    });

    it("gives up on a stream that stops after the first token, keeping the measured TTFT", async () => {
        const s = await start({ behaviour: "stall", delayMs: 30_000 });
        const t0 = Date.now();
        const report = await runSmoke(options(s.url, "--requests", "1", "--timeout", "0.3"));
        assert.ok(Date.now() - t0 < 10_000);
        assert.strictEqual(report.error, "request 1 of 1: exceeded --timeout 0.3 s before the stream ended");
        assert.ok(report.requests[0].ttftMs !== undefined && report.requests[0].ttftMs < 300);
        assert.strictEqual(report.requests[0].status, 200);
    });

    it("accepts a whole JSON answer to a streaming request, without a TTFT", async () => {
        const s = await start({ behaviour: "json", tokens: 2 });
        const report = await runSmoke(options(s.url, "--requests", "2"));
        assert.strictEqual(report.ok, true, report.error);
        assert.deepStrictEqual(
            report.requests.map((r) => [r.streamed, r.ttftMs, r.tokens, r.tokensFrom]),
            [
                [false, undefined, 2, "usage"],
                [false, undefined, 2, "usage"],
            ],
        );
        assert.strictEqual(report.summary.ttftP50Ms, undefined);
    });

    it("counts streamed events as tokens when the server sends no usage", async () => {
        const s = await start({ tokens: 3, usage: false });
        const report = await runSmoke(options(s.url, "--requests", "1"));
        assert.deepStrictEqual([report.requests[0].tokens, report.requests[0].tokensFrom], [3, "events"]);
    });

    it("stops at --deadline: the running request is cut and no further request is sent", async () => {
        const s = await start({ behaviour: "slow", delayMs: 30_000 });
        const t0 = Date.now();
        const report = await runSmoke(options(s.url, "--requests", "3", "--timeout", "5", "--deadline", "0.4"));
        assert.ok(Date.now() - t0 < 10_000, "the deadline bounded the run");
        assert.strictEqual(report.ok, false);
        assert.strictEqual(report.error, "request 1 of 3: exceeded --deadline 0.4 s before the answer began");
        assert.deepStrictEqual([report.summary.sent, report.summary.deadlineReached], [1, true]);
        assert.strictEqual(s.requests.length, 1);
    });

    it("reports the failure in the JSON report when nothing listens", async () => {
        const port = await closedPort();
        const report = await runSmoke(options(`http://127.0.0.1:${port}`));
        assert.deepStrictEqual([report.ok, report.requests, report.servedModels, report.prefill], [false, [], [], undefined]);
        assert.match(report.error ?? "", /nothing listens at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
    });

    it("reports which prefill pods served the prompts from their vLLM /metrics, read before and after", async () => {
        const gateway = await start({ eppHeader: true });
        const prefill = await start({ countPrefill: true });
        // The prefill pod's counter moves with the completions it answers; here they go to it directly.
        const counted = await runSmoke(options(prefill.url, "--requests", "2", "--prefill-metrics", `${prefill.url}/metrics`));
        assert.strictEqual(counted.ok, true, counted.error);
        assert.strictEqual(counted.prefill?.observable, true);
        assert.strictEqual(counted.prefill?.prefilledRequests, 2, "only model_name test/model-a counts");
        assert.deepStrictEqual(counted.prefill?.pods.map((p) => [p.before.requestsFinished, p.after.requestsFinished, p.promptTokens]), [[0, 2, 24]]);
        assert.match(counted.prefill?.verdict ?? "", /finished 2 requests during the run for 2 completions sent: consistent with every prompt prefilled remotely/);

        const idle = await runSmoke(options(gateway.url, "--requests", "2", "--prefill-metrics", `${prefill.url}/metrics`));
        assert.strictEqual(idle.ok, true, "no prefill is not a failed request");
        assert.strictEqual(idle.prefill?.prefilledRequests, 0);
        assert.match(idle.prefill?.verdict ?? "", /finished no request during the run \(2 completions sent\): the prompts were not prefilled there/);
        assert.match(idle.prefill?.epp ?? "", /all 2 answers carried x-went-into-resp-headers/);
    });

    it("without --prefill-metrics says plainly it cannot tell, and why", async () => {
        const s = await start();
        const report = await runSmoke(options(s.url, "--requests", "1"));
        assert.strictEqual(report.prefill?.observable, false);
        assert.match(report.prefill?.verdict ?? "", /^prefill: cannot tell from the client: .*request header x-prefiller-host-port/);
        assert.match(report.prefill?.epp ?? "", /no answer carried x-went-into-resp-headers: the client cannot confirm/);
    });

    it("fails before sending when a --prefill-metrics URL is not a vLLM /metrics", async () => {
        const s = await start();
        const report = await runSmoke(options(s.url, "--prefill-metrics", `${s.url}/v1/models`));
        assert.match(report.error ?? "", new RegExp(`^GET ${s.url}/v1/models \\(--prefill-metrics\\) is not a Prometheus /metrics page \\(no sample in it\\): \\{"object":"list"`));
        assert.strictEqual(s.requests.length, 0);
        const missing = await runSmoke(options(s.url, "--prefill-metrics", `${s.url}/nothing`));
        assert.strictEqual(missing.error, `GET ${s.url}/nothing (--prefill-metrics) answered 404 Not Found: Not Found`);
    });
});
