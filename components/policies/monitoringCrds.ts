/**
 * `pd-monitoring-crds` (advisory): with `monitoring` on, the stack creates PodMonitors (in the
 * modelservice release) and a ServiceMonitor, kinds of the Prometheus operator. A cluster without
 * the operator's CRDs rejects them, and `pulumi up` fails at the release. Nothing offline can see the
 * cluster, so the policy warns unless the stack itself installs the CRDs.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { CONFIG_PREFIX, GKE_CLUSTER_TYPE } from "../tokens";
import { chartBaseName, describeResource, isHelmType } from "./kubernetesResources";
import { modelServerInstalls } from "./modelServerInstalls";
import { isPlainObject } from "../validation";

export const MONITORING_CRDS = "pd-monitoring-crds";
/** The API group of the Prometheus operator's kinds. */
export const PROMETHEUS_OPERATOR_GROUP = "monitoring.coreos.com";
/** Charts that install the Prometheus operator's CRDs. */
export const PROMETHEUS_OPERATOR_CHARTS = ["kube-prometheus-stack", "prometheus-operator-crds", "prometheus-operator"] as const;
const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";
/** Resources that create a cluster, which then has no CRDs but those the stack installs. */
const CLUSTER_TYPES = [GKE_CLUSTER_TYPE, "gcp:container/cluster:Cluster"];

type Resource = Pick<PolicyResource, "type" | "name" | "props">;

/** What in the stack is a Prometheus operator object, one phrase each: the PodMonitors a model-server install makes, and such objects. */
export function operatorObjects(resources: readonly Resource[]): string[] {
    const found: string[] = [];
    for (const install of modelServerInstalls(resources)) {
        if (install.podMonitors.length > 0) {
            found.push(`the ${install.podMonitors.join(" and ")} PodMonitors of ${install.where}`);
        }
    }
    for (const r of resources.filter((x) => x.type.startsWith(`kubernetes:${PROMETHEUS_OPERATOR_GROUP}/`))) {
        found.push(describeResource(r.type, r.name, r.props));
    }
    return found;
}

/** Whether the stack installs the operator's CRDs itself (a chart of the operator, or the CRDs). */
export function stackInstallsOperatorCrds(resources: readonly Resource[]): boolean {
    return resources.some(
        (r) =>
            (isHelmType(r.type) && (PROMETHEUS_OPERATOR_CHARTS as readonly string[]).includes(chartBaseName(r.props.chart) ?? "")) ||
            (r.type === CRD_TYPE && isPlainObject(r.props.metadata) && String(r.props.metadata.name).endsWith(`.${PROMETHEUS_OPERATOR_GROUP}`)),
    );
}

/** The warning for this stack, or undefined when it has no operator objects or installs the CRDs itself. */
export function monitoringCrdsProblem(resources: readonly Resource[]): string | undefined {
    const objects = operatorObjects(resources);
    if (objects.length === 0 || stackInstallsOperatorCrds(resources)) {
        return undefined;
    }
    const created = resources.find((r) => CLUSTER_TYPES.includes(r.type));
    const cluster = created
        ? `The cluster is created by this stack (${describeResource(created.type, created.name, created.props)}), so it has no Prometheus operator CRDs. `
        : `The cluster may lack them. `;
    return (
        `monitoring is on (${objects.join("; ")}): these are Prometheus operator kinds (${PROMETHEUS_OPERATOR_GROUP}/v1) and this stack does not ` +
        `install the operator's CRDs. ${cluster}Without them \`pulumi up\` fails at the modelservice release and the ServiceMonitor ` +
        `("no matches for kind"). Install the operator first (upstream: kube-prometheus-stack, quickstart/install-prometheus-grafana.sh) ` +
        `or set ${CONFIG_PREFIX}monitoring false; where the cluster has the CRDs, turn this advisory off: {"${MONITORING_CRDS}": "disabled"}.`
    );
}

export const monitoringCrdsPolicy: StackValidationPolicy = {
    name: MONITORING_CRDS,
    description:
        "Advisory: with monitoring on (llm-d-pd:monitoring), warns that the PodMonitors and the ServiceMonitor need the Prometheus operator's " +
        "CRDs on the cluster, unless the stack installs them.",
    enforcementLevel: "advisory",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const problem = monitoringCrdsProblem(args.resources);
        if (!problem) {
            args.notApplicable("no Prometheus operator objects, or the stack installs the operator's CRDs");
        }
        reportViolation(problem!);
    },
};
