/**
 * The table of release profiles: one row per llm-d release PDStack deploys, each from its own folder.
 * Everything that differs between releases is asked of this table, once, by the spec, the component,
 * its outputs and access commands, the control plane and the policy pack. A new release is a new folder
 * and one row here; the compiler names every place a row is missing (`Record<LlmdRelease, ...>`).
 */
import { z } from "zod";
import type { GatewayName } from "../pdstack/gateway";
import { oneOf } from "../validation";
import { LLMD02_PROFILE } from "./llmd02";
import { LLMD09_PROFILE } from "./llmd09";
import type { ReleaseProfile } from "./profile";
import { DEFAULT_LLMD_RELEASE, LLMD_RELEASES, LlmdRelease, NOT_A_RELEASE } from "./releases";

export { DEFAULT_LLMD_RELEASE, LLMD_RELEASES, LlmdRelease, NOT_A_RELEASE } from "./releases";
export { ChartRef, FloatingRef, Pin, UpstreamSource } from "./pins";
export { FeatureSupport, GatewaySupport, RELEASE_OUTPUT_NAMES, ReleaseContext, ReleaseEndpoint, ReleaseOutputName, ReleaseOutputs, ReleaseProfile, SpecProblem } from "./profile";
export { ReleaseChecks } from "./checks";

export const RELEASE_PROFILES: Record<LlmdRelease, ReleaseProfile> = {
    "0.2": LLMD02_PROFILE,
    "0.9": LLMD09_PROFILE,
};

/** Why `llmdVersion` was refused: not a profile (with what to write instead), or not a quoted string. */
function llmdReleaseMessage(input: unknown): string {
    if (typeof input === "string" && Object.prototype.hasOwnProperty.call(NOT_A_RELEASE, input)) {
        return NOT_A_RELEASE[input];
    }
    // Pulumi passes a YAML number as its shortest text: an unquoted 0.10 arrives as "0.1" and 1.0 as "1"
    // (the program cannot see the quotes), so a text that a version lost its trailing zero to gets the hint.
    const names = [...LLMD_RELEASES, ...Object.keys(NOT_A_RELEASE)];
    const lost = typeof input === "string" ? names.find((n) => n !== input && (n === `${input}0` || n === `${input}.0`)) : undefined;
    if (typeof input === "number" || lost !== undefined) {
        const example = lost ?? "0.10";
        return `${oneOf(LLMD_RELEASES)}, written as a quoted string: an unquoted version is a number to YAML (${example} reads as ${Number(example)}); quote it: llmdVersion: "0.9"`;
    }
    return oneOf(LLMD_RELEASES);
}

/** `llmdVersion`, as PDStack, GatewayControlPlane and GkeCluster take it. */
export const llmdReleaseSchema = z.enum(LLMD_RELEASES, { error: (issue) => llmdReleaseMessage(issue.input) });

/** The profile of a release, the default one when none is given. */
export function releaseProfile(release: LlmdRelease = DEFAULT_LLMD_RELEASE): ReleaseProfile {
    return RELEASE_PROFILES[release];
}

/** Why a gateway provider does not work with a release, as one message; undefined when it does. */
export function gatewayProblem(release: LlmdRelease, gateway: GatewayName): string | undefined {
    const support = RELEASE_PROFILES[release].gateways[gateway];
    return support.supported ? undefined : `gateway "${gateway}" does not work with llmdVersion "${release}": ${support.why}`;
}

/** The gateways that work with a release. */
export function gatewaysOf(release: LlmdRelease): GatewayName[] {
    return (Object.keys(RELEASE_PROFILES[release].gateways) as GatewayName[]).filter((g) => RELEASE_PROFILES[release].gateways[g].supported);
}
