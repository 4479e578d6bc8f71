/**
 * `pd-model-server-wiring`: the llm-d 0.9 prefill and decode Deployments of an install can hand KV
 * cache to each other. Both roles exist with at least one pod; every vLLM container uses vLLM's NIXL
 * connector and advertises its pod IP as the NIXL side channel (the rules of `pd-nixl-wiring`); both
 * roles serve the same model from the same image and prefill is not wider than decode; decode runs
 * the disaggregation sidecar as a native sidecar (an init container with `restartPolicy: Always`),
 * with a NIXL connector, forwarding to the port its vLLM listens on.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { isPlainObject } from "../validation";
import { CONFIG_PREFIX } from "../tokens";
import { describeDeployment, ModelServerInstall, modelServerInstalls, podSpecOf, vllmContainerOf } from "./modelServerDeployments";
import { connectorProblem, sideChannelProblem, SIDECAR_NIXL_CONNECTORS } from "./nixlWiring";
import { argValue, containerLabel, Role, ROLES, roleValues, SERVED_MODEL_NAME_FLAG, tensorParallelSize, VllmContainer } from "./vllmContainers";

export const MODEL_SERVER_WIRING = "pd-model-server-wiring";

/** The sidecar flag naming its KV connector, and the flags naming the port it forwards to (the second is the deprecated alias). */
const KV_CONNECTOR_FLAG = "--kv-connector";
const MODEL_SERVER_PORT_FLAGS = ["--model-server-port", "--vllm-port"];
/** The sidecar's default model-server port (llm-d-router v0.10.0, pkg/sidecar/proxy/options.go). */
const SIDECAR_DEFAULT_MODEL_SERVER_PORT = "8200";
/** vLLM's default `--port`. */
const VLLM_DEFAULT_PORT = "8000";

type Obj = Record<string, any>;

function stringArgs(c: Obj): string[] {
    return Array.isArray(c.args) ? c.args.filter((a: unknown): a is string => typeof a === "string") : [];
}

/** The model a vLLM container serves: `--served-model-name`, else its positional model argument. */
export function servedModel(c: Obj): string | undefined {
    const args = stringArgs(c);
    const flag = argValue(args, [SERVED_MODEL_NAME_FLAG]);
    if (flag !== undefined) {
        return flag;
    }
    const command: string[] = Array.isArray(c.command) ? c.command : [];
    // `vllm serve <model>`: the model follows `serve`, in the command or as the first argument.
    const all = [...command, ...args];
    const serve = all.indexOf("serve");
    const candidate = serve >= 0 ? all[serve + 1] : args[0];
    return candidate !== undefined && !candidate.startsWith("-") ? candidate : undefined;
}

/** The decode pod's disaggregation sidecar: the init container that names a KV connector. */
function sidecarOf(podSpec: Obj): Obj | undefined {
    const init: Obj[] = Array.isArray(podSpec.initContainers) ? podSpec.initContainers.filter(isPlainObject) : [];
    return init.find((c) => argValue(stringArgs(c), [KV_CONNECTOR_FLAG]) !== undefined);
}

function sidecarProblems(decode: { props: Obj; type: string; name: string }, vllm: Obj | undefined): string[] {
    const where = describeDeployment(decode);
    const sidecar = sidecarOf(podSpecOf(decode));
    if (!sidecar) {
        return [
            `${where}: no disaggregation sidecar (an init container with ${KV_CONNECTOR_FLAG}): without it decode never asks prefill for the KV ` +
                `cache and serves every request alone; run ghcr.io/llm-d/llm-d-router-disagg-sidecar in front of vLLM (PDStack does on llmdVersion 0.9)`,
        ];
    }
    const messages: string[] = [];
    const at = `${where}, sidecar "${sidecar.name ?? "?"}"`;
    if (sidecar.restartPolicy !== "Always") {
        messages.push(
            `${at}: an init container without restartPolicy: Always must exit before vLLM starts, and the sidecar never exits: ` +
                `the pod never serves; set restartPolicy: Always (a native sidecar, Kubernetes 1.29 and later)`,
        );
    }
    const connector = argValue(stringArgs(sidecar), [KV_CONNECTOR_FLAG]);
    if (!SIDECAR_NIXL_CONNECTORS.includes(connector ?? "")) {
        messages.push(
            `${at}: ${KV_CONNECTOR_FLAG} is ${JSON.stringify(connector)}: with vLLM's NixlConnector the sidecar must fetch the KV cache with ` +
                `${SIDECAR_NIXL_CONNECTORS.map((c) => `"${c}"`).join(" or ")} (PDStack passes nixlv2)`,
        );
    }
    const forwardsTo = argValue(stringArgs(sidecar), MODEL_SERVER_PORT_FLAGS) ?? SIDECAR_DEFAULT_MODEL_SERVER_PORT;
    const listensOn = vllm ? (argValue(stringArgs(vllm), ["--port"]) ?? VLLM_DEFAULT_PORT) : undefined;
    if (listensOn !== undefined && forwardsTo !== listensOn) {
        messages.push(
            `${at}: forwards to port ${forwardsTo} but decode's vLLM listens on ${listensOn}: every request fails; ` +
                `give the sidecar --model-server-port=${listensOn} or vLLM --port=${forwardsTo}`,
        );
    }
    return messages;
}

