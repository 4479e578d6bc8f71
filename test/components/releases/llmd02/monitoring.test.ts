/**
 * `monitoring` as pure data: the modelservice chart's PodMonitor values (upstream's when off), the
 * EPP's ServiceMonitor (test/e2e/schemas.e2e.ts sends it to the API server with the Prometheus
 * operator's CRD), its token and RBAC, and the Grafana dashboard ConfigMap (upstream's dashboard, unchanged).
 */
import * as assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { resolveSpec } from "../../../../components/pdstack/spec";
import { buildModelServiceValues } from "../../../../components/releases/llmd02/values";
import {
    buildEppMetricsReaderClusterRole,
    buildEppMetricsReaderClusterRoleBinding,
    buildEppMetricsReaderServiceAccount,
    buildEppMetricsReaderToken,
    buildEppServiceMonitor,
} from "../../../../components/releases/llmd02/objects/eppMonitoring";
import { buildGrafanaDashboardConfigMap } from "../../../../components/releases/llmd02/objects/grafanaDashboard";
import { expected, REFERENCE_DIR, UPSTREAM_ENVS } from "../../../support/reference";

const spec = (input: Record<string, unknown>) => resolveSpec(input, "llm-d-pd:");
const DASHBOARD_FILE = path.resolve(__dirname, "../../../../components/releases/llmd02/objects/dashboards/llm-d-dashboard.json");

describe("monitoring (pure)", () => {
    describe("modelservice values", () => {
        for (const [env, input] of Object.entries(UPSTREAM_ENVS)) {
            it(`${env}: off, the PodMonitors are upstream's (disabled); on, only their enabled flags change`, () => {
                const off = buildModelServiceValues(spec(input)) as any;
                const on = buildModelServiceValues(spec({ ...input, monitoring: true })) as any;
                for (const role of ["prefill", "decode"]) {
                    assert.deepStrictEqual(off[role].monitoring, expected(env, "ms")[role].monitoring, `${role} off`);
                    assert.deepStrictEqual(on[role].monitoring.podmonitor, { ...off[role].monitoring.podmonitor, enabled: true }, `${role} on`);
                }
                const withoutMonitoring = (v: any) => ({ ...v, prefill: { ...v.prefill, monitoring: undefined }, decode: { ...v.decode, monitoring: undefined } });
                assert.deepStrictEqual(withoutMonitoring(on), withoutMonitoring(off), "nothing else changes");
                assert.deepStrictEqual(buildModelServiceValues(spec({ ...input, monitoring: false })), off, "false is the default");
            });
        }

        it("each PodMonitor scrapes a port its vLLM container names (the chart selects the port by name)", () => {
            for (const hardware of ["h200-ib", "gke", "xpu"]) {
                const v = buildModelServiceValues(spec({ hardware, monitoring: true })) as any;
                for (const role of ["prefill", "decode"]) {
                    const portNames = v[role].containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name));
                    assert.ok(portNames.includes(v[role].monitoring.podmonitor.portName), `${hardware} ${role}: no container port named ${v[role].monitoring.podmonitor.portName}`);
                }
            }
        });

        it("rejects a non-boolean, naming the key", () => {
            assert.throws(() => spec({ hardware: "gke", monitoring: "yes" }), /llm-d-pd:monitoring: must be true or false \(got "yes"\)/);
            assert.throws(() => spec({ hardware: "gke", installGatewayControlPlane: 1 }), /llm-d-pd:installGatewayControlPlane: must be true or false \(got 1\)/);
        });
    });

    describe("the EPP's ServiceMonitor", () => {
        const s = spec({ hardware: "h200-ib", namespace: "team-a", releasePostfix: "llama", monitoring: true });
        const monitor = buildEppServiceMonitor(s);

        it("selects the inferencepool chart's EPP Service and scrapes its metrics port with the reader's token", () => {
            assert.deepStrictEqual(monitor.metadata, { name: "gaie-llama-epp", namespace: "team-a", labels: { "app.kubernetes.io/component": "epp" } });
            assert.deepStrictEqual(monitor.spec.selector, { matchLabels: { "app.kubernetes.io/name": "gaie-llama-epp" } });
            assert.deepStrictEqual(monitor.spec.endpoints, [
                {
                    port: "http-metrics",
                    path: "/metrics",
                    scheme: "http",
                    interval: "30s",
                    authorization: { type: "Bearer", credentials: { name: "gaie-llama-epp-metrics-reader", key: "token" } },
                },
            ]);
        });

        it("the reader: a ServiceAccount, its token Secret (filled by Kubernetes), and the right to GET /metrics", () => {
            assert.deepStrictEqual(buildEppMetricsReaderServiceAccount(s).metadata, { name: "gaie-llama-epp-metrics-reader", namespace: "team-a" });
            const token = buildEppMetricsReaderToken(s);
            assert.strictEqual(token.type, "kubernetes.io/service-account-token");
            assert.deepStrictEqual((token.metadata as any).annotations, { "kubernetes.io/service-account.name": "gaie-llama-epp-metrics-reader" });
            assert.strictEqual(token.data, undefined);
            assert.strictEqual(token.stringData, undefined);
            assert.deepStrictEqual(buildEppMetricsReaderClusterRole(s).rules, [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }]);
            const binding = buildEppMetricsReaderClusterRoleBinding(s);
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "gaie-llama-epp-metrics-reader" });
            assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: "gaie-llama-epp-metrics-reader", namespace: "team-a" }]);
        });
    });

    describe("the Grafana dashboard", () => {
        it("ships upstream's llm-d dashboard unchanged", () => {
            const recorded = fs.readFileSync(path.join(REFERENCE_DIR, "monitoring", "llm-d-dashboard.json.sha256"), "utf8").split(/\s+/)[0];
            assert.strictEqual(createHash("sha256").update(fs.readFileSync(DASHBOARD_FILE)).digest("hex"), recorded);
        });

        it("is a ConfigMap the Grafana sidecar loads: labelled grafana_dashboard \"1\", the dashboard JSON as one file", () => {
            const cm = buildGrafanaDashboardConfigMap("llm-d-pd");
            assert.deepStrictEqual(cm.metadata, { name: "llm-d-dashboard", namespace: "llm-d-pd", labels: { grafana_dashboard: "1" } });
            const data = cm.data as Record<string, string>;
            assert.deepStrictEqual(Object.keys(data), ["llm-d-dashboard.json"]);
            assert.deepStrictEqual(JSON.parse(data["llm-d-dashboard.json"]), JSON.parse(fs.readFileSync(DASHBOARD_FILE, "utf8")));
            assert.ok(Buffer.byteLength(data["llm-d-dashboard.json"]) < 1024 * 1024, "a ConfigMap holds at most 1 MiB");
        });
    });
});
