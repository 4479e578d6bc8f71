/**
 * What a release profile is: everything about an install that differs between llm-d releases, behind
 * one interface. The spec, the component, its outputs and access commands, the control plane and the
 * policy pack ask the table of profiles (./index.ts) once and use what the row says; nothing else
 * branches on the release.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterClaims } from "../cluster";
import type { ControlPlaneRelease } from "../controlplane/releases";
import type { GatewayName } from "../pdstack/gateway";
import type { HardwareName } from "../pdstack/hardware";
import type { DerivedName } from "../pdstack/names";
import type { PDSpec } from "../pdstack/spec";
import type { ReleaseChecks } from "./checks";
import type { LlmdRelease } from "./releases";
import type { Pin } from "./pins";

/** The outputs of a PDStack that only some releases set: the Helm releases each one installs. */
export const RELEASE_OUTPUT_NAMES = ["infraReleaseName", "gaieReleaseName", "msReleaseName", "routerReleaseName"] as const;
export type ReleaseOutputName = (typeof RELEASE_OUTPUT_NAMES)[number];
/** What a profile's resources give the component's release outputs; an output the profile does not set is absent. */
export type ReleaseOutputs = Partial<Record<ReleaseOutputName, pulumi.Output<string>>>;

/** Whether a gateway provider works with a release, and if not why (with what to use instead). */
export type GatewaySupport = { supported: true } | { supported: false; why: string };
/** Whether a feature (autoscaling) works with a release, and if not why (with what to use instead). */
export type FeatureSupport = GatewaySupport;

/** A spec problem only a release knows of, reported on a key. */
export interface SpecProblem {
    path: (string | number)[];
    message: string;
}

/** Where the component registers a release's resources, and what they wait for. */
export interface ReleaseContext {
    /** The PDStack component: every resource is its child (and gets its provider and options). */
    parent: pulumi.Resource;
    namespace: pulumi.Input<string>;
    /** The Namespace resource, when PDStack creates it: everything in the namespace waits for it. */
    inNamespace: pulumi.Resource[];
    /** What the vLLM pods wait for: the model cache's Job (or else the token Secret), and on xpu the GPU plugin. */
    modelServerDependencies: pulumi.Resource[];
    /** The cluster's gateway control plane parts this program installs (CRDs, controllers); empty when the cluster has them. */
    controlPlane: pulumi.Resource[];
    /** KEDA, when this program installs it (`autoscaling.installKeda`); empty when the cluster has it. */
    keda: pulumi.Resource[];
    /** What the components of one cluster share (the Grafana dashboard is installed once). */
    claims: ClusterClaims;
    /** How long the gateway and router releases may take to become ready, in seconds. */
    controlReleaseTimeoutSeconds: number;
}

/** How clients reach an install's gateway, by the release's names. */
export interface ReleaseEndpoint {
    /** The Gateway PDStack or a chart creates; absent when there is none (standalone router). */
    gateway?: string;
    /** The Service clients port-forward to: the Gateway's, or the router's own. */
    gatewayService: string;
}

export interface ReleaseProfile {
    release: LlmdRelease;
    /** `llm-d v0.9 (August 2026)`: how docs and messages name the release. */
    title: string;
    /** One sentence: what the profile deploys. */
    summary: string;
    /** Every chart, image and manifest the profile pins, with the upstream file each was read from. */
    pins: readonly Pin[];
    /** The vLLM image of each hardware when the stack names none. */
    defaultVllmImage: Record<HardwareName, string>;
    /** Which gateway providers the release works with. */
    gateways: Record<GatewayName, GatewaySupport>;
    /** Whether PDStack can scale the release's prefill and decode with KEDA (`autoscaling`). */
    autoscaling: FeatureSupport;
    /** The gateway control plane the release needs on its cluster (CRDs, controllers). */
    controlPlane: ControlPlaneRelease;
    /** The outputs among {@link RELEASE_OUTPUT_NAMES} that the profile sets. */
    outputs: readonly ReleaseOutputName[];
    /** Every name an install derives from its namespace, release postfix and gateway, with its limit. */
    nameBudget(namespace: string, postfix: string, gateway: GatewayName): DerivedName[];
    /** Problems of a spec that only this release has (beyond names and gateways); none when it fits. */
    specProblems(spec: PDSpec): SpecProblem[];
    /** How clients reach the install's gateway. */
    endpoint(spec: PDSpec): ReleaseEndpoint;
    /** Registers the release's resources of an install, as children of `ctx.parent`; returns its release outputs. */
    register(name: string, spec: PDSpec, ctx: ReleaseContext): ReleaseOutputs;
    /** What the policy pack reads of the release's resources. */
    checks: ReleaseChecks;
}
