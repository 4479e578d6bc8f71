/** Raw Kubernetes objects PDStack creates on llm-d 0.2 beside the charts, as pure builders. */
export { buildHttpRoute } from "./httpRoute";
export { buildGrafanaDashboardConfigMap, GRAFANA_DASHBOARD_CONFIGMAP, GRAFANA_DASHBOARD_LABEL } from "./grafanaDashboard";
export {
    buildEppMetricsReaderClusterRole,
    buildEppMetricsReaderClusterRoleBinding,
    buildEppMetricsReaderServiceAccount,
    buildEppMetricsReaderToken,
    buildEppServiceMonitor,
} from "./eppMonitoring";
