/**
 * `monitoring` on llm-d 0.9, for clusters with the Prometheus operator: the router chart's own EPP
 * ServiceMonitor (its values below), a PodMonitor per model-server role as upstream's `monitoring-pd`
 * component writes them, and the install's alerting rules (components/alerts).
 *
 * The EPP serves `/metrics` only to a bearer token that passes TokenReview and a SubjectAccessReview for
 * `get /metrics` (`--metrics-endpoint-auth`, default true: llm-d-router v0.10.0 pkg/epp/server/options.go,
 * cmd/epp/runner/runner.go). The router chart v0.10.0, with `router.monitoring.prometheus.enabled`, grants
 * the EPP's ServiceAccount those reviews and `get /metrics` (templates/_rbac.yaml), creates a token Secret
 * of that ServiceAccount (`auth.secretName`, templates/_sa-token-secret.yaml) and a ServiceMonitor that
 * scrapes port `http-metrics` with it (templates/_servicemonitor.yaml), all in config/charts/routerlib at
 * 71f4f0999f95b96c49a9d0c4afbd18dfdb943c26. PDStack keeps that authentication on, where llm-d's recipe
 * (guides/recipes/router/features/monitoring.values.yaml) turns it off for annotation-based scrapers: the
 * token stays in a Secret of the namespace, the metrics (pod names, models, load) stay behind it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { buildPrometheusRule, prometheusRuleName } from "../../alerts";
import type { PDSpec } from "../../pdstack/spec";
import { Role, ROLES } from "../vllm";
import { buildLlmd09AlertRules } from "./alerts";
import { MODEL_SERVER_CONTAINER } from "./modelServers";
import { GUIDE, GUIDE_LABEL, INSTANCE_LABEL, Llmd09Names, ROLE_LABEL } from "./names";

export const MONITORING_API_VERSION = "monitoring.coreos.com/v1";
/** How often the PodMonitors scrape vLLM, and the router chart its EPP, as upstream's recipes set them. */
export const MODEL_SERVER_SCRAPE_INTERVAL = "30s";
export const EPP_SCRAPE_INTERVAL = "10s";

/**
 * `router.monitoring` of the router release with `monitoring` on: the Prometheus operator's ServiceMonitor
 * (named, since `provider.name: gke` would otherwise pick Google Managed Prometheus), authenticated with a
 * token Secret named for this install.
 */
export function routerMonitoringValues(names: Llmd09Names): Record<string, unknown> {
    return {
        interval: EPP_SCRAPE_INTERVAL,
        provider: { name: "prometheusoperator" },
        prometheus: { enabled: true, auth: { enabled: true, secretName: names.eppMetricsToken } },
    };
}

/**
 * The PodMonitor of one role: vLLM's `/metrics` on the container port `modelserver` (decode's vLLM, not its
 * sidecar), every 30s, as llm-d's `guides/recipes/modelserver/components/monitoring-pd` (prefill) and
 * `monitoring` (decode) at e3dbeca185fa91cf263f8135a681721cebcc057e write them, selecting this install's pods.
 */
export function buildPodMonitor(spec: PDSpec, names: Llmd09Names, role: Role): Record<string, any> {
    return {
        apiVersion: MONITORING_API_VERSION,
        kind: "PodMonitor",
        metadata: {
            name: role === "prefill" ? names.prefillDeployment : names.decodeDeployment,
            namespace: spec.namespace,
            labels: { [ROLE_LABEL]: role },
        },
        spec: {
            selector: { matchLabels: { [GUIDE_LABEL]: GUIDE, [INSTANCE_LABEL]: names.inferencePool, [ROLE_LABEL]: role } },
            podMetricsEndpoints: [{ port: MODEL_SERVER_CONTAINER, path: "/metrics", interval: MODEL_SERVER_SCRAPE_INTERVAL }],
        },
    };
}

/** The install's PrometheusRule. */
export function buildLlmd09PrometheusRule(spec: PDSpec, names: Llmd09Names): Record<string, any> {
    return buildPrometheusRule(prometheusRuleName(spec.releasePostfix), spec.namespace, { [INSTANCE_LABEL]: names.inferencePool }, buildLlmd09AlertRules(spec, names));
}

/** Registers the PodMonitors and the PrometheusRule of an install with `monitoring` on. */
export function registerLlmd09Monitoring(name: string, spec: PDSpec, names: Llmd09Names, parent: pulumi.Resource, inNamespace: pulumi.Resource[]): void {
    if (!spec.monitoring) {
        return;
    }
    for (const role of ROLES) {
        // In the install's namespace; they select pods by label and need nothing else to exist.
        new k8s.apiextensions.CustomResource(`${name}-${role}-podmonitor`, buildPodMonitor(spec, names, role) as k8s.apiextensions.CustomResourceArgs, {
            parent,
            dependsOn: inNamespace,
        });
    }
    new k8s.apiextensions.CustomResource(`${name}-alerts`, buildLlmd09PrometheusRule(spec, names) as k8s.apiextensions.CustomResourceArgs, {
        parent,
        dependsOn: inNamespace,
    });
}
