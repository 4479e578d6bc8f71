/**
 * The alerting rules, checked by Prometheus's own tools: `promtool check rules` lints every expression of
 * both releases' PrometheusRules, and `promtool test rules` evaluates each alert on sample series, firing
 * and not firing, with the labels and annotations it fires with. promtool is built at an exact version
 * from the Go module proxy by scripts/toolchain.sh, with the rest of the e2e toolchain.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { AlertRule, RuleGroup } from "../../components/alerts";
import { resolveSpec } from "../../components/pdstack/spec";
import { buildLlmd02AlertRules } from "../../components/releases/llmd02";
import { buildLlmd09AlertRules, llmd09NamesOf } from "../../components/releases/llmd09";
import { tempDir } from "../support/planCli";
import { toolchainBin } from "./support/pulumi";

/** promtool: $PDSTACK_PROMTOOL, else the toolchain's (scripts/toolchain.sh builds it at versions.env's PROMETHEUS_VERSION). */
function promtool(): string {
    return process.env.PDSTACK_PROMTOOL || path.join(toolchainBin(), "promtool");
}

const NS = "llm-d-pd";
const v02 = buildLlmd02AlertRules(resolveSpec({ hardware: "h200-ib", monitoring: true }, "x:"));
const spec09 = resolveSpec({ hardware: "h200-ib", llmdVersion: "0.9", monitoring: true, autoscaling: { enabled: true } }, "x:");
const v09 = buildLlmd09AlertRules(spec09, llmd09NamesOf(spec09));

/** The annotations an alert fires with: its templates expanded for the given `$value` and `$labels.pod`. */
function fired(group: RuleGroup, alert: string, labels: Record<string, string>, value: { percent?: string; pod?: string } = {}) {
    const rule = group.rules.find((r) => r.alert === alert && (labels.role === undefined || r.labels.role === labels.role)) as AlertRule;
    const expand = (s: string) => s.replace("{{ $value | humanizePercentage }}", value.percent ?? "").replace("{{ $labels.pod }}", value.pod ?? "");
    return {
        exp_labels: { ...rule.labels, ...labels },
        exp_annotations: { summary: expand(rule.annotations.summary), description: expand(rule.annotations.description) },
    };
}

interface Case {
    name: string;
    series: Record<string, string>;
    /** alert name → the alerts expected at `at` (empty: must not fire). */
    expect: [string, ReturnType<typeof fired>[]][];
    at: string;
}

function unitTests(cases: Case[]) {
    return {
        rule_files: ["rules.yaml"],
        evaluation_interval: "1m",
        tests: cases.map((c) => ({
            name: c.name,
            interval: "1m",
            input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
            alert_rule_test: c.expect.map(([alertname, exp_alerts]) => ({ eval_time: c.at, alertname, exp_alerts })),
        })),
    };
}

function run(tool: string, dir: string, ...args: string[]) {
    return spawnSync(tool, args, { cwd: dir, encoding: "utf8", timeout: 120_000 });
}

/** Cases every release shares: its names differ, the series the rules read do not (but the EPP's decisions). */
function commonCases(group: RuleGroup, names: { epp: string; prefill: string; decode: string }): Case[] {
    const decodePod = `${names.decode}-7c9d8f6b5-x2k4q`;
    const prefillPod = `${names.prefill}-5f7d9c8b4-m9n8p`;
    return [
        {
            name: "no prefill pod Ready while decode finishes requests",
            at: "15m",
            series: {
                [`kube_deployment_status_replicas_ready{namespace="${NS}",deployment="${names.prefill}"}`]: "0x20",
                [`vllm:request_success_total{namespace="${NS}",pod="${decodePod}",model_name="m",finished_reason="stop"}`]: "0+10x20",
            },
            expect: [["PDPrefillNotReadyWhileDecodeServes", [fired(group, "PDPrefillNotReadyWhileDecodeServes", {})]]],
        },
        {
            name: "prefill Ready, or decode idle: no alert",
            at: "15m",
            series: {
                [`kube_deployment_status_replicas_ready{namespace="${NS}",deployment="${names.prefill}"}`]: "1x20",
                [`vllm:request_success_total{namespace="${NS}",pod="${decodePod}",model_name="m",finished_reason="stop"}`]: "0+10x20",
                [`kube_deployment_status_replicas_ready{namespace="other",deployment="${names.prefill}"}`]: "0x20",
            },
            expect: [["PDPrefillNotReadyWhileDecodeServes", []]],
        },
        {
            name: "the EPP not scraped, or scraped nowhere",
            at: "10m",
            series: { [`up{namespace="${NS}",service="${names.epp}",job="${names.epp}",instance="10.0.0.5:9090"}`]: "0x20" },
            expect: [["PDEppScrapeDown", [fired(group, "PDEppScrapeDown", {})]]],
        },
        {
            name: "no EPP series at all",
            at: "10m",
            series: { [`up{namespace="${NS}",service="another-epp"}`]: "1x20" },
            expect: [["PDEppScrapeDown", [fired(group, "PDEppScrapeDown", { namespace: NS, service: names.epp })]]],
        },
        {
            name: "the EPP scraped: no alert",
            at: "10m",
            series: { [`up{namespace="${NS}",service="${names.epp}"}`]: "1x20" },
            expect: [["PDEppScrapeDown", []]],
        },
        {
            name: "a Ready decode pod not scraped; a prefill pod not Ready (still loading) is not an alert",
            at: "10m",
            series: {
                [`up{namespace="${NS}",pod="${decodePod}",job="${NS}/${names.decode}"}`]: "0x20",
                [`kube_pod_status_ready{namespace="${NS}",pod="${decodePod}",condition="true"}`]: "1x20",
                [`up{namespace="${NS}",pod="${prefillPod}",job="${NS}/${names.prefill}"}`]: "0x20",
                [`kube_pod_status_ready{namespace="${NS}",pod="${prefillPod}",condition="true"}`]: "0x20",
                [`kube_deployment_status_replicas_ready{namespace="${NS}",deployment="${names.prefill}"}`]: "0x20",
                [`kube_deployment_status_replicas_ready{namespace="${NS}",deployment="${names.decode}"}`]: "1x20",
            },
            expect: [["PDModelServerScrapeDown", [fired(group, "PDModelServerScrapeDown", { namespace: NS, pod: decodePod, job: `${NS}/${names.decode}` }, { pod: decodePod })]]],
        },
        {
            name: "decode has Ready pods and no scrape target at all",
            at: "10m",
            series: {
                [`kube_deployment_status_replicas_ready{namespace="${NS}",deployment="${names.decode}"}`]: "2x20",
                [`up{namespace="${NS}",pod="${prefillPod}"}`]: "1x20",
            },
            expect: [["PDModelServerScrapeDown", [fired(group, "PDModelServerScrapeDown", { namespace: NS })]]],
        },
    ];
}

