/**
 * Where each release's chart comes from: `helm pull` from its pinned repository or OCI reference, with
 * the user's network and helm configuration; or, offline, `--charts DIR`, which holds for each chart
 * either `<chart>-<version>.tgz` (as `helm pull` names it) or a chart folder `<chart>-<version>/` or
 * `<chart>/` whose Chart.yaml has that name and version. A folder's `file://` dependencies that are
 * not vendored in its `charts/` are packaged from their source folders into a copy (as `helm
 * dependency build` would, without touching DIR); any other dependency must be vendored.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { RenderError } from "./errors";
import { firstLine, runProcess } from "./process";
import { describeChart, type HelmRelease } from "./releases";
import type { Tool } from "./tools";

/** A chart on disk, ready for `helm template`, and where it came from (for the plan's notes). */
export interface LocalChart {
    path: string;
    from: string;
}

/** Time one `helm pull` may take. */
const PULL_TIMEOUT_MS = 120_000;
/** Time one `helm package` of a local dependency may take. */
const PACKAGE_TIMEOUT_MS = 30_000;

/** The `helm pull` command that fetches this release's chart into `dir`. */
export function pullCommand(r: HelmRelease, dir: string): string[] {
    return ["pull", r.chart, "--version", r.version, ...(r.repo ? ["--repo", r.repo] : []), "--destination", dir];
}

function readChartYaml(dir: string): Record<string, any> | undefined {
    const file = path.join(dir, "Chart.yaml");
    if (!fs.existsSync(file)) {
        return undefined;
    }
    try {
        const doc = YAML.parse(fs.readFileSync(file, "utf8"));
        return doc && typeof doc === "object" ? doc : undefined;
    } catch (e) {
        throw new RenderError(`${file} is not YAML: ${firstLine((e as Error).message)}`);
    }
}

/** Whether `charts/` of a chart folder holds the dependency `name` (a folder or a `<name>-<version>.tgz`). */
function vendored(chartDir: string, name: string): boolean {
    const dir = path.join(chartDir, "charts");
    if (!fs.existsSync(dir)) {
        return false;
    }
    return fs.readdirSync(dir).some((entry) => {
        const full = path.join(dir, entry);
        if (fs.statSync(full).isDirectory()) {
            return readChartYaml(full)?.name === name;
        }
        return entry.startsWith(`${name}-`) && entry.endsWith(".tgz");
    });
}

/**
 * The folder to render: `dir` itself, or, when it has `file://` dependencies missing from its `charts/`,
 * a copy under `workDir` with each packaged into `charts/` (recursively, from the referenced folder).
 */
async function withLocalDependencies(helm: Tool, dir: string, workDir: string, depth = 0): Promise<string> {
    const chart = readChartYaml(dir);
    if (!chart) {
        throw new RenderError(`${dir} is not a chart folder: it has no Chart.yaml`);
    }
    const missing = ((chart.dependencies ?? []) as Record<string, any>[]).filter(
        (d) => typeof d.repository === "string" && d.repository.startsWith("file://") && !vendored(dir, String(d.name)),
    );
    if (missing.length === 0) {
        return dir;
    }
    if (depth > 5) {
        throw new RenderError(`${dir}: file:// dependencies nest deeper than 5 charts`);
    }
    const copy = fs.mkdtempSync(path.join(workDir, `${path.basename(dir)}-`));
    fs.cpSync(dir, copy, { recursive: true });
    fs.mkdirSync(path.join(copy, "charts"), { recursive: true });
    for (const dep of missing) {
        const source = path.resolve(dir, dep.repository.slice("file://".length));
        if (!fs.existsSync(path.join(source, "Chart.yaml"))) {
            throw new RenderError(`chart ${chart.name}: dependency ${dep.name} (${dep.repository}) is neither in ${path.join(dir, "charts")} nor a chart folder at ${source}`);
        }
        const prepared = await withLocalDependencies(helm, source, workDir, depth + 1);
        const packaged = await runProcess(helm.path, ["package", prepared, "--destination", path.join(copy, "charts")], { timeoutMs: PACKAGE_TIMEOUT_MS });
        if (packaged.code !== 0) {
            throw new RenderError(`chart ${chart.name}: helm package of its dependency ${source} failed: ${firstLine(packaged.stderr)}`);
        }
    }
    return copy;
}

/** This release's chart in `chartsDir`, or a RenderError that names the chart, version and both ways to supply it. */
async function fromDirectory(helm: Tool, r: HelmRelease, chartsDir: string, workDir: string): Promise<LocalChart> {
    const archive = path.join(chartsDir, `${r.chartName}-${r.version}.tgz`);
    if (fs.existsSync(archive)) {
        return { path: archive, from: archive };
    }
    for (const folder of [path.join(chartsDir, `${r.chartName}-${r.version}`), path.join(chartsDir, r.chartName)]) {
        const chart = readChartYaml(folder);
        if (!chart) {
            continue;
        }
        if (chart.name !== r.chartName || String(chart.version) !== r.version) {
            throw new RenderError(
                `${describeChart(r)}: ${folder} holds chart ${chart.name} ${chart.version} (its Chart.yaml); ` +
                    `the plan needs ${r.chartName} ${r.version} (from source: helm package --version ${r.version} --app-version ${r.version} ${folder} --destination ${chartsDir})`,
            );
        }
        return { path: await withLocalDependencies(helm, folder, workDir), from: folder };
    }
    throw new RenderError(
        `${describeChart(r)} is not in ${chartsDir}: put ${r.chartName}-${r.version}.tgz there ` +
            `(helm ${pullCommand(r, chartsDir).join(" ")}) or a chart folder ${r.chartName}/ of version ${r.version}; ` +
            `or leave out --charts to pull it from ${r.repo ?? r.chart}`,
    );
}

/** Pulls this release's chart into its own folder under `workDir`. */
async function pull(helm: Tool, r: HelmRelease, workDir: string): Promise<LocalChart> {
    const dir = fs.mkdtempSync(path.join(workDir, `pull-${r.chartName}-`));
    let result;
    try {
        result = await runProcess(helm.path, pullCommand(r, dir), { timeoutMs: PULL_TIMEOUT_MS });
    } catch (e) {
        result = { code: 1, stdout: "", stderr: (e as Error).message };
    }
    const archives = result.code === 0 ? fs.readdirSync(dir).filter((f) => f.endsWith(".tgz")) : [];
    if (archives.length !== 1) {
        throw new RenderError(
            `cannot pull ${describeChart(r)}: ${firstLine(result.stderr || result.stdout) || "helm pull wrote no chart"}; ` +
                `where the network allows, run helm ${pullCommand(r, "DIR").join(" ")} and pass --charts DIR`,
        );
    }
    const archive = path.join(dir, archives[0]);
    return { path: archive, from: `helm pull ${r.repo ?? r.chart} ${r.version}` };
}

/** This release's chart on disk: from `chartsDir` when given (never the network), else pulled. */
export function localChart(helm: Tool, r: HelmRelease, workDir: string, chartsDir?: string): Promise<LocalChart> {
    return chartsDir ? fromDirectory(helm, r, chartsDir, workDir) : pull(helm, r, workDir);
}
