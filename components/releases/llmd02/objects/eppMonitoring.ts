/**
 * Prometheus operator monitoring of the EPP. The inferencepool chart v0.5.1 has no ServiceMonitor, and
 * its EPP serves `/metrics` (port `http-metrics`, 9090) only to a caller whose token may `get` that
 * path (controller-runtime's authentication and authorization filter). So PDStack adds a ServiceAccount
 * with a token Secret and that permission, and a ServiceMonitor that scrapes with the token.
 */
import { llmd02NamesOf } from "../names";
import type * as k8s from "@pulumi/kubernetes";
import { PDSpec } from "../../../pdstack/spec";
import { METRICS_SCRAPE_INTERVAL } from "../values/modelservice";

/** The inferencepool chart's name for the EPP Service's metrics port. */
export const EPP_METRICS_PORT = "http-metrics";
/** The key under which Kubernetes puts a service account token into its Secret. */
export const SERVICE_ACCOUNT_TOKEN_KEY = "token";

/** The label the inferencepool chart puts on the EPP Service (its name). */
function eppServiceLabels(spec: PDSpec): Record<string, string> {
    return { "app.kubernetes.io/name": llmd02NamesOf(spec).epp };
}

/** The ServiceAccount Prometheus presents the token of. */
export function buildEppMetricsReaderServiceAccount(spec: PDSpec): k8s.core.v1.ServiceAccountArgs {
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: llmd02NamesOf(spec).eppMetricsReader, namespace: spec.namespace },
    };
}

/**
 * The ServiceAccount's token: Kubernetes fills in `data.token` (PDStack never sees it). The Secret
 * must be created after its ServiceAccount, or the token controller deletes it.
 */
export function buildEppMetricsReaderToken(spec: PDSpec): k8s.core.v1.SecretArgs {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
            name: llmd02NamesOf(spec).eppMetricsReader,
            namespace: spec.namespace,
            annotations: { "kubernetes.io/service-account.name": llmd02NamesOf(spec).eppMetricsReader },
        },
        type: "kubernetes.io/service-account-token",
    };
}

/** Permission to read `/metrics` (a non-resource URL, hence cluster-scoped). */
export function buildEppMetricsReaderClusterRole(spec: PDSpec): k8s.rbac.v1.ClusterRoleArgs {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: llmd02NamesOf(spec).eppMetricsReader },
        rules: [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }],
    };
}

export function buildEppMetricsReaderClusterRoleBinding(spec: PDSpec): k8s.rbac.v1.ClusterRoleBindingArgs {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: llmd02NamesOf(spec).eppMetricsReader },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: llmd02NamesOf(spec).eppMetricsReader },
        subjects: [{ kind: "ServiceAccount", name: llmd02NamesOf(spec).eppMetricsReader, namespace: spec.namespace }],
    };
}

/**
 * The ServiceMonitor (`monitoring.coreos.com/v1`) of the EPP Service: its metrics port over HTTP,
 * authorized with the reader's token (a `SafeAuthorization` of type Bearer).
 */
export function buildEppServiceMonitor(spec: PDSpec): Record<string, any> {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: llmd02NamesOf(spec).epp, namespace: spec.namespace, labels: { "app.kubernetes.io/component": "epp" } },
        spec: {
            selector: { matchLabels: eppServiceLabels(spec) },
            endpoints: [
                {
                    port: EPP_METRICS_PORT,
                    path: "/metrics",
                    scheme: "http",
                    interval: METRICS_SCRAPE_INTERVAL,
                    authorization: {
                        type: "Bearer",
                        credentials: { name: llmd02NamesOf(spec).eppMetricsReader, key: SERVICE_ACCOUNT_TOKEN_KEY },
                    },
                },
            ],
        },
    };
}
