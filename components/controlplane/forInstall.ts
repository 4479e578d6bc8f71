/** What an llm-d install (PDStack) needs from its cluster's gateway control plane, and what clashes there. */
import type * as pulumi from "@pulumi/pulumi";
import { ClusterClaims, CLUSTER_WIDE } from "../cluster";
import type { GatewayName } from "../pdstack/gateway";
import type { LlmdRelease } from "../releases/releases";
import { InputError } from "../validation";
import { controlPlaneParts, controlPlanePartsUsedBy, partVersion } from "./parts";
import { resolveGatewayControlPlaneSpec } from "./spec";

/**
 * The resources of the cluster's control plane that the releases and route of an install on this
 * gateway and llm-d release wait for: the CRDs and the provider's controller, as far as components of
 * this program install them (what the cluster had before is there already).
 */
export function controlPlaneDependencies(gateway: GatewayName, llmdVersion: LlmdRelease, claims: ClusterClaims): pulumi.Resource[] {
    return controlPlanePartsUsedBy(gateway, llmdVersion)
        .map((part) => claims.installed(part.what))
        .filter((r): r is pulumi.Resource => r !== undefined)
        .filter((r, i, all) => all.indexOf(r) === i);
}

/** Whether a default control plane for this gateway and llm-d release would install anything the cluster does not get already. */
export function controlPlaneMissing(gateway: GatewayName, llmdVersion: LlmdRelease, claims: ClusterClaims): boolean {
    const spec = resolveGatewayControlPlaneSpec({ gateway, llmdVersion }, "GatewayControlPlaneArgs");
    return controlPlaneParts(spec, (what) => claims.installed(what) !== undefined).length > 0;
}

/**
 * One line for each part an install on this gateway and llm-d release uses that another component of
 * the program installs on the cluster at another version. A cluster holds one version of a CRD or a
 * controller (and Gateway API v1.5's admission policy refuses older Gateway API CRDs), so llm-d 0.2's
 * and 0.9's control planes clash on the Gateway API CRDs and on istio; their Inference Extension CRDs
 * are different objects and do not. Parts of the same version are shared.
 */
export function controlPlaneVersionConflicts(gateway: GatewayName, llmdVersion: LlmdRelease, claims: ClusterClaims): string[] {
    const conflicts: string[] = [];
    for (const part of controlPlanePartsUsedBy(gateway, llmdVersion)) {
        const installed = claims.installedVersion(part.what);
        const wanted = partVersion(part);
        if (installed && installed.version !== wanted) {
            conflicts.push(
                `needs ${CLUSTER_WIDE[part.what]} ${wanted}, but ${installed.by} installs ${CLUSTER_WIDE[part.what]} ${installed.version} on cluster "${claims.name}"`,
            );
        }
    }
    return conflicts;
}

/**
 * Throws an {@link InputError} when an install (`owner`, e.g. `PDStack "llama"`) cannot share its
 * cluster's gateway control plane with the other components of the program; call it before the
 * component registers anything.
 */
export function checkControlPlaneVersions(owner: string, gateway: GatewayName, llmdVersion: LlmdRelease, claims: ClusterClaims): void {
    const conflicts = controlPlaneVersionConflicts(gateway, llmdVersion, claims);
    if (conflicts.length === 0) {
        return;
    }
    throw new InputError(
        `${owner} (llm-d ${llmdVersion}, gateway ${gateway}) ${conflicts.join("; and ")}: a cluster holds one version of each, so ` +
            `installs of llm-d 0.2 and 0.9 cannot share a gateway control plane. Put them on separate clusters (separate ClusterClaims and providers), ` +
            `or give every install on this cluster the same llmdVersion.`,
    );
}
