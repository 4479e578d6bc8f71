/**
 * What a resource the pack looks at is: a Helm release and its chart, a Kubernetes object of which
 * kind and name, or the PDStack component; and how messages name it. Which charts are llm-d's is each
 * release profile's to say (`ReleaseProfile.checks`).
 */

import { isPlainObject } from "../validation";

/** Type token of a Helm release (what PDStack registers for each chart). */
export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
/** Type token of a Kubernetes Secret, the one place a token belongs. */
export const SECRET = "kubernetes:core/v1:Secret";

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
