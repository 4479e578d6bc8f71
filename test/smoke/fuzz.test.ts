/**
 * A fuzz target the suite runs: misbehaving servers generated from a fixed seed (status lines, headers,
 * framing, SSE line ends and events, JSON shapes, control characters, sizes, pauses, resets, and
 * /metrics pages) against the real command, in this process. Every run must end within its deadline,
 * exit 0 or 1 with exactly one stderr line on 1, print no raw control character, and print valid JSON
 * with --json. FUZZ_SEED and FUZZ_COUNT run other or more cases; a failure names its seed and case.
 */
import * as assert from "assert";
import { response, RawServer, startRawServer, Step } from "../support/rawHttpServer";
import { assertWellBehaved, runMain } from "../support/smokeMain";
import { fuzzBudget, Gen, rng } from "../support/fuzz";

const { seed: SEED, count: COUNT } = fuzzBudget(40);
const MODEL = "fuzz/model";

const STATUSES = ["200 OK", "200 OK", "200 OK", "201 Created", "204 No Content", "302 Found", "400 Bad Request", "401 Unauthorized", "404 Not Found", "429 Too Many Requests", "500 Internal Server Error", "503 Service Unavailable", "599 Odd"];
const TYPES = ["application/json", "text/event-stream", "text/event-stream; charset=utf-8", "TEXT/EVENT-STREAM", "text/html", "text/plain; version=0.0.4", ""];

/** A status line whose reason may carry control characters (bytes undici accepts in a reason phrase). */
function statusLine(g: Gen): string {
    const s = g.pick(STATUSES);
    return g.chance(0.2) ? `${s.split(" ")[0]} ${g.text(12).replace(/[\r\n\u0000]/g, "")}` : s;
}

/** Body bytes framed one of the ways HTTP allows (or a broken one), written in pieces with pauses, then ended, reset or left hanging. */
function framed(g: Gen, status: string, type: string, body: string): Step[] {
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    const framing = g.pick(["length", "close", "chunked", "short", "chunked-broken"] as const);
    const bytes = Buffer.from(body, "utf8");
    if (framing === "length" || framing === "short") {
        headers["content-length"] = String(bytes.length + (framing === "short" ? 10 : 0));
    } else if (framing.startsWith("chunked")) {
        headers["transfer-encoding"] = "chunked";
        headers.connection = "keep-alive";
    }
    const steps: Step[] = [{ write: response(status, headers) }];
    let payload = bytes;
    if (framing === "chunked") {
        payload = Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from(bytes.length > 0 ? "\r\n0\r\n\r\n" : "\r\n")]);
    } else if (framing === "chunked-broken") {
        payload = Buffer.concat([Buffer.from("zz\r\n"), bytes]);
    }
    for (let at = 0; at < payload.length; ) {
        const n = 1 + g.int(Math.max(1, payload.length / 3));
        steps.push({ write: payload.subarray(at, at + n) });
        at += n;
        if (g.chance(0.2)) {
            steps.push({ wait: g.int(40) });
        }
    }
    const finish = g.pick(["end", "end", "end", "reset", "hang"] as const);
    steps.push(finish === "end" ? { end: true } : finish === "reset" ? { reset: true } : { wait: 60_000 });
    return steps;
}

function modelsAnswer(g: Gen): Step[] {
    if (g.chance(0.6)) {
        // Most cases get past the model list, to fuzz the completions and the /metrics pages.
        const body = JSON.stringify({ object: "list", data: [{ id: MODEL }, { id: g.text(20) }] });
        return [{ write: response("200 OK", { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }, body) }, { end: true }];
    }
    const ids = Array.from({ length: g.int(4) }, () => g.text(30));
    if (g.chance(0.7)) {
        ids.splice(g.int(ids.length + 1), 0, MODEL);
    }
    const body = g.pick([
        () => JSON.stringify({ object: "list", data: ids.map((id) => ({ id })) }),
        () => JSON.stringify({ object: "list", data: ids.map((id) => ({ id })) }),
        () => JSON.stringify({ object: "error", message: g.text(60) }),
        () => JSON.stringify({ data: g.pick([null, "x", 7, [1, { id: 2 }]]) }),
        () => g.text(200),
        () => "",
        () => " ".repeat((1 << 20) + 10),
    ])();
    const status = g.chance(0.8) ? "200 OK" : statusLine(g);
    return framed(g, status, g.chance(0.8) ? "application/json" : g.pick(TYPES), body);
}

