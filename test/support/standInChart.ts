/**
 * An empty Helm chart that stands in for an upstream chart where the tests have none (no network): a
 * folder with the chart's own name and a Chart.yaml of that name and version, and no templates. What
 * knows a release by its chart's name and version (the policies, `--charts DIR`) still knows it; the
 * objects the upstream chart would create are not there.
 */
import * as fs from "fs";
import * as path from "path";

/** The chart's name in a chart reference: `llm-d-infra`, `oci://registry.k8s.io/.../inferencepool` → `inferencepool`. */
export function chartName(chart: string): string {
    return chart.replace(/\/+$/, "").split("/").pop() ?? chart;
}

/** Writes `<parent>/<name>/Chart.yaml` for `chart` at `version` (kept as given) and returns the chart's folder. */
export function writeStandInChart(parent: string, chart: string, version: string, user: string): string {
    const name = chartName(chart);
    const dir = path.join(parent, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Chart.yaml"), `apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: empty stand-in for ${chart} in ${user}\n`);
    return dir;
}
