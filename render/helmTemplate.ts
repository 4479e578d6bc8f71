/**
 * `helm template` of one release as `pulumi up` would install it: the exact chart and version, the
 * release name and namespace, the values the release gets (written to a file readable only by this
 * user, never put on the command line), the Kubernetes version PDStack targets, and the chart's CRDs
 * unless the release skips them (a Helm install applies crds/ first).
 */
import * as fs from "fs";
import * as path from "path";
import { RenderError } from "./errors";
import { firstLine, runProcess } from "./process";
import { describeChart, type HelmRelease } from "./releases";
import { TARGET_KUBERNETES_VERSION } from "./target";
import type { Tool } from "./tools";

/** Time one `helm template` may take. */
const TEMPLATE_TIMEOUT_MS = 60_000;

/** The arguments of `helm template` for a release whose chart is at `chartPath` and values in `valuesFile`. */
export function templateArgs(r: HelmRelease, chartPath: string, valuesFile: string, kubeVersion = TARGET_KUBERNETES_VERSION): string[] {
    return [
        "template",
        r.release,
        chartPath,
        "--namespace",
        r.namespace,
        "--values",
        valuesFile,
        "--kube-version",
        kubeVersion,
        r.skipCrds ? "--skip-crds" : "--include-crds",
    ];
}

/** The manifests `helm template` prints for the release (a YAML stream). */
export async function helmTemplate(helm: Tool, r: HelmRelease, chartPath: string, workDir: string): Promise<string> {
    const dir = fs.mkdtempSync(path.join(workDir, `values-${r.release}-`));
    const valuesFile = path.join(dir, "values.json");
    // JSON is YAML; mode 0600 because values may one day carry what should not be world-readable.
    fs.writeFileSync(valuesFile, JSON.stringify(r.values), { mode: 0o600 });
    try {
        const result = await runProcess(helm.path, templateArgs(r, chartPath, valuesFile), { timeoutMs: TEMPLATE_TIMEOUT_MS });
        if (result.code !== 0) {
            throw new RenderError(`helm template of ${describeChart(r)} failed: ${firstLine(result.stderr || result.stdout)}`);
        }
        return result.stdout;
    } catch (e) {
        if (e instanceof RenderError) {
            throw e;
        }
        throw new RenderError(`helm template of ${describeChart(r)}: ${firstLine((e as Error).message)}`);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