/** Everything that keeps one install's prefill and decode Deployments from working together. */
export function modelServerWiringProblems<R extends { type: string; name: string; props: Obj }>(install: ModelServerInstall<R>): string[] {
    const messages: string[] = [];
    const containers: Partial<Record<Role, VllmContainer>> = {};
    for (const role of ROLES) {
        const d = install.deployments[role];
        const r = roleValues(install.values, role);
        if (!d) {
            messages.push(
                `${install.where}: no ${role} Deployment (pods with llm-d.ai/role=${role}): P/D needs both prefill and decode pods (PDStack always creates both)`,
            );
            continue;
        }
        if (!(r.replicas >= 1)) {
            messages.push(`${describeDeployment(d)}: ${r.replicas} replicas: P/D needs at least one ${role} pod; set ${CONFIG_PREFIX}${role} replicas to at least 1`);
        }
        const c = r.containers[0];
        if (!c) {
            messages.push(`${describeDeployment(d)}: no vLLM container: nothing would serve ${role}`);
            continue;
        }
        containers[role] = c;
        const at = `${describeDeployment(d)}, ${containerLabel(c)}`;
        for (const p of [connectorProblem(c, at), sideChannelProblem(c, at)]) {
            if (p) {
                messages.push(p);
            }
        }
    }
    const { prefill, decode } = containers;
    if (prefill && decode) {
        const p = tensorParallelSize(prefill).size;
        const d = tensorParallelSize(decode).size;
        if (p > d) {
            messages.push(
                `${install.where}: prefill tensor parallel size ${p} is larger than decode's ${d}: NIXL cannot move KV cache from a wider prefill ` +
                    `to a narrower decode; set ${CONFIG_PREFIX}prefill tensorParallelSize to at most ${d} (or raise ${CONFIG_PREFIX}decode tensorParallelSize)`,
            );
        }
        const pm = servedModel(prefill.spec);
        const dm = servedModel(decode.spec);
        if (pm !== dm) {
            messages.push(
                `${install.where}: prefill serves model ${JSON.stringify(pm)} but decode serves ${JSON.stringify(dm)}: KV cache is only valid for the model ` +
                    `that computed it; serve one model from both roles (${CONFIG_PREFIX}model)`,
            );
        }
        if (prefill.spec.image !== decode.spec.image) {
            messages.push(
                `${install.where}: prefill runs image ${JSON.stringify(prefill.spec.image)} but decode runs ${JSON.stringify(decode.spec.image)}: NIXL and the ` +
                    `KV layout must match on both sides; use one image for both (${CONFIG_PREFIX}vllmImage)`,
            );
        }
    }
    if (install.deployments.decode) {
        messages.push(...sidecarProblems(install.deployments.decode, vllmContainerOf(podSpecOf(install.deployments.decode))));
    }
    return messages;
}

export const modelServerWiringPolicy: StackValidationPolicy = {
    name: MODEL_SERVER_WIRING,
    description:
        "The llm-d 0.9 prefill and decode Deployments of an install both exist, use vLLM's NixlConnector and advertise the pod IP as the NIXL side " +
        "channel, serve the same model from the same image, prefill is not wider than decode, and decode runs the disaggregation sidecar as a " +
        "native sidecar with a NIXL connector, forwarding to its vLLM's port.",
    enforcementLevel: "mandatory",
    // A stack policy: prefill and decode are two resources.
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const installs = modelServerInstalls(args.resources);
        if (installs.length === 0) {
            args.notApplicable("no llm-d 0.9 model-server Deployment in the stack");
        }
        for (const install of installs) {
            const urn = (install.deployments.decode ?? install.deployments.prefill)?.urn;
            modelServerWiringProblems(install).forEach((m) => reportViolation(m, urn));
        }
    },
};
