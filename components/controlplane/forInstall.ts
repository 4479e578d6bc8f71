/** What an llm-d install (PDStack) needs from its cluster's gateway control plane. */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterClaims, ClusterWide } from "../cluster";
import type { GatewayName } from "../pdstack/gateway";
import { controlPlaneChartsOf, controlPlaneParts } from "./parts";
import { resolveGatewayControlPlaneSpec } from "./spec";

/** The parts of the cluster an install on this gateway uses: both CRD sets and its provider's controller. */
function partsUsedBy(gateway: GatewayName): ClusterWide[] {
    const controller = controlPlaneChartsOf(gateway);
    return ["gatewayApiCrds", "inferenceExtensionCrds", ...(controller ? [controller.what] : [])];
}

/**
 * The resources of the cluster's control plane that the releases and route of an install on this
 * gateway wait for: the CRDs and the provider's controller, as far as components of this program
 * install them (what the cluster had before is there already).
 */
export function controlPlaneDependencies(gateway: GatewayName, claims: ClusterClaims): pulumi.Resource[] {
    return partsUsedBy(gateway)
        .map((what) => claims.installed(what))
        .filter((r): r is pulumi.Resource => r !== undefined)
        .filter((r, i, all) => all.indexOf(r) === i);
}

/** Whether a default control plane for this gateway would install anything the cluster does not get already. */
export function controlPlaneMissing(gateway: GatewayName, claims: ClusterClaims): boolean {
    const spec = resolveGatewayControlPlaneSpec({ gateway }, "GatewayControlPlaneArgs");
    return controlPlaneParts(spec, (what) => claims.installed(what) !== undefined).length > 0;
}
