/**
 * The alerts of a P/D install with `monitoring` on, as Prometheus alerting rules: what tells the operator
 * that P/D is not happening (no prefill pod Ready while decode serves; the EPP deciding decode-only), that
 * the numbers behind it are missing (the EPP or a Ready model server not scraped), and, with autoscaling,
 * that a role has been at its ceiling for 10 minutes. The release profile gives its names and how its EPP
 * counts decode-only decisions; what each alert asks of the operator is in docs/alerts.md.
 *
 * Series they read: the EPP's (its ServiceMonitor: labels `namespace`, `service`), vLLM's (the PodMonitors:
 * `namespace`, `pod`), and kube-state-metrics' Deployment and pod state (`kube_deployment_*`,
 * `kube_pod_status_ready`), which kube-prometheus-stack scrapes by default.
 */
import { VLLM_METRICS } from "../releases/vllmMetrics";

/** The share of an EPP's decisions in the window that may be decode-only before `PDDecodeOnlyDecisions` fires. */
export const DECODE_ONLY_SHARE_THRESHOLD = 0.05;
/** The window over which decisions are counted, and how long the share must stay above the threshold. */
export const DECISION_WINDOW = "10m";
/** How long a role must sit at its maxReplicas before `PDRoleAtMaxReplicas` fires (issue 22: 10 minutes). */
export const AT_MAX_FOR = "10m";

export type Severity = "critical" | "warning";

/** One alerting rule, as Prometheus and the Prometheus operator's PrometheusRule take it. */
export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: Record<string, string>;
    annotations: { summary: string; description: string };
}

export interface RuleGroup {
    name: string;
    rules: AlertRule[];
}

/** What the rules of one install read: its names, and how its release's EPP counts decode-only decisions. */
export interface AlertTargets {
    /** `pd-<postfix>` in the group's name. */
    group: string;
    namespace: string;
    /** The EPP's Service, which its ServiceMonitor scrapes (the `service` label of its series). */
    eppService: string;
    prefillDeployment: string;
    decodeDeployment: string;
    /**
     * PromQL of the share (0 to 1) of the EPP's routing decisions in `window` that were decode-only: one
     * series without labels, absent or NaN when the EPP decided nothing.
     */
    decodeOnlyShare(window: string): string;
    /** What the decode-only share is read from, for the alert's description. */
    decisionsFrom: string;
    /** The roles' ceilings, when KEDA scales them. */
    maxReplicas?: { prefill: number; decode: number };
}

/** A label matcher value, with PromQL's string escapes. */
export function promString(s: string): string {
    return JSON.stringify(s);
}

/** Pods of a Deployment: `<deployment>-<replicaset hash>-<pod suffix>`. */
export function podPattern(deployment: string): string {
    return `${deployment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[a-z0-9]+-[a-z0-9]+`;
}

function selector(matchers: Record<string, string>, regex: Record<string, string> = {}): string {
    const parts = [
        ...Object.entries(matchers).map(([k, v]) => `${k}=${promString(v)}`),
        ...Object.entries(regex).map(([k, v]) => `${k}=~${promString(v)}`),
    ];
    return `{${parts.join(",")}}`;
}

