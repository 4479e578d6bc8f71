/**
 * Where PDStack's autoscaling reads Prometheus when `monitoring` is on and no `prometheusAddress` is
 * given: the Prometheus of llm-d's monitoring stack as llm-d v0.9's install script installs it
 * (kube-prometheus-stack, release `llmd`, namespace `llm-d-monitoring`, plain HTTP unless run with
 * `--enable-tls`): llm-d/llm-d guides/recipes/observability/install-prometheus-grafana.sh at
 * e3dbeca185fa91cf263f8135a681721cebcc057e (the commit release-0.9 was cut from); the Service name as
 * the v0.9 KEDA guide addresses it (guides/workload-autoscaling/keda-epp-queue/optimized-baseline/base/scaledobject.yaml,
 * same commit, there over HTTPS). That script also sets `serviceMonitorSelector`, `podMonitorSelector`
 * and `ruleSelector` to `{}` in every namespace, so PDStack's monitors and rules are picked up as they are.
 */
export const DEFAULT_PROMETHEUS_ADDRESS = "http://llmd-kube-prometheus-stack-prometheus.llm-d-monitoring.svc.cluster.local:9090";
