/** Prometheus alerting rules of a P/D install (`monitoring`): the rules and their PrometheusRule; each release gives its names and decision counts. */
export {
    AlertRule,
    AlertTargets,
    AT_MAX_FOR,
    buildAlertRules,
    buildPrometheusRule,
    DECISION_WINDOW,
    DECODE_ONLY_SHARE_THRESHOLD,
    podPattern,
    prometheusRuleName,
    promString,
    PROMETHEUS_RULE_API_VERSION,
    RuleGroup,
    Severity,
} from "./rules";
