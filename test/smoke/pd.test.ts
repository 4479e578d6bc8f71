/**
 * `npm run smoke -- --metrics`: proving P/D from the counters of the EPP and of the prefill and decode
 * pods, against local servers that serve the upstream releases' Prometheus text (test/smoke/fixtures).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { pdReport, SourcePages } from "../../smoke/pd";
import { parsePrometheusText } from "../../smoke/prometheusText";
import { FIXTURES_DIR, PdCluster, PdClusterOptions, renderFixture, startPdCluster } from "../support/pdCluster";
import { tempDir } from "../support/planCli";
import { oneErrorLine, runMain } from "../support/smokeMain";

const MODEL = "test/model-a";

describe("npm run smoke --metrics: did P/D happen?", () => {
    let cluster: PdCluster | undefined;
    const start = async (o: Partial<PdClusterOptions>) => (cluster = await startPdCluster(o));
    afterEach(async () => {
        await cluster?.close();
        cluster = undefined;
    });

    describe("llm-d 0.10 profile (router v0.10.0 EPP, vLLM 0.23.0)", () => {
        it("every request through prefill and decode: counts the decisions, the pods' requests and the NIXL transfers, exit 0", async () => {
            const c = await start({ release: "0.9", behaviour: "pd", prefillPods: 2 });
            const run = await runMain([...c.args(), "--metrics", "--requests", "3"]);
            assert.strictEqual(run.code, 0, run.stderr);
            assert.strictEqual(run.stderr, "");
            const pd = run.stdout.split("\n").filter((l) => l.startsWith("pd"));
            assert.deepStrictEqual(pd, [
                "pd: P/D required (--metrics) over 3 requests sent, 3 ok",
                `pd epp: 3 prefill+decode, 0 decode-only (llm_d_epp_disagg_decision_total, model "${MODEL}", 1 EPP)`,
                "pd prefill: 3 requests finished, 36 prompt tokens on 2 pods given",
                "pd decode: 3 requests finished on 1 pod given",
                "pd kv: 3 NIXL transfers, 0 failed, 33 prompt tokens received (vllm:nixl_xfer_time_seconds_count)",
                "pd verdict: P/D happened: the EPP sent every request through prefill and decode; the prefill pods finished 3 requests; decode received 3 KV transfers",
            ]);
            assert.match(run.stdout, /^verdict: ok$/m);
        });

        it("--json carries the P/D report", async () => {
            const c = await start({ release: "0.9", behaviour: "pd" });
            const run = await runMain([...c.args(), "--metrics", "--requests", "2", "--json"]);
            assert.strictEqual(run.code, 0, run.stderr);
            const report = JSON.parse(run.stdout);
            assert.strictEqual(report.ok, true);
            assert.deepStrictEqual(report.pd.epp, { metric: "llm_d_epp_disagg_decision_total", derived: false, prefillDecode: 2, decodeOnly: 0 });
            assert.deepStrictEqual(report.pd.prefill, { pods: 1, requestsFinished: 2, promptTokens: 24, kvTransfers: 0, kvTransfersFailed: 0, kvPromptTokens: 0 });
            assert.deepStrictEqual(report.pd.decode, { pods: 1, requestsFinished: 2, promptTokens: 24, kvTransfers: 2, kvTransfersFailed: 0, kvPromptTokens: 22 });
            assert.deepStrictEqual([report.pd.expected, report.pd.happened, report.pd.failure], [true, true, undefined]);
            assert.strictEqual(report.prefill.prefilledRequests, 2, "the older prefill report still reads --prefill-metrics");
        });

        it("no prefill pod: the EPP decides decode-only; --metrics fails with one line, without it the report says so and exits 0", async () => {
            const c = await start({ release: "0.9", behaviour: "decodeOnly" });
            const failed = await runMain([...c.args(), "--metrics", "--requests", "3"]);
            assert.strictEqual(
                oneErrorLine(failed),
                "smoke: P/D did not happen: the EPP sent 3 of 3 requests to decode only (llm_d_epp_disagg_decision_total, decision_type decode-only)",
            );
            assert.match(failed.stdout, /^pd verdict: P\/D did not happen: the EPP sent 3 of 3 .*; the prefill pods given finished no request during the run .*; the decode pods saw no KV transfer during the run/m);
            const observed = await runMain([...c.args(), "--requests", "1"]);
            assert.strictEqual(observed.code, 0, observed.stderr);
            assert.match(observed.stdout, /^pd: P\/D observed over 1 request sent, 1 ok$/m);
            assert.match(observed.stdout, /^pd verdict: P\/D did not happen: /m);
        });

        it("the EPP decides P/D but decode receives no KV transfer, or the transfers fail", async () => {
            const none = await start({ release: "0.9", behaviour: "noKvTransfer" });
            assert.strictEqual(
                oneErrorLine(await runMain([...none.args(), "--metrics", "--requests", "2"])),
                "smoke: P/D did not happen: the decode pods saw no KV transfer during the run (vllm:nixl_xfer_time_seconds_count unchanged)",
            );
            await none.close();
            const failing = await start({ release: "0.9", behaviour: "kvFailed" });
            assert.strictEqual(
                oneErrorLine(await runMain([...failing.args(), "--metrics", "--requests", "2"])),
                "smoke: P/D did not happen: 2 KV transfers failed on the decode pods (vllm:nixl_num_failed_transfers_total)",
            );
        });

        it("requests answered elsewhere: the EPP recorded no decision for the model, the pods finished nothing", async () => {
            const c = await start({ release: "0.9", behaviour: "elsewhere" });
            const run = await runMain([...c.args(), "--metrics", "--requests", "2"]);
            assert.strictEqual(oneErrorLine(run), `smoke: P/D did not happen: the EPP recorded no decision for model "${MODEL}" during the run (2 requests ok): is --epp-metrics the EPP behind --endpoint?`);
            assert.match(run.stdout, /^pd epp: 0 prefill\+decode, 0 decode-only /m);
        });

        it("the EPP's token: 401 without it (the run stops before sending), sent only to the EPP, never printed", async () => {
            const token = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2VuLWZvci10ZXN0cw.sig";
            const c = await start({ release: "0.9", behaviour: "pd", eppToken: token });
            const without = await runMain([...c.args(), "--metrics", "--requests", "1"]);
            assert.strictEqual(
                oneErrorLine(without),
                `smoke: GET ${c.epp.url} (--epp-metrics) answered 401 Unauthorized: Unauthorized; the EPP serves /metrics only with the bearer token of a ServiceAccount allowed to get /metrics: give --epp-token-file or --epp-token-env`,
            );
            assert.strictEqual(c.gateway.requests.length, 0, "nothing sent before the counters could be read");

            const wrong = await runMain([...c.args(), "--metrics", "--requests", "1", "--epp-token-env", "EPP_TOKEN"], { EPP_TOKEN: "not-the-token" });
            assert.match(oneErrorLine(wrong), /answered 401 Unauthorized: Unauthorized; the EPP refused the token given: /);

            const file = path.join(tempDir("pdstack-epp-token-"), "token");
            fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
            for (const [args, env] of [
                [["--epp-token-env", "EPP_TOKEN"], { EPP_TOKEN: token }],
                [["--epp-token-file", file], {}],
            ] as const) {
                for (const json of [[], ["--json"]]) {
                    const run = await runMain([...c.args(), "--metrics", "--requests", "1", ...args, ...json], env);
                    assert.strictEqual(run.code, 0, run.stderr);
                    assert.ok(!(run.stdout + run.stderr).includes(token) && !(run.stdout + run.stderr).includes("c2VjcmV0"), "the token is never printed");
                }
            }
            assert.ok(c.epp.requests.some((r) => r.authorization === `Bearer ${token}`));
            for (const pod of [...c.prefill, ...c.decode]) {
                assert.ok(pod.requests.length > 0 && pod.requests.every((r) => r.authorization === undefined), "no token to the model servers");
            }
        });

        it("a bad token source fails with exit 2 and one line naming it, never the content", async () => {
            const dir = tempDir("pdstack-epp-token-");
            const twoLines = path.join(dir, "two");
            fs.writeFileSync(twoLines, "secret-part-one\nsecret-part-two\n");
            const cases: [string[], NodeJS.ProcessEnv, string][] = [
                [["--epp-token-file", path.join(dir, "absent")], {}, `smoke: --epp-token-file ${path.join(dir, "absent")}: cannot read it (ENOENT) (npm run smoke -- --help)`],
                [["--epp-token-file", twoLines], {}, `smoke: --epp-token-file ${twoLines}: the token has a space, a line break or a character outside printable ASCII inside (one bearer token expected, without "Bearer ") (npm run smoke -- --help)`],
                [["--epp-token-env", "EPP_TOKEN"], {}, "smoke: --epp-token-env EPP_TOKEN: the variable is not set or empty (npm run smoke -- --help)"],
                [["--epp-token-env", "EPP_TOKEN"], { EPP_TOKEN: "Bearer secret-part-one" }, `smoke: --epp-token-env EPP_TOKEN: the token has a space, a line break or a character outside printable ASCII inside (one bearer token expected, without "Bearer ") (npm run smoke -- --help)`],
            ];
            for (const [args, env, line] of cases) {
                const run = await runMain(["--endpoint", "http://127.0.0.1:9", "--model", MODEL, "--epp-metrics", "http://127.0.0.1:9/metrics", ...args], env);
                assert.deepStrictEqual([run.code, run.stderr, run.stdout], [2, `${line}\n`, ""]);
                assert.ok(!run.stderr.includes("secret-part"));
            }
        });
    });

    describe("llm-d 0.2 profile (llm-d-inference-scheduler v0.2.1 EPP, vLLM 0.10)", () => {
        it("derives the decisions from the scheduler's plugin counts; vLLM 0.10 exposes no KV transfer", async () => {
            const c = await start({ release: "0.2", behaviour: "pd" });
            const run = await runMain([...c.args(), "--metrics", "--requests", "3"]);
            assert.strictEqual(run.code, 0, run.stderr);
            const pd = run.stdout.split("\n").filter((l) => l.startsWith("pd"));
            assert.deepStrictEqual(pd, [
                "pd: P/D required (--metrics) over 3 requests sent, 3 ok",
                `pd epp: 3 prefill+decode, 0 decode-only (inference_extension_scheduler_plugin_duration_seconds_count (derived), model "${MODEL}", 1 EPP)`,
                "pd prefill: 3 requests finished, 36 prompt tokens on 1 pod given",
                "pd decode: 3 requests finished on 1 pod given",
                "pd kv: not exposed: the decode pods' vLLM has no vllm:nixl_xfer_time_seconds_count (vLLM 0.10 has no KV-transfer metric)",
                "pd verdict: P/D happened: the EPP sent every request through prefill and decode; the prefill pods finished 3 requests",
            ]);
        });

        it("no prefill pod: the derived counts show decode-only, and the prefill counters did not move", async () => {
            const c = await start({ release: "0.2", behaviour: "decodeOnly" });
            const run = await runMain([...c.args(), "--metrics", "--requests", "2"]);
            assert.strictEqual(
                oneErrorLine(run),
                "smoke: P/D did not happen: the EPP sent 2 of 2 requests to decode only (inference_extension_scheduler_plugin_duration_seconds_count (derived), decision_type decode-only)",
            );
            const onlyPrefill = await runMain(["--endpoint", c.gateway.url, "--model", MODEL, "--metrics", "--prefill-metrics", c.prefill[0].url, "--requests", "2"]);
            assert.strictEqual(
                oneErrorLine(onlyPrefill),
                "smoke: P/D did not happen: the prefill pods given finished no request during the run (vllm:request_success_total unchanged, 2 requests ok)",
            );
        });

        it("an EPP page without a P/D profile handler's counts cannot prove anything", async () => {
            const c = await start({ release: "0.2", behaviour: "elsewhere" });
            const run = await runMain(["--endpoint", c.gateway.url, "--model", MODEL, "--metrics", "--epp-metrics", c.epp.url, "--requests", "1"]);
            assert.strictEqual(
                oneErrorLine(run),
                "smoke: P/D did not happen: the EPP /metrics (--epp-metrics) has no P/D decision counter (llm_d_epp_disagg_decision_total, llm_d_epp_pd_decision_total) and no pd-profile-handler scheduler counts: is it llm-d's EPP with a P/D profile handler?",
            );
        });
    });

    describe("pdReport (pure)", () => {
        const page = (fixture: string, values: Record<string, number>, python: boolean) =>
            parsePrometheusText(renderFixture(fs.readFileSync(path.join(FIXTURES_DIR, fixture), "utf8"), MODEL, values, python));
        const src = (role: "epp" | "prefill" | "decode", url = `http://127.0.0.1:1/${role}`) => ({ role, url });

        it("a counter that went down (a restarted pod) cannot tell, naming the counter and the URL", () => {
            const pages: SourcePages[] = [{ source: src("prefill"), before: page("vllm-v0.23.0.prom", { finished: 9 }, true), after: page("vllm-v0.23.0.prom", { finished: 2 }, true) }];
            const r = pdReport({ expected: true, model: MODEL, sent: 2, requestsOk: 2, pages });
            assert.strictEqual(r.failure, "cannot tell whether P/D happened: vllm:request_success_total at http://127.0.0.1:1/prefill went down from 9 to 2 during the run (did the process restart?)");
        });

        it("scheduler counts that do not fit llm-d 0.2's P/D profile handler cannot tell", () => {
            const before = page("epp-gaie-v0.5.1-scheduler-v0.2.1.prom", { results: 0, picks: 0, pickers: 0, filters: 0 }, false);
            const after = page("epp-gaie-v0.5.1-scheduler-v0.2.1.prom", { results: 2, picks: 2, pickers: 2, filters: 2 }, false);
            const r = pdReport({ expected: true, model: MODEL, sent: 2, requestsOk: 2, pages: [{ source: src("epp"), before, after }] });
            assert.match(r.failure ?? "", /^cannot tell whether P\/D happened: the EPP's scheduler counts \(2 scheduled, 2 profile picks, 2 picker runs\) do not fit/);
        });

        it("llm-d 0.2: a request whose decode profile found no pod is counted apart", () => {
            const before = page("epp-gaie-v0.5.1-scheduler-v0.2.1.prom", { results: 10, picks: 30, pickers: 20, filters: 20 }, false);
            // 3 requests: one P/D (3 picks, 2 picker runs), one decode-only (3, 1), one without a decode pod (2, 0).
            const after = page("epp-gaie-v0.5.1-scheduler-v0.2.1.prom", { results: 13, picks: 38, pickers: 23, filters: 25 }, false);
            const r = pdReport({ expected: true, model: MODEL, sent: 3, requestsOk: 2, pages: [{ source: src("epp"), before, after }] });
            assert.deepStrictEqual(r.epp, { metric: "inference_extension_scheduler_plugin_duration_seconds_count (derived)", derived: true, prefillDecode: 1, decodeOnly: 1, noDecodePod: 1 });
        });

        it("decode pods alone, without a KV-transfer metric, cannot tell; the pages after the run unread cannot tell", () => {
            const p = page("vllm-v0.10.0.prom", { finished: 1 }, true);
            const alone = pdReport({ expected: true, model: MODEL, sent: 1, requestsOk: 1, pages: [{ source: src("decode"), before: page("vllm-v0.10.0.prom", {}, true), after: p }] });
            assert.strictEqual(alone.failure, "cannot tell whether P/D happened from the decode pods alone: give --epp-metrics or --prefill-metrics too");
            const unread = pdReport({ expected: true, model: MODEL, sent: 1, requestsOk: 1, pages: [], unread: "GET http://x/metrics (--decode-metrics): nothing listens at http://x (connection refused)" });
            assert.strictEqual(unread.failure, "cannot tell whether P/D happened: GET http://x/metrics (--decode-metrics): nothing listens at http://x (connection refused)");
        });

        it("fewer P/D decisions than requests ok: the others did not go through the EPPs given", () => {
            const line = (n: number) => `llm_d_epp_disagg_decision_total{decision_type="prefill-decode",model_name="${MODEL}",plugin_name="h",plugin_type="h"} ${n}`;
            const r = pdReport({ expected: true, model: MODEL, sent: 3, requestsOk: 3, pages: [{ source: src("epp"), before: parsePrometheusText(line(5)), after: parsePrometheusText(line(7)) }] });
            assert.strictEqual(r.failure, "P/D did not happen: the EPP recorded prefill+decode for 2 of the 3 requests ok: the others did not go through the EPPs given (give every EPP replica's --epp-metrics)");
        });

        it("reads the deprecated twin only when no current counter is on the page, and encode stages as P/D or decode-only", () => {
            const line = (name: string, type: string, n: number, extra = "") => `${name}{decision_type="${type}",model_name="${MODEL}"${extra}} ${n}`;
            const before = parsePrometheusText([line("llm_d_inference_scheduler_pd_decision_total", "prefill-decode", 1)].join("\n"));
            const after = parsePrometheusText(
                [
                    line("llm_d_inference_scheduler_pd_decision_total", "prefill-decode", 4),
                    line("llm_d_inference_scheduler_pd_decision_total", "decode-only", 1),
                ].join("\n"),
            );
            const old = pdReport({ expected: false, model: MODEL, sent: 4, requestsOk: 4, pages: [{ source: src("epp"), before, after }] });
            assert.deepStrictEqual([old.epp?.metric, old.epp?.prefillDecode, old.epp?.decodeOnly], ["llm_d_inference_scheduler_pd_decision_total", 3, 1]);
            const current = parsePrometheusText(
                [
                    line("llm_d_epp_disagg_decision_total", "encode-prefill-decode", 2, ',plugin_name="h",plugin_type="disagg-profile-handler"'),
                    line("llm_d_epp_disagg_decision_total", "encode-decode", 1, ',plugin_name="h",plugin_type="disagg-profile-handler"'),
                    line("llm_d_inference_scheduler_disagg_decision_total", "encode-prefill-decode", 2),
                ].join("\n"),
            );
            const both = pdReport({ expected: true, model: MODEL, sent: 3, requestsOk: 3, pages: [{ source: src("epp"), before: [], after: current }] });
            assert.deepStrictEqual([both.epp?.metric, both.epp?.prefillDecode, both.epp?.decodeOnly], ["llm_d_epp_disagg_decision_total", 2, 1], "the twin is not added");
        });
    });
});
