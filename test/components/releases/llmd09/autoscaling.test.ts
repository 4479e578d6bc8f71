/**
 * Autoscaling and monitoring of an llm-d 0.9 install under Pulumi mocks: the ScaledObjects (those of
 * buildScaledObjects, which test/e2e/schemas.e2e.ts sends to the API server with KEDA's CRD; on upstream's
 * metrics, waiting for their Deployment and for KEDA), Deployments that
 * leave their count to KEDA, the EPP's in-flight load producer, KEDA installed once by a
 * GatewayControlPlane or read from the cluster, the PodMonitors, the router chart's monitoring values and
 * the PrometheusRule; and a second plan of the same stack that registers exactly the same inputs.
 */
import * as assert from "assert";
import type { PDStack as PDStackClass } from "../../../../components/pdstack/pdStack";
import type { PDStackArgs } from "../../../../components/pdstack/args";
import { ClusterClaims } from "../../../../components/cluster";
import { PlannedResource, ResourceRecorder } from "../../../../plan/recorder";
import { resolveSpec } from "../../../../components/pdstack/spec";
import { buildScaledObjects, deriveLlmd09Names } from "../../../../components/releases/llmd09";
import { CONTROL_PLANE, DEPLOYMENT, RELEASE, TOKEN } from "../../../support/tokens";

const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";
const PROMETHEUS_RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";

let PDStack: typeof PDStackClass;

type Args = Partial<PDStackArgs> & { hardware: string };
const AUTOSCALED: Args = { hardware: "h200-ib", llmdVersion: "0.9", monitoring: true, autoscaling: { enabled: true } };

async function record(...stacks: (Args & { name?: string })[]): Promise<PlannedResource[]> {
    const rec = await ResourceRecorder.record(() => {
        const claims = new ClusterClaims("test");
        for (const { name, ...args } of stacks) {
            new PDStack(name ?? "pd", { hfToken: TOKEN, ...args } as PDStackArgs, { clusterClaims: claims });
        }
    });
    return structuredClone(rec.resources);
}

const byName = (rs: PlannedResource[], type: string, name: string) => {
    const r = rs.find((x) => x.type === type && x.name === name);
    assert.ok(r, `${type} ${name} not registered`);
    return r;
};
const inputs = (r: PlannedResource) => r.inputs as any;
const depNames = (rs: PlannedResource[], r: PlannedResource) => r.dependencyUrns.map((u) => u.slice(u.lastIndexOf("::") + 2)).sort();

