/** The gateway control plane an install needs on its cluster, installed once per cluster when asked. */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterClaims } from "../cluster";
import { checkControlPlaneVersions, controlPlaneDependencies, controlPlaneMissing, GatewayControlPlane } from "../controlplane";
import { PDSpec } from "./spec";

/**
 * Throws an `InputError` when the cluster's claims hold another llm-d release's version of a part of the
 * gateway control plane this install uses (Gateway API CRDs, istio): call before the PDStack registers.
 */
export function checkClusterControlPlane(owner: string, spec: PDSpec, claims: ClusterClaims): void {
    checkControlPlaneVersions(owner, spec.gateway, spec.llmdVersion, claims);
}

/**
 * With `installGatewayControlPlane`, installs the control plane of the install's gateway and llm-d
 * release as a child of `parent`, unless another component of the program already installs it on the
 * cluster. Returns what the install's releases and route must wait for: the cluster's control plane as
 * far as this program installs it (nothing when the cluster already runs one, as upstream requires).
 */
export function clusterControlPlane(name: string, spec: PDSpec, claims: ClusterClaims, parent: pulumi.Resource): pulumi.Resource[] {
    if (spec.installGatewayControlPlane && controlPlaneMissing(spec.gateway, spec.llmdVersion, claims)) {
        new GatewayControlPlane(
            `${name}-gateway-control-plane`,
            { gateway: spec.gateway, llmdVersion: spec.llmdVersion },
            { parent, clusterClaims: claims },
        );
    }
    return controlPlaneDependencies(spec.gateway, spec.llmdVersion, claims);
}
