/** {@link GatewayControlPlaneArgs} validated, with defaults: the spec a control plane is built from. */
import { z } from "zod";
import { GATEWAY_NAMES, GatewayName } from "../pdstack/gateway";
import { gatewayProblem, llmdReleaseSchema } from "../releases";
import { DEFAULT_LLMD_RELEASE, LlmdRelease } from "../releases/releases";
import { oneOf, parseInput, required } from "../validation";
import { controlPlaneOf } from "./releases";

/** The gateway providers this component knows: every gateway of PDStack (each with the llm-d versions it works with). */
export const CONTROL_PLANE_GATEWAYS = GATEWAY_NAMES;
export type ControlPlaneGateway = GatewayName;

const flag = z.boolean({ error: "must be true or false" }).optional();

export const gatewayControlPlaneInputSchema = z.strictObject({
    gateway: z.enum(CONTROL_PLANE_GATEWAYS, { error: required(oneOf(CONTROL_PLANE_GATEWAYS)) }),
    llmdVersion: llmdReleaseSchema.optional(),
    installGatewayApiCrds: flag,
    installInferenceExtensionCrds: flag,
    installControlPlane: flag,
    installKeda: flag,
    retainCrdsOnDelete: flag,
});

type Input = z.output<typeof gatewayControlPlaneInputSchema>;

/** What one control plane installs. Plain data. */
export interface GatewayControlPlaneSpec {
    gateway: ControlPlaneGateway;
    /** The llm-d release whose control plane this is (which CRD versions and controllers). */
    llmdVersion: LlmdRelease;
    installGatewayApiCrds: boolean;
    installInferenceExtensionCrds: boolean;
    /** Whether the provider's charts are installed; always false on gke and standalone, which have none. */
    installControlPlane: boolean;
    /** Whether KEDA is installed (the release's pinned chart). */
    installKeda: boolean;
    retainCrdsOnDelete: boolean;
}

/** GKE's gateway controller brings the Gateway API CRDs and the control plane; the rest run as upstream installs them. */
function managedByGke(gateway: ControlPlaneGateway): boolean {
    return gateway === "gke";
}

/**
 * Whether GKE brings the release's Inference Extension CRDs: on llm-d 0.9 the InferencePool v1 CRD,
 * which GKE installs from 1.34.0-gke.1626000 on (a created GkeCluster is at least that). llm-d 0.2's
 * x-k8s CRDs are never GKE's.
 */
export function inferenceCrdsFromGke(gateway: ControlPlaneGateway, llmdVersion: LlmdRelease): boolean {
    return managedByGke(gateway) && controlPlaneOf(llmdVersion).inferenceCrds.fromGke !== undefined;
}

function applyDefaults(input: Input): GatewayControlPlaneSpec {
    const llmdVersion = input.llmdVersion ?? DEFAULT_LLMD_RELEASE;
    const usesGatewayApi = input.gateway !== "standalone";
    const hasController = controlPlaneOf(llmdVersion).controllers[input.gateway] !== undefined;
    return {
        gateway: input.gateway,
        llmdVersion,
        installGatewayApiCrds: input.installGatewayApiCrds ?? (usesGatewayApi && !managedByGke(input.gateway)),
        installInferenceExtensionCrds: input.installInferenceExtensionCrds ?? !inferenceCrdsFromGke(input.gateway, llmdVersion),
        installControlPlane: hasController && (input.installControlPlane ?? true),
        installKeda: input.installKeda ?? false,
        retainCrdsOnDelete: input.retainCrdsOnDelete ?? true,
    };
}

function checkGateway(input: Input, ctx: z.RefinementCtx): void {
    const llmdVersion = input.llmdVersion ?? DEFAULT_LLMD_RELEASE;
    const unavailable = gatewayProblem(llmdVersion, input.gateway);
    if (unavailable) {
        ctx.addIssue({ code: "custom", path: ["gateway"], message: unavailable });
        return;
    }
    if (input.installKeda === true && !controlPlaneOf(llmdVersion).keda) {
        ctx.addIssue({
            code: "custom",
            path: ["installKeda"],
            message: `llmdVersion "${llmdVersion}" does not autoscale, so PDStack pins no KEDA for it; leave it unset or false, or use llmdVersion "0.9"`,
        });
    }
    if (input.gateway === "standalone" && input.installControlPlane === true) {
        ctx.addIssue({
            code: "custom",
            path: ["installControlPlane"],
            message: "gateway standalone has no control plane to install (Envoy runs in the EPP pod); leave it unset or false",
        });
    }
    if (!managedByGke(input.gateway)) {
        return;
    }
    if (input.installGatewayApiCrds === true) {
        ctx.addIssue({
            code: "custom",
            path: ["installGatewayApiCrds"],
            message: "on gateway gke, GKE's gateway controller installs and manages the Gateway API CRDs; leave it unset or false",
        });
    }
    if (input.installControlPlane === true) {
        ctx.addIssue({
            code: "custom",
            path: ["installControlPlane"],
            message: "gateway gke has no control plane to install (GKE's gateway controller runs it); leave it unset or false",
        });
    }
}

export const gatewayControlPlaneSchema = gatewayControlPlaneInputSchema.superRefine(checkGateway).transform(applyDefaults);

/**
 * Validates {@link GatewayControlPlaneArgs} and applies the defaults; throws an `InputError` naming each
 * bad key as `prefix` + key before anything is registered.
 */
export function resolveGatewayControlPlaneSpec(input: unknown, prefix: string): GatewayControlPlaneSpec {
    return parseInput(gatewayControlPlaneSchema, input, prefix, "GatewayControlPlane configuration");
}