describe("llm-d 0.9 autoscaling and monitoring under mocks", () => {
    before(async () => {
        await ResourceRecorder.install();
        PDStack = (await import("../../../../components/pdstack/pdStack")).PDStack;
    });

    it("one ScaledObject per role, buildScaledObjects' (the e2e suite's), scaling the role's Deployment on upstream's metric", async () => {
        const args = { ...AUTOSCALED, namespace: "serving", releasePostfix: "llama" };
        const rs = await record(args);
        const prefill = inputs(byName(rs, SCALED_OBJECT, "pd-prefill-scaler"));
        const decode = inputs(byName(rs, SCALED_OBJECT, "pd-decode-scaler"));
        const resolved = resolveSpec(args, "llm-d-pd:");
        const built = buildScaledObjects(resolved, deriveLlmd09Names(resolved.namespace, resolved.releasePostfix, resolved.gateway))!;
        assert.deepStrictEqual(
            [prefill, decode].map(({ apiVersion, kind, metadata, spec }) => ({ apiVersion, kind, metadata, spec })),
            [built.prefill, built.decode].map((so) => JSON.parse(JSON.stringify(so))),
        );
        for (const so of [prefill, decode]) {
            const { metadata, spec } = so;
            assert.strictEqual(metadata.namespace, "serving");
            assert.strictEqual(spec.triggers[0].metadata.serverAddress, "http://llmd-kube-prometheus-stack-prometheus.llm-d-monitoring.svc.cluster.local:9090");
        }
        assert.deepStrictEqual(prefill.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "vllm-llama-prefill" });
        assert.deepStrictEqual([prefill.spec.minReplicaCount, prefill.spec.maxReplicaCount, decode.spec.minReplicaCount, decode.spec.maxReplicaCount], [1, 4, 1, 1]);
        assert.deepStrictEqual(prefill.spec.triggers.map((t: any) => [t.name, t.metricType, t.metadata.threshold]), [["prefill-inflight-prompt-tokens", "AverageValue", "50732"]]);
        const q = prefill.spec.triggers[0].metadata.query;
        assert.match(q, /llm_d_epp_inflight_tokens\{namespace="serving",service="router-llama-epp",producer_name="inflight-load-producer",endpoint_name=~"vllm-llama-prefill-\[a-z0-9\]\+-\[a-z0-9\]\+-rank-\[0-9\]\+"\}/);
        assert.match(q, /and on\(target_pod\)\n {2}label_replace\(llm_d_epp_per_endpoint_queue_size\{namespace="serving",service="router-llama-epp",name="router-llama"\}/, "v0.10.0's stale series are dropped (llm-d-router#2529)");
        assert.match(q, /\) or vector\(0\)$/);
        assert.strictEqual(decode.spec.triggers[0].metadata.query, 'sum(vllm:kv_cache_usage_perc{namespace="serving",pod=~"vllm-llama-decode-[a-z0-9]+-[a-z0-9]+"}) or vector(0)');
        assert.strictEqual(decode.spec.triggers[0].metadata.threshold, "0.8");
    });

    it("the Deployments leave their count to KEDA (no spec.replicas); without autoscaling they keep replicas", async () => {
        const scaled = await record(AUTOSCALED);
        const fixed = await record({ hardware: "h200-ib", llmdVersion: "0.9" });
        for (const role of ["prefill", "decode"]) {
            assert.ok(!("replicas" in inputs(byName(scaled, DEPLOYMENT, `pd-${role}`)).spec), role);
            assert.strictEqual(inputs(byName(fixed, DEPLOYMENT, `pd-${role}`)).spec.replicas, role === "prefill" ? 4 : 1);
        }
    });

    it("the EPP runs the in-flight load producer prefill scales on (llm-d v0.9.0's P/D config has it, autoscaled or not)", async () => {
        const config = async (args: Args) => inputs(byName(await record(args), RELEASE, "pd-router")).values.router.epp.pluginsCustomConfig["pd-config.yaml"];
        assert.match(await config(AUTOSCALED), /- type: inflight-load-producer\n/);
        assert.strictEqual(await config(AUTOSCALED), await config({ hardware: "h200-ib", llmdVersion: "0.9" }), "autoscaling leaves the EPP config as the guide's");
    });

    it("without installKeda the ScaledObjects wait for the ScaledObject CRD read from the cluster", async () => {
        const rs = await record(AUTOSCALED);
        for (const role of ["prefill", "decode"]) {
            const so = byName(rs, SCALED_OBJECT, `pd-${role}-scaler`);
            assert.deepStrictEqual(depNames(rs, so), ["pd-keda-scaledobject-crd", `pd-${role}`].sort());
        }
        assert.ok(!rs.some((r) => r.type === CONTROL_PLANE), "no control plane installed");
    });

    it("installKeda: one GatewayControlPlane installs KEDA 2.20.1 once per cluster, and every install's ScaledObjects wait for it", async () => {
        const rs = await record(
            { ...AUTOSCALED, autoscaling: { enabled: true, installKeda: true } },
            { ...AUTOSCALED, name: "qwen", namespace: "qwen", releasePostfix: "qwen", autoscaling: { enabled: true, installKeda: true } },
        );
        const keda = rs.filter((r) => r.type === RELEASE && inputs(r).chart === "keda");
        assert.strictEqual(keda.length, 1);
        assert.deepStrictEqual(
            [inputs(keda[0]).name, inputs(keda[0]).namespace, inputs(keda[0]).version, inputs(keda[0]).repositoryOpts],
            ["keda", "keda", "2.20.1", { repo: "https://kedacore.github.io/charts" }],
        );
        const cp = rs.filter((r) => r.type === CONTROL_PLANE);
        assert.strictEqual(cp.length, 1);
        assert.deepStrictEqual(inputs(cp[0]).installs, ["KEDA 2.20.1 in keda: keda (https://kedacore.github.io/charts keda 2.20.1)"], "KEDA alone: no gateway control plane was asked for");
        for (const so of rs.filter((r) => r.type === SCALED_OBJECT)) {
            assert.ok(so.dependencyUrns.includes(keda[0].urn), `${so.name} does not wait for KEDA`);
        }
    });

    it("deciderFallback decode-only: prefill may scale to zero, and the EPP's decode-only decisions wake it", async () => {
        const rs = await record({ ...AUTOSCALED, autoscaling: { enabled: true, prefill: { minReplicas: 0 }, deciderFallback: "decode-only" } });
        const prefill = inputs(byName(rs, SCALED_OBJECT, "pd-prefill-scaler"));
        assert.strictEqual(prefill.spec.minReplicaCount, 0);
        const wake = prefill.spec.triggers[1];
        assert.strictEqual(wake.name, "prefill-wake-on-decode-only");
        assert.strictEqual(wake.metadata.query, 'sum(increase(llm_d_epp_disagg_decision_total{namespace="llm-d-pd",service="router-pd-epp",decision_type="decode-only"}[2m])) or vector(0)');
        assert.deepStrictEqual([wake.metadata.threshold, wake.metadata.activationThreshold], ["1000000", "0"]);
    });

    it("monitoring: the router chart's ServiceMonitor with a token of this install, a PodMonitor per role on vLLM's port, and the PrometheusRule", async () => {
        const rs = await record({ hardware: "gke", llmdVersion: "0.9", monitoring: true, releasePostfix: "llama" });
        assert.deepStrictEqual(inputs(byName(rs, RELEASE, "pd-router")).values.router.monitoring, {
            interval: "10s",
            provider: { name: "prometheusoperator" },
            prometheus: { enabled: true, auth: { enabled: true, secretName: "router-llama-epp-metrics-token" } },
        });
        const decodePods = inputs(byName(rs, DEPLOYMENT, "pd-decode")).spec.template;
        for (const role of ["prefill", "decode"]) {
            const pm = inputs(byName(rs, POD_MONITOR, `pd-${role}-podmonitor`));
            assert.strictEqual(pm.metadata.name, `vllm-llama-${role}`);
            assert.deepStrictEqual(pm.spec.podMetricsEndpoints, [{ port: "modelserver", path: "/metrics", interval: "30s" }]);
            const pods = inputs(byName(rs, DEPLOYMENT, `pd-${role}`)).spec.template;
            for (const [k, v] of Object.entries(pm.spec.selector.matchLabels)) {
                assert.strictEqual(pods.metadata.labels[k], v, `${role}: the PodMonitor selects label ${k}`);
            }
            assert.ok(pods.spec.containers.some((c: any) => c.ports.some((p: any) => p.name === "modelserver")), `${role}: a container port named modelserver`);
        }
        assert.ok(!decodePods.spec.initContainers[0].ports.some((p: any) => p.name === "modelserver"), "decode's sidecar is not scraped");
        const rule = inputs(byName(rs, PROMETHEUS_RULE, "pd-alerts"));
        assert.strictEqual(rule.metadata.name, "pdstack-llama-alerts");
        assert.deepStrictEqual(rule.spec.groups[0].rules.map((r: any) => r.alert), [
            "PDPrefillNotReadyWhileDecodeServes",
            "PDDecodeOnlyDecisions",
            "PDEppScrapeDown",
            "PDModelServerScrapeDown",
        ]);
        const off = await record({ hardware: "gke", llmdVersion: "0.9" });
        assert.ok(!off.some((r) => [POD_MONITOR, PROMETHEUS_RULE, SCALED_OBJECT].includes(r.type)));
        assert.strictEqual(inputs(byName(off, RELEASE, "pd-router")).values.router.monitoring, undefined);
    });

    it("a second plan of the same stack registers the same resources with the same inputs (pulumi up again is a no-op)", async () => {
        const args: Args = { ...AUTOSCALED, autoscaling: { enabled: true, installKeda: true, prefill: { minReplicas: 0 }, deciderFallback: "decode-only" } };
        const strip = (rs: PlannedResource[]) => rs.map((r) => ({ type: r.type, name: r.name, inputs: r.rawInputs, deps: r.dependencyUrns, opts: [r.deleteBeforeReplace, r.replaceOnChanges] }));
        const first = strip(await record(args));
        const second = strip(await record(args));
        assert.deepStrictEqual(second, first);
        assert.ok(first.some((r) => r.type === SCALED_OBJECT));
    });
});
