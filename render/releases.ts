/** The Helm releases of a plan, as `helm template` needs them: chart, version, where from, name, namespace, values. */
import { chartBaseName, HELM_RELEASE } from "../components/policies/kubernetesResources";
import { isPlainObject } from "../components/validation";
import { RenderError } from "./errors";
import { SECRET_PLACEHOLDER, type PlannedResource } from "../plan/recorder";

export interface HelmRelease {
    /** The Pulumi resource's name (`llm-d-pd-ms`). */
    resourceName: string;
    /** The Helm release name (`ms-pd`). */
    release: string;
    namespace: string;
    /** As the release names it: a chart name with `repo`, or an `oci://` reference. */
    chart: string;
    /** The chart's own name (`llm-d-modelservice`, `inferencepool`): how `--charts DIR` files are named. */
    chartName: string;
    version: string;
    /** The chart repository URL, for a chart that is not an OCI reference. */
    repo?: string;
    /** The values the release gets; a secret in them appears as "[secret]" (the plan never holds one in clear). */
    values: Record<string, unknown>;
    /** Whether the release leaves out the chart's crds/ folder (Release `skipCrds`). */
    skipCrds: boolean;
}

function containsSecretPlaceholder(value: unknown): boolean {
    if (value === SECRET_PLACEHOLDER) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsSecretPlaceholder);
    }
    return isPlainObject(value) && Object.values(value).some(containsSecretPlaceholder);
}

/** The Helm releases among a plan's resources, in plan order, and a note for each whose values hold a secret. */
export function helmReleasesOf(resources: readonly PlannedResource[]): { releases: HelmRelease[]; notes: string[] } {
    const releases: HelmRelease[] = [];
    const notes: string[] = [];
    for (const r of resources.filter((x) => x.type === HELM_RELEASE)) {
        const i = r.inputs as Record<string, any>;
        const chart = String(i.chart ?? "");
        if (i.values === SECRET_PLACEHOLDER) {
            throw new RenderError(`Helm release ${i.name}: its values are one secret as a whole, which the plan never reads in clear, so it cannot be rendered`);
        }
        const values = isPlainObject(i.values) ? i.values : {};
        if (containsSecretPlaceholder(values)) {
            notes.push(`Helm release ${i.name}: its values hold a secret, rendered as "${SECRET_PLACEHOLDER}" (the plan never reads a secret in clear)`);
        }
        releases.push({
            resourceName: r.name,
            release: String(i.name ?? r.name),
            namespace: String(i.namespace ?? "default"),
            chart,
            chartName: chartBaseName(chart) ?? chart,
            version: String(i.version ?? ""),
            ...(typeof i.repositoryOpts?.repo === "string" ? { repo: i.repositoryOpts.repo } : {}),
            values,
            skipCrds: i.skipCrds === true,
        });
    }
    return { releases, notes };
}

/** `llm-d-modelservice v0.2.7` and where it comes from: how messages name a release's chart. */
export function describeChart(r: HelmRelease): string {
    return `chart ${r.chartName} ${r.version} (${r.repo ? `repository ${r.repo}` : r.chart}, release ${r.release})`;
}
