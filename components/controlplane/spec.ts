/** {@link GatewayControlPlaneArgs} validated, with defaults: the spec a control plane is built from. */
import { z } from "zod";
import { GATEWAY_NAMES, GatewayName } from "../pdstack/gateway";
import { oneOf, parseInput, required } from "../validation";

const flag = z.boolean({ error: "must be true or false" }).optional();

export const gatewayControlPlaneInputSchema = z.strictObject({
    gateway: z.enum(GATEWAY_NAMES, { error: required(oneOf(GATEWAY_NAMES)) }),
    installGatewayApiCrds: flag,
    installInferenceExtensionCrds: flag,
    installControlPlane: flag,
    retainCrdsOnDelete: flag,
});

/** What one control plane installs. Plain data. */
export interface GatewayControlPlaneSpec {
    gateway: GatewayName;
    installGatewayApiCrds: boolean;
    installInferenceExtensionCrds: boolean;
    /** Whether the provider's charts are installed; always false on gke, which has none. */
    installControlPlane: boolean;
    retainCrdsOnDelete: boolean;
}

/** GKE's gateway controller brings the Gateway API CRDs and the control plane; the rest run as upstream installs them. */
function managedByGke(gateway: GatewayName): boolean {
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