describe("alerting rules under promtool", function () {
    this.timeout(45 * 60_000);
    let tool: string;
    let dir: string;

    before(() => {
        tool = promtool();
        dir = tempDir("pdstack-rules-");
    });

    for (const [release, group] of [
        ["0.2", v02],
        ["0.9", v09],
    ] as const) {
        it(`llm-d ${release}: promtool check rules accepts every expression`, () => {
            fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: [group] }));
            const r = run(tool, dir, "check", "rules", "rules.yaml");
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, new RegExp(`SUCCESS: ${group.rules.length} rules found`));
        });
    }

    function runUnitTests(group: RuleGroup, cases: Case[]): void {
        fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: [group] }));
        fs.writeFileSync(path.join(dir, "tests.yaml"), stringify(unitTests(cases)));
        const r = run(tool, dir, "test", "rules", "tests.yaml");
        assert.strictEqual(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /SUCCESS/);
    }

    it("llm-d 0.9: each alert fires on its condition and not otherwise (promtool test rules)", () => {
        const names = { epp: "router-pd-epp", prefill: "vllm-pd-prefill", decode: "vllm-pd-decode" };
        const decisions = (type: string) =>
            `llm_d_epp_disagg_decision_total{namespace="${NS}",service="router-pd-epp",decision_type="${type}",model_name="m",plugin_name="disagg-profile-handler",plugin_type="disagg-profile-handler"}`;
        runUnitTests(v09, [
            ...commonCases(v09, names),
            {
                name: "half the decisions decode-only for 10 minutes",
                at: "25m",
                series: { [decisions("decode-only")]: "0+5x40", [decisions("prefill-decode")]: "0+5x40" },
                expect: [["PDDecodeOnlyDecisions", [fired(v09, "PDDecodeOnlyDecisions", {}, { percent: "50%" })]]],
            },
            {
                name: "every decision prefill+decode: no alert",
                at: "25m",
                series: { [decisions("decode-only")]: "3x40", [decisions("prefill-decode")]: "0+5x40" },
                expect: [["PDDecodeOnlyDecisions", []]],
            },
            {
                name: "prefill at its maxReplicas for more than 10 minutes, decode below",
                at: "15m",
                series: {
                    [`kube_deployment_spec_replicas{namespace="${NS}",deployment="vllm-pd-prefill"}`]: "4x20",
                    [`kube_deployment_spec_replicas{namespace="${NS}",deployment="vllm-pd-decode"}`]: "0x20",
                },
                expect: [["PDRoleAtMaxReplicas", [fired(v09, "PDRoleAtMaxReplicas", { role: "prefill" })]]],
            },
            {
                name: "at the maximum for 5 minutes only: not yet",
                at: "15m",
                series: { [`kube_deployment_spec_replicas{namespace="${NS}",deployment="vllm-pd-prefill"}`]: "3x10 4x10" },
                expect: [["PDRoleAtMaxReplicas", []]],
            },
        ]);
    });

    it("llm-d 0.2: the same alerts, decode-only derived from the scheduler's plugin counts (promtool test rules)", () => {
        const names = { epp: "gaie-pd-epp", prefill: "ms-pd-llm-d-modelservice-prefill", decode: "ms-pd-llm-d-modelservice-decode" };
        const calls = (type: string, plugin: string) =>
            `inference_extension_scheduler_plugin_duration_seconds_count{namespace="${NS}",service="gaie-pd-epp",plugin_type="${type}",plugin_name="${plugin}"}`;
        // 10 requests a minute, each with a decode pod (3 profile picks each); the picker ran for 16 of the 20 profiles: 4 decode-only.
        const series = (pickerPerMinute: number) => ({
            [calls("ProcessProfilesResults", "pd-profile-handler")]: "0+10x40",
            [calls("ProfilePicker", "pd-profile-handler")]: "0+30x40",
            [calls("Picker", "max-score")]: `0+${pickerPerMinute}x40`,
        });
        assert.ok(!v02.rules.some((r) => r.alert === "PDRoleAtMaxReplicas"), "0.2 does not autoscale");
        runUnitTests(v02, [
            ...commonCases(v02, names),
            {
                name: "4 of 10 requests decode-only",
                at: "25m",
                series: series(16),
                expect: [["PDDecodeOnlyDecisions", [fired(v02, "PDDecodeOnlyDecisions", {}, { percent: "40%" })]]],
            },
            { name: "every request prefill+decode", at: "25m", series: series(20), expect: [["PDDecodeOnlyDecisions", []]] },
        ]);
    });
});
