/** {@link GatewayControlPlaneArgs} validated, with defaults: the spec a control plane is built from. */
import { z } from "zod";
import type { GatewayName } from "../pdstack/gateway";
import { oneOf, parseInput, required } from "../validation";

/** The gateway providers whose control plane this component installs (those of llm-d 0.2's quickstart). */
export const CONTROL_PLANE_GATEWAYS = ["istio", "kgateway", "gke"] as const satisfies readonly GatewayName[];
export type ControlPlaneGateway = (typeof CONTROL_PLANE_GATEWAYS)[number];

const flag = z.boolean({ error: "must be true or false" }).optional();

export const gatewayControlPlaneInputSchema = z.strictObject({
    gateway: z.enum(CONTROL_PLANE_GATEWAYS, { error: required(oneOf(CONTROL_PLANE_GATEWAYS)) }),
    installGatewayApiCrds: flag,
    installInferenceExtensionCrds: flag,
    installControlPlane: flag,
    retainCrdsOnDelete: flag,
});

/** What one control plane installs. Plain data. */
export interface GatewayControlPlaneSpec {
    gateway: ControlPlaneGateway;
    installGatewayApiCrds: boolean;
    installInferenceExtensionCrds: boolean;
    /** Whether the provider's charts are installed; always false on gke, which has none. */
    installControlPlane: boolean;
    retainCrdsOnDelete: boolean;
}

/** GKE's gateway controller brings the Gateway API CRDs and the control plane; the rest run as upstream installs them. */
function managedByGke(gateway: ControlPlaneGateway): boolean {
    return gateway === "gke";
}

function applyDefaults(input: z.output<typeof gatewayControlPlaneInputSchema>): GatewayControlPlaneSpec {
    const gke = managedByGke(input.gateway);
    return {
        gateway: input.gateway,
        installGatewayApiCrds: input.installGatewayApiCrds ?? !gke,
        installInferenceExtensionCrds: input.installInferenceExtensionCrds ?? true,
        installControlPlane: !gke && (input.installControlPlane ?? true),
        retainCrdsOnDelete: input.retainCrdsOnDelete ?? true,
    };
}

function checkGke(input: z.output<typeof gatewayControlPlaneInputSchema>, ctx: z.RefinementCtx): void {
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

export const gatewayControlPlaneSchema = gatewayControlPlaneInputSchema.superRefine(checkGke).transform(applyDefaults);

/**
 * Validates {@link GatewayControlPlaneArgs} and applies the defaults; throws an `InputError` naming each
 * bad key as `prefix` + key before anything is registered.
 */
export function resolveGatewayControlPlaneSpec(input: unknown, prefix: string): GatewayControlPlaneSpec {
    return parseInput(gatewayControlPlaneSchema, input, prefix, "GatewayControlPlane configuration");
}
