/** The Prometheus text parser of the smoke check, on the corners of the exposition formats. */
import * as assert from "assert";
import { forModel, hasSeries, parsePrometheusText, parseSampleLine, parseValue, sumSeries } from "../../smoke/prometheusText";

describe("Prometheus text (smoke/prometheusText.ts)", () => {
    it("reads label values with escaped quotes, backslashes and newlines, and commas and braces inside", () => {
        const s = parseSampleLine('vllm:request_success_total{model_name="a \\"b\\" \\\\ c\\nd, {e}",engine="0",} 3.0');
        assert.deepStrictEqual(s, { name: "vllm:request_success_total", labels: { model_name: 'a "b" \\ c\nd, {e}', engine: "0" }, value: 3 });
        assert.deepStrictEqual(parseSampleLine('x{ a = "1" , b="2" } 1'), { name: "x", labels: { a: "1", b: "2" }, value: 1 }, "spaces around labels");
        assert.deepStrictEqual(parseSampleLine("up 1"), { name: "up", labels: {}, value: 1 });
    });

    it("reads the special values the format allows, and refuses what is not a value", () => {
        assert.strictEqual(parseValue("+Inf"), Infinity);
        assert.strictEqual(parseValue("-Inf"), -Infinity);
        assert.strictEqual(parseValue("inf"), Infinity);
        assert.ok(Number.isNaN(parseValue("NaN")!));
        assert.strictEqual(parseValue("1.796663855259575e+09"), 1796663855.259575);
        assert.strictEqual(parseValue(".5"), 0.5);
        assert.strictEqual(parseValue("-0"), -0);
        for (const bad of ["", "0x10", "1_000", "one", "1e", "Infinity1", "--1"]) {
            assert.strictEqual(parseValue(bad), undefined, bad);
        }
    });

    it("skips a timestamp and an OpenMetrics exemplar, and lines that are not samples", () => {
        assert.deepStrictEqual(parseSampleLine('x_total{a="1"} 7 1712345678000'), { name: "x_total", labels: { a: "1" }, value: 7 });
        assert.deepStrictEqual(parseSampleLine('x_bucket{le="0.5"} 2 # {trace_id="abc"} 0.42 1712345678.001'), { name: "x_bucket", labels: { le: "0.5" }, value: 2 });
        assert.deepStrictEqual(parseSampleLine('x_total 7 # {trace_id="a"} 1'), { name: "x_total", labels: {}, value: 7 });
        for (const bad of ['x{a="1"', 'x{a=1} 2', "x", "x 1 2 3", "x 1 notatime", "1x 2", 'x{"a"="1"} 2', 'x{a="1\\', "x{} "]) {
            assert.strictEqual(parseSampleLine(bad), undefined, bad);
        }
        const text = "# HELP x_total a counter\n# TYPE x_total counter\nx_total 1\r\ngarbage\n\n# EOF\nx_total{b=\"2\"} 2\n";
        assert.deepStrictEqual(parsePrometheusText(text).map((s) => s.value), [1, 2], "CRLF, comments, garbage and # EOF");
    });

    it("sums a counter's _total series for one model; _created, NaN and other models stay out", () => {
        const text = [
            "# HELP vllm:request_success_total Count of successfully processed requests.",
            "# TYPE vllm:request_success_total counter",
            'vllm:request_success_total{engine="0",finished_reason="stop",model_name="org/m"} 3.0',
            'vllm:request_success_total{engine="0",finished_reason="length",model_name="org/m"} 2.0',
            'vllm:request_success_total{engine="0",finished_reason="abort",model_name="other"} 100.0',
            "# HELP vllm:request_success_created Count of successfully processed requests.",
            "# TYPE vllm:request_success_created gauge",
            'vllm:request_success_created{engine="0",finished_reason="stop",model_name="org/m"} 1.796663855259575e+09',
            'vllm:prompt_tokens_total{engine="0",model_name="org/m"} NaN',
            'vllm:generation_tokens_total{engine="0",model_name="org/m"} +Inf',
        ].join("\n");
        const samples = parsePrometheusText(text);
        assert.strictEqual(sumSeries(samples, "vllm:request_success_total", forModel("org/m")), 5);
        assert.strictEqual(sumSeries(samples, "vllm:request_success_total", forModel("other")), 100);
        assert.strictEqual(sumSeries(samples, "vllm:request_success_total", forModel("absent")), undefined);
        assert.strictEqual(sumSeries(samples, "vllm:prompt_tokens_total", forModel("org/m")), undefined, "a NaN sample is no number");
        assert.strictEqual(hasSeries(samples, "vllm:prompt_tokens_total", forModel("org/m")), true, "but the series is there");
        assert.strictEqual(sumSeries(samples, "vllm:generation_tokens_total"), Infinity);
        assert.strictEqual(sumSeries(parsePrometheusText("vllm:request_success_total 4"), "vllm:request_success_total", forModel("org/m")), 4, "no model_name: counts for any model");
    });

    it("reads a page of 100k series", () => {
        const lines = Array.from({ length: 100_000 }, (_, i) => `x_bucket{le="${i}",model_name="m"} ${i}`);
        const samples = parsePrometheusText(lines.join("\n"));
        assert.strictEqual(samples.length, 100_000);
        assert.strictEqual(sumSeries(samples, "x_bucket"), (99_999 * 100_000) / 2);
    });
});