function sseBody(g: Gen): string {
    const eol = () => g.pick(["\n", "\r\n", "\r"]);
    const parts: string[] = [];
    for (let i = g.int(6); i >= 0; i--) {
        parts.push(
            g.pick([
                () => `data: ${JSON.stringify({ choices: [{ index: 0, text: g.text(8) }] })}${eol()}${eol()}`,
                () => `data: ${JSON.stringify({ choices: [], usage: { completion_tokens: g.pick([3, "3", null, -1, 1e308]) } })}${eol()}${eol()}`,
                () => `data: ${JSON.stringify({ error: { message: g.text(40) } })}${eol()}${eol()}`,
                () => `data: ${g.text(30)}${eol()}${eol()}`,
                () => `: ${g.text(10)}${eol()}`,
                () => `event: x${eol()}id: 1${eol()}data: {"choices":[{"delta":{"content":"y"}}]}${eol()}${eol()}`,
                () => `data: ${"z".repeat(g.chance(0.5) ? 2 << 20 : 1000)}`,
            ])(),
        );
    }
    if (g.chance(0.7)) {
        parts.push(`data: [DONE]${eol()}${eol()}`);
    }
    return parts.join("");
}

function completionAnswer(g: Gen): Step[] {
    const status = g.chance(0.75) ? "200 OK" : statusLine(g);
    if (g.chance(0.65)) {
        return framed(g, status, g.chance(0.85) ? "text/event-stream" : g.pick(TYPES), sseBody(g));
    }
    const body = g.pick([
        () => JSON.stringify({ choices: [{ text: g.text(10) }], usage: { completion_tokens: 2 } }),
        () => JSON.stringify({ error: { message: g.text(50) } }),
        () => JSON.stringify({ object: "error", message: g.text(50), code: 500 }),
        () => g.text(100),
    ])();
    return framed(g, status, g.pick(TYPES), body);
}

function metricsAnswer(g: Gen, served: number): Step[] {
    const label = () => g.text(12).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
    const lines = [
        "# HELP vllm:request_success_total Count of successfully processed requests.",
        "# TYPE vllm:request_success_total counter",
        `vllm:request_success_total{engine="0",finished_reason="length",model_name="${MODEL}"} ${served}.0`,
        `vllm:request_success_total{model_name="${label()}"} ${g.pick(["NaN", "+Inf", "-Inf", "1e308", "7", "x"])}`,
        `vllm:nixl_xfer_time_seconds_count{model_name="${MODEL}"} ${g.pick([served, 0, "NaN"])}`,
        g.text(40),
    ];
    return framed(g, g.chance(0.9) ? "200 OK" : statusLine(g), "text/plain; version=0.0.4", g.chance(0.9) ? lines.join("\n") : g.text(80));
}

describe(`smoke fuzz (seed ${SEED}, ${COUNT} cases)`, () => {
    let server: RawServer | undefined;
    afterEach(async () => {
        await server?.close();
        server = undefined;
    });

    it("every generated server: exit 0/1, one stderr line on 1, no raw control character, valid JSON, deadline kept", async () => {
        for (let i = 0; i < COUNT; i++) {
            const g = new Gen(rng(SEED * 100_003 + i));
            let completions = 0;
            const withMetrics = g.chance(0.3);
            const scripts = { models: modelsAnswer(g), completion: [completionAnswer(g), completionAnswer(g)], metrics: [metricsAnswer(g, 0), metricsAnswer(g, 1 + g.int(2))] };
            let metricsReads = 0;
            server = await startRawServer((method, path) => {
                if (path === "/v1/models") {
                    return scripts.models;
                }
                if (path === "/metrics") {
                    return scripts.metrics[Math.min(metricsReads++, 1)];
                }
                return method === "POST" && path === "/v1/completions" ? scripts.completion[Math.min(completions++, 1)] : undefined;
            });
            const json = g.chance(0.5);
            const deadlineMs = 800 + g.int(700);
            const args = [
                "--endpoint", server.url, "--model", MODEL, "--requests", String(1 + g.int(2)),
                "--timeout", "0.6", "--deadline", (deadlineMs / 1000).toFixed(3),
                ...(json ? ["--json"] : []),
                ...(g.chance(0.2) ? ["--no-stream"] : []),
                ...(withMetrics ? ["--metrics", "--decode-metrics", `${server.url}/metrics`] : []),
            ];
            const where = `FUZZ_SEED=${SEED} case ${i} (${args.slice(4).join(" ")})`;
            let run;
            try {
                run = await runMain(args);
            } catch (err) {
                assert.fail(`${where}: threw ${(err as Error).stack}`);
            }
            try {
                assertWellBehaved(run, json);
                assert.ok(run.ms < deadlineMs + 2500, `ended ${Math.round(run.ms)} ms after it started, --deadline ${deadlineMs} ms`);
            } catch (err) {
                throw new Error(`${where}: ${(err as Error).message}\nstdout: ${run.stdout.slice(0, 1500)}\nstderr: ${run.stderr}`);
            }
            await server.close();
            server = undefined;
        }
    });
});
