/**
 * Decode's disaggregation (routing) sidecar in a pod spec: the init container in front of decode's
 * vLLM that has prefill compute the KV cache and pulls it over NIXL. The rule is the same on every
 * release; what differs (the container's name, its flags and their defaults) is each release's
 * {@link SidecarConvention}, given by its profile (`ReleaseProfile.checks.sidecar`).
 */
import { ROUTING_SIDECAR_CONNECTOR } from "../releases/vllm";
import { isPlainObject } from "../validation";
import type { ModelServerRole } from "./modelServerView";
import { argsOf, argValue } from "./vllmContainers";

type Obj = Record<string, any>;

/** vLLM's default `--port`. */
export const VLLM_DEFAULT_PORT = "8000";

/** How one release runs decode's sidecar: what the pack looks for in a decode pod. */
export interface SidecarConvention {
    /** The init container's name. */
    name: string;
    /** The image PDStack runs, for the fix of a missing sidecar. */
    image: string;
    /** The flags naming its KV connector (the first is the one a fix names). */
    connectorFlags: string[];
    /** The connector it uses when no flag names one; undefined when the pack cannot assume one. */
    defaultConnector?: string;
    /** The connectors that fetch KV cache from vLLM's NixlConnector. */
    nixlConnectors: string[];
    /** The flags naming the port decode's vLLM listens on (the first is the one a fix names). */
    modelServerPortFlags: string[];
    /** The port it forwards to when no flag names one. */
    defaultModelServerPort: string;
    /** Who runs it, for the fix of a missing sidecar: `PDStack does on llmdVersion "0.9"`. */
    setBy: string;
}

/** The decode pod's sidecar, and the convention it follows: an init container naming one's connector flag, else one named as one's sidecar. */
function findSidecar(podSpec: Obj, conventions: readonly SidecarConvention[]): { sidecar: Obj; convention: SidecarConvention } | undefined {
    const init: Obj[] = Array.isArray(podSpec.initContainers) ? podSpec.initContainers.filter(isPlainObject) : [];
    const byFlag = (convention: SidecarConvention) => init.find((c) => argValue(argsOf(c), convention.connectorFlags) !== undefined);
    const byName = (convention: SidecarConvention) => init.find((c) => c.name === convention.name);
    for (const find of [byFlag, byName]) {
        for (const convention of conventions) {
            const sidecar = find(convention);
            if (sidecar) {
                return { sidecar, convention };
            }
        }
    }
    return undefined;
}

/** Everything wrong with decode's sidecar in the decode role's pod spec; none when the role has no pod spec. */
export function sidecarProblems(decode: ModelServerRole, conventions: readonly SidecarConvention[]): string[] {
    if (!decode.podSpec || conventions.length === 0) {
        return [];
    }
    const found = findSidecar(decode.podSpec, conventions);
    if (!found) {
        const c = conventions[0];
        return [
            `${decode.where}: no disaggregation sidecar (an init container "${c.name}", or one with ${c.connectorFlags[0]}): without it decode never asks ` +
                `prefill for the KV cache and serves every request alone; run ${c.image} in front of vLLM as a native sidecar (${c.setBy})`,
        ];
    }
    const { sidecar, convention: c } = found;
    const args = argsOf(sidecar);
    const messages: string[] = [];
    const at = `${decode.where}, sidecar "${sidecar.name ?? "?"}"`;
    if (sidecar.restartPolicy !== "Always") {
        messages.push(
            `${at}: an init container without restartPolicy: Always must exit before vLLM starts, and the sidecar never exits: ` +
                `the pod never serves; set restartPolicy: Always (a native sidecar, Kubernetes 1.29 and later)`,
        );
    }
    const connector = argValue(args, c.connectorFlags) ?? c.defaultConnector;
    if (!c.nixlConnectors.includes(connector ?? "")) {
        messages.push(
            `${at}: ${c.connectorFlags[0]} is ${connector === undefined ? "not set" : JSON.stringify(connector)}: with vLLM's NixlConnector the sidecar must ` +
                `fetch the KV cache with ${c.nixlConnectors.map((n) => `"${n}"`).join(" or ")} (PDStack passes ${ROUTING_SIDECAR_CONNECTOR})`,
        );
    }
    const forwardsTo = argValue(args, c.modelServerPortFlags) ?? c.defaultModelServerPort;
    const vllm = decode.containers[0];
    const listensOn = vllm ? (argValue(argsOf(vllm.spec), ["--port"]) ?? VLLM_DEFAULT_PORT) : undefined;
    if (listensOn !== undefined && forwardsTo !== listensOn) {
        messages.push(
            `${at}: forwards to port ${forwardsTo} but decode's vLLM listens on ${listensOn}: every request fails; ` +
                `give the sidecar ${c.modelServerPortFlags[0]}=${listensOn} or vLLM --port=${forwardsTo}`,
        );
    }
    return messages;
}
