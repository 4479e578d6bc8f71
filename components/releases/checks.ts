/**
 * What the policy pack reads of a release's resources: each profile says how its own objects are
 * recognised and read, so that the pack's rules apply to every release through the table of profiles
 * (one implementation of each rule, in components/policies/, over the release-neutral view of
 * components/policies/modelServerView.ts).
 */
import type { SidecarConvention } from "../policies/disaggSidecar";
import type { ModelServerInstall, ViewResource } from "../policies/modelServerView";
import type { ReleaseProps } from "../policies/nameRules";
import type { ChartRef } from "./pins";

/** The names a release derives by its own rule, checked where they are made. */
export interface ReleaseNameChecks {
    /**
     * Problems with the names a Helm release of this release makes (its own name included); undefined
     * when the release is none of this profile's charts, or not named by its rule (the generic rules apply).
     * `where` names the release in messages.
     */
    release(where: string, type: string, props: ReleaseProps): string[] | undefined;
    /**
     * Problems with the names an object this profile registers makes beyond its own (pod hostnames, a
     * Gateway's Service) when it is named by the profile's rule; undefined otherwise (the generic rules apply).
     */
    object(where: string, type: string, props: Record<string, any>): string[] | undefined;
}

export interface ReleaseChecks {
    /** The Helm charts the release installs, by their role in the install. */
    charts: Readonly<Record<string, ChartRef>>;
    /** Whether a resource is one of the release's model servers as it registers them (a modelservice release, a role's Deployment). */
    isModelServer(type: string, props: Record<string, any>): boolean;
    /** The release's model-server installs among a stack's resources, read into the release-neutral view. */
    modelServers(resources: readonly ViewResource[]): ModelServerInstall[];
    /** How the release's decode pods run the disaggregation sidecar (for its Deployments, registered or rendered from its charts). */
    sidecar: SidecarConvention;
    names: ReleaseNameChecks;
}
