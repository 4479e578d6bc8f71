/**
 * What the policy pack reads of a release's resources: each profile says how its own objects are
 * recognised, so that the pack's rules apply to every release through the table of profiles.
 */
import type { ChartRef } from "./pins";

export interface ReleaseChecks {
    /** The Helm charts the release installs, by their role in the install. */
    charts: Readonly<Record<string, ChartRef>>;
}
