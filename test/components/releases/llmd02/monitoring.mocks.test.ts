/**
 * `monitoring` under mocks: what PDStack registers with it on (and nothing when off), the dashboard
 * once per cluster, and the advisory `pd-monitoring-crds` policy on the recorded resources.
 */
import * as assert from "assert";
import type * as Components from "../../../../components";
import { monitoringCrdsProblem } from "../../../../components/policies/monitoringCrds";
import { evaluatePolicies } from "../../../../plan/policyEvaluator";
import { PlannedResource, ResourceRecorder } from "../../../../plan/recorder";
import { CONFIG_MAP, RELEASE, SERVICE_MONITOR, TOKEN } from "../../../support/tokens";

const POLICY = "pd-monitoring-crds";

let c: typeof Components;

/** The kinds and names of the Kubernetes objects PDStack adds with monitoring on. */
const MONITORING_OBJECTS = [
    `${CONFIG_MAP} llm-d-pd-grafana-dashboard`,
    "kubernetes:core/v1:Secret llm-d-pd-epp-metrics-token",
    "kubernetes:core/v1:ServiceAccount llm-d-pd-epp-metrics-reader",
    `${SERVICE_MONITOR} llm-d-pd-epp-servicemonitor`,
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole llm-d-pd-epp-metrics-reader-role",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding llm-d-pd-epp-metrics-reader-binding",
].sort();

async function record(build: () => void): Promise<{ rec: ResourceRecorder; resources: PlannedResource[] }> {
    const rec = await ResourceRecorder.record(build);
    return { rec, resources: structuredClone(rec.resources) };
}

const typeAndName = (rs: PlannedResource[]) => rs.map((r) => `${r.type} ${r.name}`);

