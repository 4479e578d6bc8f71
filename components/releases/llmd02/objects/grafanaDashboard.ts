/**
 * Upstream's llm-d Grafana dashboard as a ConfigMap the Grafana sidecar loads (kube-prometheus-stack's
 * defaults: label `grafana_dashboard: "1"`, every namespace searched). The dashboard is data copied
 * unchanged from upstream: see ./dashboards/SOURCE.md.
 */
import type * as k8s from "@pulumi/kubernetes";
import dashboard from "./dashboards/llm-d-dashboard.json";

/** The label and value the Grafana sidecar looks for. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;
/** One dashboard per cluster: it lists every namespace and served model through its variables. */
export const GRAFANA_DASHBOARD_CONFIGMAP = "llm-d-dashboard";
/** The file the sidecar writes the dashboard to. */
export const GRAFANA_DASHBOARD_FILE = "llm-d-dashboard.json";

/** The ConfigMap holding upstream's dashboard, in `namespace`. */
export function buildGrafanaDashboardConfigMap(namespace: string): k8s.core.v1.ConfigMapArgs {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: GRAFANA_DASHBOARD_CONFIGMAP, namespace, labels: { ...GRAFANA_DASHBOARD_LABEL } },
        data: { [GRAFANA_DASHBOARD_FILE]: JSON.stringify(dashboard, null, 2) },
    };
}
