/**
 * The llm-d 0.9 install variants the builder tests walk (test/components/releases/llmd09/variants.test.ts)
 * and the e2e suite sends to its API server (test/e2e/schemas.e2e.ts): every hardware, each gateway 0.9
 * serves on it, and inputs beyond the defaults that change what the builders write.
 */
import { GATEWAYS, GatewayName } from "../../components/pdstack/gateway";
import { HardwareName } from "../../components/pdstack/hardware";
import { ROUTER_MODES } from "../../components/releases/llmd09";

type Obj = Record<string, any>;

export const HARDWARE: HardwareName[] = ["h200-ib", "gke", "xpu"];
export const ROLES = ["prefill", "decode"] as const;

/** Inputs beyond the defaults that change what the builders write: another namespace and postfix, a model on a claim, the model cache, benchmarking. */
export const VARIANTS: Record<string, Obj> = {
    defaults: {},
    "namespace, postfix, model on a claim": { namespace: "team-a", releasePostfix: "llama", model: { uri: "pvc://models/llama/8b", name: "meta-llama/Llama-3.1-8B" } },
    "model cache, benchmarking": { modelCache: { enabled: true, storageClassName: "filestore-rwx" }, benchmarking: true },
};

/** The gateways 0.9 serves on `hardware` (gke only on gke hardware). */
export function gatewaysOn(hardware: HardwareName): GatewayName[] {
    return (Object.keys(ROUTER_MODES) as GatewayName[]).filter((g) => !("unavailable" in ROUTER_MODES[g]) && (GATEWAYS[g].requiresHardware ?? hardware) === hardware);
}
