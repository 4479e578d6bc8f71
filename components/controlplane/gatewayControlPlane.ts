/**
 * GatewayControlPlane: what upstream installs by hand before the llm-d P/D example, once per
 * cluster: the Gateway API and Inference Extension CRDs, and the istio, kgateway or agentgateway
 * control plane, as llm-d 0.2 or 0.9 pins them; and, for autoscaling, KEDA (`installKeda`).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterResourceOptions, resolveClusterOptions } from "../cluster";
import { GATEWAY_CONTROL_PLANE_TYPE } from "../tokens";
import { GatewayControlPlaneArgs } from "./args";
import { checkControlPlaneVersions } from "./forInstall";
import { controlPlaneOf } from "./releases";
import {
    ControllerPart,
    controllerReleaseArgs,
    controlPlaneNamespaceArgs,
    controlPlaneParts,
    CrdManifestPart,
    crdChartArgs,
    KedaPart,
    kedaNamespaceArgs,
    kedaReleaseArgs,
    crdManifestArgs,
    describePart,
    partVersion,
} from "./parts";
import { GatewayControlPlaneSpec, resolveGatewayControlPlaneSpec } from "./spec";

/**
 * The gateway control plane of one cluster, as upstream installs it: for llm-d 0.2 its
 * `install-gateway-provider-dependencies.sh` and `<provider>.helmfile.yaml`, for llm-d 0.9 the guides'
 * `install-gateway-crds.sh` and provider install commands:
 *
 *     const gateway = new GatewayControlPlane("gateway", { gateway: "istio", llmdVersion: "0.9" }, { clusterClaims: cluster });
 *     new PDStack("llama", { hardware: "h200-ib", llmdVersion: "0.9", hfToken }, { clusterClaims: cluster });
 *
 * With `clusterClaims`, what another component of the program already installs on the cluster at the
 * same version is not installed twice, another version of it is refused, and the PDStacks given the same
 * claims wait for this control plane. CRDs are kept on `pulumi destroy` unless `retainCrdsOnDelete` is false.
 */
export class GatewayControlPlane extends pulumi.ComponentResource {
    /** The type token, which `validateResourceOfType` and the component provider read. */
    public static readonly __pulumiType = GATEWAY_CONTROL_PLANE_TYPE;

    /** Gateway provider whose control plane this is (istio, kgateway, gke, agentgateway or standalone). */
    public readonly gateway: pulumi.Output<string>;
    /** What this component installs, in order, one line each (empty when the cluster gets everything from other components). */
    public readonly installs: pulumi.Output<string[]>;

    constructor(name: string, args: GatewayControlPlaneArgs, opts?: ClusterResourceOptions) {
        const spec = resolveGatewayControlPlaneSpec(args, "GatewayControlPlaneArgs");
        const owner = `GatewayControlPlane "${name}"`;
        const { claims, opts: componentOpts } = resolveClusterOptions(owner, opts);
        checkControlPlaneVersions(owner, spec.gateway, spec.llmdVersion, claims);
        const installedBy = `${owner} (llm-d ${spec.llmdVersion})`;
        const parts = controlPlaneParts(spec, (what) => claims.installed(what) !== undefined);
        super(GATEWAY_CONTROL_PLANE_TYPE, name, controlPlaneSummary(spec, parts.map(describePart)), componentOpts);

        const crdSets: pulumi.Resource[] = [];
        for (const part of parts.filter((p): p is CrdManifestPart => "manifest" in p)) {
            const crds = new k8s.yaml.v2.ConfigFile(`${name}-${kebab(part.what)}`, crdManifestArgs(part.manifest), {
                parent: this,
                // The engine passes retainOnDelete on to the ConfigFile's CRDs (Pulumi CLI 3.158 and later).
                retainOnDelete: spec.retainCrdsOnDelete,
            });
            claims.recordInstalled(part.what, crds, { version: partVersion(part), by: installedBy });
            crdSets.push(crds);
        }
        // The controllers start watching Gateways and InferencePools: both CRD sets must exist first,
        // whichever component of the program installs them.
        const release = controlPlaneOf(spec.llmdVersion);
        const crdsOnCluster = [...crdSets, ...[release.gatewayApiCrds.what, release.inferenceCrds.what].map((w) => claims.installed(w))]
            .filter((r): r is pulumi.Resource => r !== undefined)
            .filter((r, i, all) => all.indexOf(r) === i);
        for (const part of parts.filter((p): p is ControllerPart => "charts" in p)) {
            const namespace = new k8s.core.v1.Namespace(`${name}-${part.charts.namespace}`, controlPlaneNamespaceArgs(part.charts), { parent: this });
            const crdChart = new k8s.helm.v4.Chart(`${name}-${part.charts.crds.releaseName}`, crdChartArgs(part.charts), {
                parent: this,
                // The chart's objects live in the provider's namespace.
                dependsOn: [namespace],
                retainOnDelete: spec.retainCrdsOnDelete,
            });
            const controller = new k8s.helm.v3.Release(`${name}-${part.charts.controller.releaseName}`, controllerReleaseArgs(part), {
                parent: this,
                // Upstream's order (0.2's helmfile `needs`, 0.9's install steps): the controller after its CRD
                // chart, and after the Gateway API and Inference Extension CRDs it watches.
                dependsOn: [namespace, crdChart, ...crdsOnCluster],
            });
            claims.recordInstalled(part.what, controller, { version: partVersion(part), by: installedBy });
        }
        for (const part of parts.filter((p): p is KedaPart => "keda" in p)) {
            const namespace = new k8s.core.v1.Namespace(`${name}-${part.keda.namespace}`, kedaNamespaceArgs(part.keda), { parent: this });
            // KEDA needs nothing of the gateway control plane; its release installs its own CRDs.
            const keda = new k8s.helm.v3.Release(`${name}-keda`, kedaReleaseArgs(part.keda), { parent: this, dependsOn: [namespace] });
            claims.recordInstalled("keda", keda, { version: partVersion(part), by: installedBy });
        }

        this.gateway = pulumi.output(spec.gateway);
        this.installs = pulumi.output(parts.map(describePart));
        this.registerOutputs({ gateway: this.gateway, installs: this.installs });
    }
}

/** `gateway-api-crds` from `gatewayApiCrds`. */
function kebab(s: string): string {
    return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** What the component registers as its inputs: the resolved choices and what it installs, for preview and policies. */
export function controlPlaneSummary(spec: GatewayControlPlaneSpec, installs: string[]): Record<string, unknown> {
    // installKeda only when asked: a control plane without KEDA registers the inputs it did before KEDA existed.
    const { installKeda, ...rest } = spec;
    return { ...rest, ...(installKeda ? { installKeda } : {}), installs };
}
