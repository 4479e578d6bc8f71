/**
 * `monitoring`: what PDStack adds beside the charts' PodMonitors (switched on in the modelservice
 * values): the EPP's ServiceMonitor with the token it scrapes with, the install's alerting rules
 * (./alerts.ts), and, once per cluster, the llm-d Grafana dashboard.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterClaims } from "../../cluster";
import {
    buildEppMetricsReaderClusterRole,
    buildEppMetricsReaderClusterRoleBinding,
    buildEppMetricsReaderServiceAccount,
    buildEppMetricsReaderToken,
    buildEppServiceMonitor,
    buildGrafanaDashboardConfigMap,
} from "./objects";
import type { PDSpec } from "../../pdstack/spec";
import { buildPrometheusRule, prometheusRuleName } from "../../alerts";
import { buildLlmd02AlertRules } from "./alerts";
import { llmd02NamesOf } from "./names";

/** The install's PrometheusRule: the shared alerts on llm-d 0.2's names. */
export function buildLlmd02PrometheusRule(spec: PDSpec): Record<string, any> {
    return buildPrometheusRule(
        prometheusRuleName(spec.releasePostfix),
        spec.namespace,
        { "app.kubernetes.io/instance": llmd02NamesOf(spec).inferencePool },
        buildLlmd02AlertRules(spec),
    );
}

/** Registers the monitoring objects of an install with `monitoring` on, as children of `parent`. */
export function registerMonitoring(
    name: string,
    spec: PDSpec,
    claims: ClusterClaims,
    parent: pulumi.Resource,
    inNamespace: pulumi.Resource[],
): void {
    if (!spec.monitoring) {
        return;
    }
    const child = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ parent, ...extra });
    // The namespaced objects go into the install's namespace.
    const reader = new k8s.core.v1.ServiceAccount(`${name}-epp-metrics-reader`, buildEppMetricsReaderServiceAccount(spec), child({ dependsOn: inNamespace }));
    // The token controller deletes a token Secret whose ServiceAccount does not exist yet.
    new k8s.core.v1.Secret(`${name}-epp-metrics-token`, buildEppMetricsReaderToken(spec), child({ dependsOn: [...inNamespace, reader] }));
    new k8s.rbac.v1.ClusterRole(`${name}-epp-metrics-reader-role`, buildEppMetricsReaderClusterRole(spec), child());
    new k8s.rbac.v1.ClusterRoleBinding(`${name}-epp-metrics-reader-binding`, buildEppMetricsReaderClusterRoleBinding(spec), child());
    const monitor = buildEppServiceMonitor(spec);
    new k8s.apiextensions.CustomResource(
        `${name}-epp-servicemonitor`,
        { apiVersion: monitor.apiVersion, kind: monitor.kind, metadata: monitor.metadata, spec: monitor.spec },
        // In the install's namespace, like the ServiceAccount.
        child({ dependsOn: inNamespace }),
    );
    new k8s.apiextensions.CustomResource(
        `${name}-alerts`,
        buildLlmd02PrometheusRule(spec) as k8s.apiextensions.CustomResourceArgs,
        // In the install's namespace, like the ServiceAccount.
        child({ dependsOn: inNamespace }),
    );
    if (!claims.installed("grafanaDashboard")) {
        const dashboard = new k8s.core.v1.ConfigMap(
            `${name}-grafana-dashboard`,
            buildGrafanaDashboardConfigMap(spec.namespace),
            // In the install's namespace, like the ServiceAccount.
            child({ dependsOn: inNamespace }),
        );
        claims.recordInstalled("grafanaDashboard", dashboard);
    }
}
