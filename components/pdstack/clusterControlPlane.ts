/** The gateway control plane an install needs on its cluster, installed once per cluster when asked. */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterClaims } from "../cluster";
import { controlPlaneDependencies, controlPlaneMissing, GatewayControlPlane } from "../controlplane";
import { PDSpec } from "./spec";

/**
 * With `installGatewayControlPlane`, installs the control plane of the install's gateway as a child
 * of `parent`, unless another component of the program already installs it on the cluster. Returns
 * what the install's releases and route must wait for: the cluster's control plane as far as this
 * program installs it (nothing when the cluster already runs one, as upstream requires).
 */
export function clusterControlPlane(name: string, spec: PDSpec, claims: ClusterClaims, parent: pulumi.Resource): pulumi.Resource[] {
    if (spec.installGatewayControlPlane && controlPlaneMissing(spec.gateway, claims)) {
        new GatewayControlPlane(`${name}-gateway-control-plane`, { gateway: spec.gateway }, { parent, clusterClaims: claims });
    }
    return controlPlaneDependencies(spec.gateway, claims);
}
