/**
 * The model servers of a stack, asked of the table of release profiles once: every profile reads its
 * own resources into the release-neutral view (./modelServerView.ts), and the pack's rules take the
 * installs of every release alike.
 */
import { LLMD_RELEASES, LlmdRelease, RELEASE_PROFILES } from "../releases";
import type { SidecarConvention } from "./disaggSidecar";
import { chartBaseName } from "./kubernetesResources";
import type { ModelServerInstall, ViewResource } from "./modelServerView";

/** Every model-server install among the resources, of every release, in the table's order. */
export function modelServerInstalls(resources: readonly ViewResource[]): ModelServerInstall[] {
    return LLMD_RELEASES.flatMap((release) => RELEASE_PROFILES[release].checks.modelServers(resources));
}

/** Whether a resource is a model server of some release (an llm-d-modelservice release, a 0.9 role's Deployment). */
export function isModelServerResource(type: string, props: Record<string, any>): boolean {
    return LLMD_RELEASES.some((release) => RELEASE_PROFILES[release].checks.isModelServer(type, props));
}

/** The release whose profile installs a chart (by its chart name), if any. */
export function releaseOfChart(chart: unknown): LlmdRelease | undefined {
    const base = chartBaseName(chart);
    return LLMD_RELEASES.find((release) => Object.values(RELEASE_PROFILES[release].checks.charts).some((ref) => chartBaseName(ref.chart) === base));
}

/** The decode sidecar conventions pods of this release may follow: its own, or every release's when none is known. */
export function sidecarConventions(release: LlmdRelease | undefined): SidecarConvention[] {
    return release ? [RELEASE_PROFILES[release].checks.sidecar] : LLMD_RELEASES.map((r) => RELEASE_PROFILES[r].checks.sidecar);
}