/** The rules of one install. */
export function buildAlertRules(t: AlertTargets): RuleGroup {
    const ns = { namespace: t.namespace };
    const readyReplicas = (deployment: string) => `sum(kube_deployment_status_replicas_ready${selector({ ...ns, deployment })})`;
    const decodePods = { pod: podPattern(t.decodeDeployment) };
    const where = `namespace ${t.namespace}`;
    const rules: AlertRule[] = [
        {
            alert: "PDPrefillNotReadyWhileDecodeServes",
            expr:
                `${readyReplicas(t.prefillDeployment)} == 0\n` +
                `and on() sum(rate(${VLLM_METRICS.requestsFinished}${selector(ns, decodePods)}[5m])) > 0`,
            for: "5m",
            labels: { severity: "critical" },
            annotations: {
                summary: `No prefill pod of ${t.prefillDeployment} is Ready while decode finishes requests (${where})`,
                description:
                    `Deployment ${t.prefillDeployment} has no Ready pod while ${t.decodeDeployment} finishes requests: the EPP serves them on decode ` +
                    `alone (llm-d-router#2427), so P/D is not happening. See docs/alerts.md#pdprefillnotreadywhiledecodeserves.`,
            },
        },
        {
            alert: "PDDecodeOnlyDecisions",
            expr: `${t.decodeOnlyShare(DECISION_WINDOW)} > ${DECODE_ONLY_SHARE_THRESHOLD}`,
            for: DECISION_WINDOW,
            labels: { severity: "warning" },
            annotations: {
                summary: `More than ${DECODE_ONLY_SHARE_THRESHOLD * 100}% of the EPP's decisions are decode-only (${where})`,
                description:
                    `Over the last ${DECISION_WINDOW}, {{ $value | humanizePercentage }} of the requests EPP ${t.eppService} routed went to decode alone ` +
                    `(${t.decisionsFrom}). See docs/alerts.md#pddecodeonlydecisions.`,
            },
        },
        {
            alert: "PDEppScrapeDown",
            expr: `max(up${selector({ ...ns, service: t.eppService })}) == 0\nor absent(up${selector({ ...ns, service: t.eppService })})`,
            for: "5m",
            labels: { severity: "critical" },
            annotations: {
                summary: `Prometheus does not scrape EPP ${t.eppService} (${where})`,
                description:
                    `No successful scrape of Service ${t.eppService}'s metrics port for 5 minutes: the P/D decision counts, the prefill scaling ` +
                    `signal and the alerts that read them are blind. See docs/alerts.md#pdeppscrapedown.`,
            },
        },
        {
            alert: "PDModelServerScrapeDown",
            expr: [
                `(up${selector(ns, { pod: `${podPattern(t.prefillDeployment)}|${podPattern(t.decodeDeployment)}` })} == 0)\n` +
                    `and on(namespace, pod) (kube_pod_status_ready${selector({ ...ns, condition: "true" })} == 1)`,
                ...[t.prefillDeployment, t.decodeDeployment].map(
                    (d) => `(absent(up${selector(ns, { pod: podPattern(d) })}) and on() ${readyReplicas(d)} > 0)`,
                ),
            ].join("\nor "),
            for: "5m",
            labels: { severity: "critical" },
            annotations: {
                summary: `A Ready vLLM pod of ${t.prefillDeployment} or ${t.decodeDeployment} is not scraped (${where})`,
                description:
                    `A Ready model-server pod has had no successful scrape of its /metrics for 5 minutes ({{ $labels.pod }}): ` +
                    `its load, the decode scaling signal and the decode-serves check are blind. See docs/alerts.md#pdmodelserverscrapedown.`,
            },
        },
    ];
    if (t.maxReplicas) {
        for (const [role, deployment] of [
            ["prefill", t.prefillDeployment],
            ["decode", t.decodeDeployment],
        ] as const) {
            const max = t.maxReplicas[role];
            rules.push({
                alert: "PDRoleAtMaxReplicas",
                expr: `max(kube_deployment_spec_replicas${selector({ ...ns, deployment })}) >= ${max}`,
                for: AT_MAX_FOR,
                labels: { severity: "warning", role },
                annotations: {
                    summary: `${role} has been at its maxReplicas ${max} for ${AT_MAX_FOR} (${where})`,
                    description:
                        `KEDA has held Deployment ${deployment} at autoscaling.${role}.maxReplicas (${max}) for ${AT_MAX_FOR}: the load asks for more ` +
                        `${role} pods than the install may have. See docs/alerts.md#pdroleatmaxreplicas.`,
                },
            });
        }
    }
    return { name: `pdstack-${t.group}`, rules };
}

export const PROMETHEUS_RULE_API_VERSION = "monitoring.coreos.com/v1";

/** The PrometheusRule (Prometheus operator) that holds an install's rules. */
export function buildPrometheusRule(name: string, namespace: string, labels: Record<string, string>, group: RuleGroup): Record<string, any> {
    return {
        apiVersion: PROMETHEUS_RULE_API_VERSION,
        kind: "PrometheusRule",
        metadata: { name, namespace, labels },
        spec: { groups: [group] },
    };
}

/** The PrometheusRule of an install: one per release postfix (a namespace holds one install). */
export function prometheusRuleName(postfix: string): string {
    return `pdstack-${postfix}-alerts`;
}
