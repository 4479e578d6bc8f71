/**
 * The GKE version a created cluster starts at, chosen from what its release channel offers in its
 * location (`gcp.container.getEngineVersions`, GKE's server config). A channel offers a range of
 * versions, from its default to its latest; a cluster enrolled in the channel cannot be created at a
 * version outside it, so a fixed version (or minor alias) that the channel does not offer fails only
 * when `pulumi up` creates the cluster. Here the choice fails at preview instead, naming the versions
 * each channel offers.
 */
import { InputError, inputErrorMessage } from "../validation";

/** The part of `getEngineVersions`' result the choice reads: per release channel, its default and latest version. */
export interface OfferedVersions {
    releaseChannelDefaultVersion: Record<string, string>;
    releaseChannelLatestVersion: Record<string, string>;
}

/** Where the cluster is and what it needs: for the message. */
export interface VersionNeed {
    /** The cluster's key in errors (`GkeClusterArgs`, `llm-d-pd:gkeCluster`). */
    prefix: string;
    cluster: string;
    region: string;
    channel: string;
    /** The lowest GKE version that serves the cluster's llm-d release (`1.34.0-gke.1626000`). */
    minimum: string;
    /** Why that version: what GKE brings from it on. */
    reason: string;
}

/** A GKE version (`1.34.0-gke.1626000`, or `1.34.1`) as numbers: major, minor, patch, GKE build. */
function versionParts(version: string): number[] | undefined {
    const m = /^(\d+)\.(\d+)\.(\d+)(?:-gke\.(\d+))?$/.exec(version.trim());
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0)] : undefined;
}

/** Compares two GKE versions; a version that does not parse sorts below every other. */
export function compareGkeVersions(a: string, b: string): number {
    const [x, y] = [versionParts(a), versionParts(b)];
    if (!x || !y) {
        return (x ? 1 : 0) - (y ? 1 : 0);
    }
    for (let i = 0; i < 4; i++) {
        if (x[i] !== y[i]) {
            return x[i] - y[i];
        }
    }
    return 0;
}

/** What one channel offers, as the message shows it. */
function describeChannel(offered: OfferedVersions, channel: string): string {
    const def = offered.releaseChannelDefaultVersion[channel];
    const latest = offered.releaseChannelLatestVersion[channel];
    if (!def && !latest) {
        return `${channel} offers no version`;
    }
    return def === latest || !latest ? `${channel} offers ${def ?? latest}` : `${channel} offers ${def ?? "?"} (default) to ${latest} (latest)`;
}

/**
 * The version to create the cluster at: the channel's default when it is at least `need.minimum`, else
 * the channel's latest when that is; otherwise an {@link InputError} naming the versions every channel
 * offers and the channels that would do.
 */
export function pickMasterVersion(offered: OfferedVersions, need: VersionNeed): string {
    const candidates = [offered.releaseChannelDefaultVersion[need.channel], offered.releaseChannelLatestVersion[need.channel]];
    const picked = candidates.find((v) => v !== undefined && compareGkeVersions(v, need.minimum) >= 0);
    if (picked) {
        return picked;
    }
    const channels = [...new Set([...Object.keys(offered.releaseChannelDefaultVersion), ...Object.keys(offered.releaseChannelLatestVersion)])].sort();
    const fitting = channels.filter((c) => c !== need.channel && compareGkeVersions(offered.releaseChannelLatestVersion[c] ?? offered.releaseChannelDefaultVersion[c] ?? "", need.minimum) >= 0);
    const fix = fitting.length > 0 ? `set releaseChannel to ${fitting.join(" or ")}` : `no channel offers it in ${need.region} yet: use llmdVersion 0.2, or wait for GKE to offer it`;
    throw new InputError(
        inputErrorMessage(`GkeCluster "${need.cluster}" version`, [
            `${need.prefix}.releaseChannel: the ${need.channel} channel in ${need.region} does not offer GKE ${need.minimum} or later, ` +
                `which ${need.reason}; ${fix}. Offered: ${channels.map((c) => describeChannel(offered, c)).join("; ")}`,
        ]),
    );
}