describe("monitoring under mocks", () => {
    before(async () => {
        await ResourceRecorder.install();
        c = await import("../../../../components");
    });

    it("off by default: none of the monitoring objects", async () => {
        const { resources } = await record(() => new c.PDStack("llm-d-pd", { hardware: "h200-ib", hfToken: TOKEN }));
        const names = typeAndName(resources);
        assert.deepStrictEqual(MONITORING_OBJECTS.filter((o) => names.includes(o)), []);
    });

    it("on: the EPP's ServiceMonitor with its reader, the dashboard, and the PodMonitors switched on in the modelservice release", async () => {
        const { rec, resources } = await record(() => new c.PDStack("llm-d-pd", { hardware: "h200-ib", hfToken: TOKEN, monitoring: true }));
        const names = typeAndName(resources);
        assert.deepStrictEqual(MONITORING_OBJECTS.filter((o) => names.includes(o)), MONITORING_OBJECTS);
        const ms = rec.get(RELEASE, "llm-d-pd-ms").inputs as any;
        assert.strictEqual(ms.values.prefill.monitoring.podmonitor.enabled, true);
        assert.strictEqual(ms.values.decode.monitoring.podmonitor.enabled, true);
        const namespace = rec.get("kubernetes:core/v1:Namespace", "llm-d-pd-namespace");
        const reader = rec.get("kubernetes:core/v1:ServiceAccount", "llm-d-pd-epp-metrics-reader");
        const token = rec.get("kubernetes:core/v1:Secret", "llm-d-pd-epp-metrics-token");
        assert.ok(token.dependencyUrns.includes(reader.urn), "the token Secret must come after its ServiceAccount");
        for (const r of [reader, token, rec.get(SERVICE_MONITOR, "llm-d-pd-epp-servicemonitor"), rec.get(CONFIG_MAP, "llm-d-pd-grafana-dashboard")]) {
            assert.ok(r.dependencyUrns.includes(namespace.urn), `${r.name} must wait for the namespace it lives in`);
        }
        const monitor = rec.get(SERVICE_MONITOR, "llm-d-pd-epp-servicemonitor").inputs as any;
        assert.deepStrictEqual([monitor.apiVersion, monitor.kind, monitor.metadata.namespace], ["monitoring.coreos.com/v1", "ServiceMonitor", "llm-d-pd"]);
        assert.deepStrictEqual((rec.get("pdstack:index:PDStack", "llm-d-pd").inputs as any).monitoring, true);
        assert.deepStrictEqual(token.secretInputs, [], "the token Secret carries no value of PDStack's");
    });

    it("one dashboard per cluster; each install its own ServiceMonitor and reader", async () => {
        const { resources } = await record(() => {
            const cluster = new c.ClusterClaims("prod");
            new c.PDStack("llama", { hardware: "h200-ib", hfToken: TOKEN, namespace: "llama", releasePostfix: "llama", monitoring: true }, { clusterClaims: cluster });
            new c.PDStack("qwen", { hardware: "h200-ib", hfToken: TOKEN, namespace: "qwen", releasePostfix: "qwen", monitoring: true }, { clusterClaims: cluster });
        });
        assert.deepStrictEqual(resources.filter((r) => r.type === CONFIG_MAP).map((r) => r.name), ["llama-grafana-dashboard"]);
        assert.deepStrictEqual(
            resources.filter((r) => r.type === SERVICE_MONITOR).map((r) => `${(r.inputs as any).metadata.namespace}/${(r.inputs as any).metadata.name}`).sort(),
            ["llama/gaie-llama-epp", "qwen/gaie-qwen-epp"],
        );
        const roles = resources.filter((r) => r.type.endsWith(":ClusterRole")).map((r) => (r.inputs as any).metadata.name).sort();
        assert.deepStrictEqual(roles, ["gaie-llama-epp-metrics-reader", "gaie-qwen-epp-metrics-reader"], "cluster-scoped names stay distinct");
    });

    describe("pd-monitoring-crds (advisory)", () => {
        it("says nothing with monitoring off", async () => {
            const { resources } = await record(() => new c.PDStack("llm-d-pd", { hardware: "gke", hfToken: TOKEN }));
            assert.deepStrictEqual((await evaluatePolicies(resources)).filter((v) => v.policy === POLICY), []);
        });

        it("warns with monitoring on, naming the PodMonitors and the ServiceMonitor, the fix and how to silence it; nothing mandatory", async () => {
            const { resources } = await record(() => new c.PDStack("llm-d-pd", { hardware: "h200-ib", hfToken: TOKEN, monitoring: true }));
            const vs = await evaluatePolicies(resources);
            assert.deepStrictEqual(vs.filter((v) => v.level === "mandatory"), []);
            const mine = vs.filter((v) => v.policy === POLICY);
            assert.strictEqual(mine.length, 1);
            assert.strictEqual(mine[0].level, "advisory");
            for (const s of [
                'the prefill and decode PodMonitors of Helm release "ms-pd" (namespace llm-d-pd)',
                'ServiceMonitor "gaie-pd-epp"',
                "The cluster may lack them",
                "kube-prometheus-stack",
                "llm-d-pd:monitoring false",
                '{"pd-monitoring-crds": "disabled"}',
            ]) {
                assert.ok(mine[0].message.includes(s), `missing "${s}" in: ${mine[0].message}`);
            }
        });

        it("is certain when the stack creates the cluster", async () => {
            const { resources } = await record(() => {
                const gke = new c.GkeCluster("gke", { region: "us-central1", project: "p", reservation: "h200" });
                new c.PDStack("llm-d-pd", { hardware: "gke", hfToken: TOKEN, monitoring: true }, { clusterClaims: gke.clusterClaims });
            });
            const mine = (await evaluatePolicies(resources)).filter((v) => v.policy === POLICY);
            assert.strictEqual(mine.length, 1);
            assert.match(mine[0].message, /The cluster is created by this stack \(GkeCluster "gke"\), so it has no Prometheus operator CRDs/);
        });

        it("says nothing when the stack installs the operator (its chart, or its CRDs)", async () => {
            const { resources } = await record(() => new c.PDStack("llm-d-pd", { hardware: "h200-ib", hfToken: TOKEN, monitoring: true }));
            assert.ok(monitoringCrdsProblem(resources.map((r) => ({ ...r, props: r.inputs }))));
            const withChart = [...resources, { type: RELEASE, name: "prometheus", inputs: { chart: "kube-prometheus-stack", repositoryOpts: {} } }];
            assert.strictEqual(monitoringCrdsProblem(withChart.map((r) => ({ ...r, props: r.inputs as any }))), undefined);
            const withCrd = [...resources, { type: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", name: "sm", inputs: { metadata: { name: "servicemonitors.monitoring.coreos.com" } } }];
            assert.strictEqual(monitoringCrdsProblem(withCrd.map((r) => ({ ...r, props: r.inputs as any }))), undefined);
        });
    });
});
