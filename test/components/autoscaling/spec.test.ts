/**
 * `autoscaling` in the schema: defaults (upstream's metrics and targets, the role's replicas as the
 * ceiling, llm-d's Prometheus with monitoring), and the refusals, each naming the key, the value and why:
 * llm-d 0.2, prefill at zero while the decider always disaggregates, decode at zero, min above max, no
 * Prometheus; and the GPU budget of a created GKE cluster, counted at maxReplicas.
 */
import * as assert from "assert";
import { DEFAULT_PROMETHEUS_ADDRESS, SCALING_METRICS } from "../../../components/autoscaling";
import { resolveGatewayControlPlaneSpec } from "../../../components/controlplane/spec";
import { resolveSpec } from "../../../components/pdstack/spec";
import { gkeClusterArgsFromConfig } from "../../../program/cluster";

const v09 = (autoscaling: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    resolveSpec({ hardware: "h200-ib", llmdVersion: "0.9", monitoring: true, autoscaling: { enabled: true, ...autoscaling }, ...more }, "llm-d-pd:");

/** The message of the InputError `build` throws. */
function refusal(build: () => unknown): string {
    try {
        build();
    } catch (e) {
        return (e as Error).message;
    }
    assert.fail("no error");
}

describe("autoscaling spec", () => {
    it("defaults: prefill on in-flight prompt tokens, decode on KV cache, min 1, max the role's replicas, llm-d's Prometheus with monitoring", () => {
        const spec = v09({});
        assert.deepStrictEqual(spec.autoscaling, {
            prefill: { minReplicas: 1, maxReplicas: 4, metric: "inflight-prompt-tokens", target: 50732 },
            decode: { minReplicas: 1, maxReplicas: 1, metric: "kv-cache-usage", target: 0.8 },
            prometheusAddress: DEFAULT_PROMETHEUS_ADDRESS,
            installKeda: false,
            deciderFallback: "off",
        });
        assert.strictEqual(SCALING_METRICS["inflight-prompt-tokens"].target, Math.round(1.5 * 33821), "upstream's 1.5 s of backlog at V_P 33821");
        assert.strictEqual(v09({}, { prefill: { replicas: 6 } }).autoscaling!.prefill.maxReplicas, 6);
    });

    it("a metric without a target takes the metric's default target; off or absent is no autoscaling", () => {
        const spec = v09({ prefill: { metric: "waiting-requests" }, decode: { metric: "running-requests", target: 24 } });
        assert.deepStrictEqual([spec.autoscaling!.prefill.target, spec.autoscaling!.decode.target], [1, 24]);
        assert.strictEqual(resolveSpec({ hardware: "gke", llmdVersion: "0.9", autoscaling: { enabled: false, prefill: { minReplicas: 0 } } }, "x:").autoscaling, undefined);
        assert.strictEqual(resolveSpec({ hardware: "gke", llmdVersion: "0.9" }, "x:").autoscaling, undefined);
    });

    it("a given prometheusAddress is used with monitoring off", () => {
        const spec = resolveSpec({ hardware: "gke", llmdVersion: "0.9", autoscaling: { enabled: true, prometheusAddress: "https://prom.monitoring.svc:9090" } }, "x:");
        assert.strictEqual(spec.autoscaling!.prometheusAddress, "https://prom.monitoring.svc:9090");
    });

    const refused: [string, () => unknown, string][] = [
        [
            "llm-d 0.2: modelservice always renders replicas",
            () => resolveSpec({ hardware: "gke", autoscaling: { enabled: true, prometheusAddress: "http://p:9090" } }, "llm-d-pd:"),
            'llm-d-pd:autoscaling.enabled: autoscaling does not work with llmdVersion "0.2": llm-d-modelservice v0.2.7 renders the prefill and decode ' +
                "Deployments with spec.replicas always set",
        ],
        [
            "prefill at zero with the always-disaggregate decider",
            () => v09({ prefill: { minReplicas: 0 } }),
            "llm-d-pd:autoscaling.prefill.minReplicas: prefill minReplicas 0 with the always-disaggregate decider: with no prefill pod Ready, " +
                "llm-d-router v0.10.0 serves the whole request on decode (llm-d-router#2427)",
        ],
        [
            "decode at zero",
            () => v09({ decode: { minReplicas: 0 } }),
            "llm-d-pd:autoscaling.decode.minReplicas: decode minReplicas 0 would leave the EPP no pod to send any request to",
        ],
        [
            "min above the default max",
            () => v09({ decode: { minReplicas: 2 } }),
            "llm-d-pd:autoscaling.decode.minReplicas: decode minReplicas 2 is above maxReplicas 1 (decode.replicas, the default maximum): " +
                "set autoscaling.decode.maxReplicas to at least 2",
        ],
        [
            "no Prometheus",
            () => resolveSpec({ hardware: "gke", llmdVersion: "0.9", autoscaling: { enabled: true } }, "llm-d-pd:"),
            "llm-d-pd:autoscaling.prometheusAddress: KEDA reads the scaling metrics from Prometheus: turn monitoring on",
        ],
        ["a decode metric for prefill", () => v09({ prefill: { metric: "kv-cache-usage" } }), 'llm-d-pd:autoscaling.prefill.metric: must be one of inflight-prompt-tokens, waiting-requests (got "kv-cache-usage")'],
        ["a target of 0", () => v09({ decode: { target: 0 } }), "llm-d-pd:autoscaling.decode.target: must be a number above 0 (got 0)"],
        ["a fractional minimum", () => v09({ prefill: { minReplicas: 1.5 } }), "llm-d-pd:autoscaling.prefill.minReplicas: must be a whole number, 0 or more (got 1.5)"],
        [
            "a Prometheus URL with credentials",
            () => v09({ prometheusAddress: "http://user:pw@prom:9090" }),
            "llm-d-pd:autoscaling.prometheusAddress: carries a user or password, which would sit in plain text in the ScaledObjects (and is not repeated here)",
        ],
        ["a Prometheus address that is no URL", () => v09({ prometheusAddress: "prometheus:9090" }), 'llm-d-pd:autoscaling.prometheusAddress: must be an http:// or https:// URL of Prometheus'],
        ["an unknown fallback", () => v09({ deciderFallback: "prefix-based" }), 'llm-d-pd:autoscaling.deciderFallback: must be one of off, decode-only (got "prefix-based")'],
        ["an unknown key", () => v09({ prefill: { replicas: 3 } }), "llm-d-pd:autoscaling.prefill.replicas: is not a known key; known keys: minReplicas, maxReplicas, metric, target"],
    ];
    for (const [what, build, message] of refused) {
        it(`refuses ${what}, naming the key`, () => {
            const got = refusal(build);
            assert.ok(got.includes(message), got);
            assert.ok(!got.includes("pw@"), "a password in the URL is not repeated");
        });
    }

    it("prefill at zero is accepted once decode-only serving is asked for", () => {
        assert.strictEqual(v09({ prefill: { minReplicas: 0 }, deciderFallback: "decode-only" }).autoscaling!.prefill.minReplicas, 0);
    });

    it("a created GKE cluster refuses a maximum its GPUs cannot hold, with the arithmetic per role", () => {
        const spec = resolveSpec(
            { hardware: "gke", llmdVersion: "0.9", monitoring: true, autoscaling: { enabled: true, prefill: { maxReplicas: 8 }, decode: { maxReplicas: 2 } } },
            "llm-d-pd:",
        );
        const cluster = { create: true, region: "us-central1", reservation: "h200-resv" };
        const got = refusal(() => gkeClusterArgsFromConfig(cluster, spec, "llm-d", "llm-d-pd:"));
        assert.ok(
            got.includes(
                "llm-d-pd:gkeCluster.gpuNodeCount: the cluster offers 8 GPUs (1 x a3-ultragpu-8g in us-central1-b) but prefill and decode request 16 " +
                    "(prefill at maxReplicas 8 × 1 + decode at maxReplicas 2 × 4 = 16); set gpuNodeCount to at least 2, or lower llm-d-pd:autoscaling.<role>.maxReplicas",
            ),
            got,
        );
        const fits = resolveSpec({ hardware: "gke", llmdVersion: "0.9", monitoring: true, autoscaling: { enabled: true } }, "llm-d-pd:");
        assert.ok(gkeClusterArgsFromConfig(cluster, fits, "llm-d", "llm-d-pd:"), "the defaults (max = replicas) fit the cluster they fit before");
    });

    it("GatewayControlPlane installs KEDA on llm-d 0.9 only", () => {
        assert.strictEqual(resolveGatewayControlPlaneSpec({ gateway: "istio", llmdVersion: "0.9", installKeda: true }, "G").installKeda, true);
        assert.strictEqual(resolveGatewayControlPlaneSpec({ gateway: "istio", llmdVersion: "0.9" }, "G").installKeda, false);
        const got = refusal(() => resolveGatewayControlPlaneSpec({ gateway: "istio", llmdVersion: "0.2", installKeda: true }, "G"));
        assert.ok(got.includes('G.installKeda: llmdVersion "0.2" does not autoscale, so PDStack pins no KEDA for it'), got);
    });
});
