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

/** What an install waits for on its cluster: the gateway control plane, and KEDA, as far as this program installs them. */
export interface ClusterDependencies {
    controlPlane: pulumi.Resource[];
    keda: pulumi.Resource[];
}

/**
 * With `installGatewayControlPlane`, installs the control plane of the install's gateway and llm-d
 * release as a child of `parent`, and with `autoscaling.installKeda` KEDA, unless another component of the
 * program already installs them on the cluster (one GatewayControlPlane for both). Returns what the
 * install's releases and route must wait for (nothing when the cluster already runs it, as upstream
 * requires), and what its ScaledObjects wait for.
 */
export function clusterControlPlane(name: string, spec: PDSpec, claims: ClusterClaims, parent: pulumi.Resource): ClusterDependencies {
    const gateway = spec.installGatewayControlPlane && controlPlaneMissing(spec.gateway, spec.llmdVersion, claims);
    const keda = spec.autoscaling?.installKeda === true && claims.installed("keda") === undefined;
    if (gateway || keda) {
        new GatewayControlPlane(
            `${name}-gateway-control-plane`,
            {
                gateway: spec.gateway,
                llmdVersion: spec.llmdVersion,
                ...(gateway ? {} : { installGatewayApiCrds: false, installInferenceExtensionCrds: false, installControlPlane: false }),
                ...(keda ? { installKeda: true } : {}),
            },
            { parent, clusterClaims: claims },
        );
    }
    const installedKeda = spec.autoscaling ? claims.installed("keda") : undefined;
    return { controlPlane: controlPlaneDependencies(spec.gateway, spec.llmdVersion, claims), keda: installedKeda ? [installedKeda] : [] };
}
