/**
 * What a resource the pack looks at is: a Helm release of which llm-d chart, a Kubernetes object of
 * which kind and name, or the PDStack component; and how messages name it.
 */

import { CHARTS } from "../releases/llmd02/charts";
import { ROUTER_CHARTS } from "../releases/llmd09/versions";
import { isPlainObject } from "../validation";

/** Type token of a Helm release (what PDStack registers for each chart). */
export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
/** Type token of a Kubernetes Secret, the one place a token belongs. */
export const SECRET = "kubernetes:core/v1:Secret";

/** The llm-d charts of the P/D path: `infra`, `gaie`, `modelservice`, as PDStack installs them (components/pdstack/charts.ts). */
export type LlmdChart = keyof typeof CHARTS;

/** Whether the type token is a Kubernetes object or Helm resource (not a provider, not a component). */
export function isKubernetesType(type: string): boolean {
    return type.startsWith("kubernetes:");
}

/** Whether the type token is a Helm release or chart resource of the Kubernetes provider. */
export function isHelmType(type: string): boolean {
    return type.startsWith("kubernetes:helm.sh/");
}

/** `llm-d-modelservice` from `llm-d-modelservice`, `repo/llm-d-modelservice` or `oci://host/charts/llm-d-modelservice`. */
export function chartBaseName(chart: unknown): string | undefined {
    if (typeof chart !== "string" || chart === "") {
        return undefined;
    }
    const last = chart.replace(/\/+$/, "").split("/").pop() ?? chart;
    return last.endsWith(".tgz") ? last.slice(0, -".tgz".length).replace(/-v?\d+\.\d+\.\d+.*$/, "") : last;
}

/** The chart name of each llm-d chart (`llm-d-infra`, `inferencepool`, `llm-d-modelservice`), from the references PDStack installs. */
export const LLMD_CHARTS = Object.fromEntries(
    Object.entries(CHARTS).map(([kind, ref]) => [kind, chartBaseName(ref.chart)]),
) as Readonly<Record<LlmdChart, string>>;

/** Which llm-d chart a Helm release installs, from its chart name (or, for a modelservice fork, its values' shape). */
export function llmdChartOf(type: string, props: Record<string, any>): LlmdChart | undefined {
    if (type !== HELM_RELEASE) {
        return undefined;
    }
    const base = chartBaseName(props.chart);
    for (const [kind, name] of Object.entries(LLMD_CHARTS) as [LlmdChart, string][]) {
        if (base === name) {
            return kind;
        }
    }
    const values = props.values;
    if (isPlainObject(values) && isPlainObject(values.decode) && isPlainObject(values.prefill)) {
        return "modelservice";
    }
    return undefined;
}

/** Which llm-d 0.9 router chart a Helm release installs (`llm-d-router-gateway` or `-standalone`), from its chart name. */
export function routerChartOf(type: string, props: Record<string, any>): keyof typeof ROUTER_CHARTS | undefined {
    if (type !== HELM_RELEASE) {
        return undefined;
    }
    const base = chartBaseName(props.chart);
    return (Object.keys(ROUTER_CHARTS) as (keyof typeof ROUTER_CHARTS)[]).find((mode) => chartBaseName(ROUTER_CHARTS[mode].chart) === base);
}

/** Whether this resource is an llm-d-modelservice release (vLLM prefill and decode). */
export function isModelServiceRelease(type: string, props: Record<string, any>): boolean {
    return llmdChartOf(type, props) === "modelservice";
}

/** The last part of a type token: `Deployment` of `kubernetes:apps/v1:Deployment`. */
export function kindOfType(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}

/**
 * How a message names a resource: `Helm release "ms-pd" (namespace llm-d-pd)`, `DaemonSet "intel-gpu-plugin"`,
 * `PDStack "llm-d-pd"`; the Pulumi resource name when the object has no name of its own.
 */
export function describeResource(type: string, name: string, props: Record<string, any>): string {
    if (isHelmType(type)) {
        const release = typeof props.name === "string" ? props.name : name;
        const ns = typeof props.namespace === "string" ? ` (namespace ${props.namespace})` : "";
        return `Helm release "${release}"${ns}`;
    }
    if (isKubernetesType(type)) {
        const kind = typeof props.kind === "string" ? props.kind : kindOfType(type);
        const objectName = isPlainObject(props.metadata) && typeof props.metadata.name === "string" ? props.metadata.name : name;
        return `${kind} "${objectName}"`;
    }
    return `${kindOfType(type)} "${name}"`;
}

/** The llm-d-modelservice releases among a stack's resources. */
export function modelServiceReleases<R extends { type: string; props: Record<string, any> }>(resources: readonly R[]): R[] {
    return resources.filter((r) => r.type === HELM_RELEASE && isModelServiceRelease(r.type, r.props));
}
