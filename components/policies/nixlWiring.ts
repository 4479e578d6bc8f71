/**
 * `pd-nixl-wiring`: an install's prefill and decode can hand KV cache to each other, on every release.
 * Both roles exist with pods, run the same model from the same image, use vLLM's NIXL connector and
 * advertise their pod IP as the NIXL side channel; prefill is not wider than decode; decode runs the
 * disaggregation (routing) sidecar with a NIXL connector.
 *
 * The container rules are one implementation for every release (./modelServerView.ts). The roles and
 * the sidecar are checked as the install's shape states them: llm-d 0.2's modelservice values
 * (`<role>.create`, `routing.proxy`, components/releases/llmd02/checks.ts), a Deployment's pods and its
 * init container (./podInstalls.ts, ./disaggSidecar.ts, with each release's sidecar convention). It also
 * covers what llm-d 0.9 called `pd-model-server-wiring`.
 */
import { NIXL_CONNECTOR, NIXL_SIDE_CHANNEL_HOST_ENV } from "../releases/vllm";
import { CONFIG_PREFIX } from "../tokens";
import { InstallRule, installPolicy } from "./installRules";
import type { ModelServerInstall, Verdict } from "./modelServerView";
import { containerLabel, kvTransferConfig, KV_TRANSFER_CONFIG_FLAG, ROLES, tensorParallelSize, VllmContainer } from "./vllmContainers";

export const NIXL_WIRING = "pd-nixl-wiring";
const POD_IP_FIELD = "status.podIP";

export function connectorProblem(c: VllmContainer, where: string, madeBy: string): string | undefined {
    const kv = kvTransferConfig(c);
    const fix = `pass ${KV_TRANSFER_CONFIG_FLAG} '{"kv_connector":"${NIXL_CONNECTOR}","kv_role":"kv_both"}'${madeBy ? ` (${madeBy} do)` : ""}`;
    if (kv.kind === "absent") {
        return `${where}: no ${KV_TRANSFER_CONFIG_FLAG}: without a KV connector vLLM cannot send or receive KV cache, so P/D does not work; ${fix}`;
    }
    if (kv.kind === "invalid") {
        return `${where}: ${KV_TRANSFER_CONFIG_FLAG} ${kv.raw} is not valid JSON (${kv.error}); ${fix}`;
    }
    if (kv.config.kv_connector !== NIXL_CONNECTOR) {
        return `${where}: ${KV_TRANSFER_CONFIG_FLAG} has kv_connector ${JSON.stringify(kv.config.kv_connector)}, not "${NIXL_CONNECTOR}": llm-d's P/D moves KV cache over NIXL on both sides; ${fix}`;
    }
    return undefined;
}

export function sideChannelProblem(c: VllmContainer, where: string): string | undefined {
    const env: unknown[] = Array.isArray(c.spec.env) ? c.spec.env : [];
    const entry = env.find((e: any) => e?.name === NIXL_SIDE_CHANNEL_HOST_ENV) as any;
    const fix = `set env ${NIXL_SIDE_CHANNEL_HOST_ENV} from valueFrom.fieldRef.fieldPath ${POD_IP_FIELD}`;
    if (!entry) {
        return `${where}: no env ${NIXL_SIDE_CHANNEL_HOST_ENV}: vLLM then advertises localhost as its NIXL side channel and the peer pod cannot reach it; ${fix}`;
    }
    if (entry.valueFrom?.fieldRef?.fieldPath !== POD_IP_FIELD) {
        return `${where}: env ${NIXL_SIDE_CHANNEL_HOST_ENV} does not come from the pod IP (valueFrom.fieldRef ${POD_IP_FIELD}): a fixed host is wrong for every other pod; ${fix}`;
    }
    return undefined;
}

/** Everything that keeps this install's prefill and decode from working together. */
export function wiringVerdicts(install: ModelServerInstall): Verdict[] {
    const onInstall = (message: string): Verdict => ({ message, resource: install.anchor });
    const verdicts = install.roleProblems(install).map(onInstall);
    for (const role of ROLES) {
        const r = install.roles[role];
        for (const c of r?.containers ?? []) {
            const at = `${r!.where}, ${containerLabel(c)}`;
            for (const p of [connectorProblem(c, at, install.madeBy), sideChannelProblem(c, at)]) {
                if (p) {
                    verdicts.push({ message: p, resource: r!.resource });
                }
            }
        }
    }
    const prefill = install.roles.prefill?.containers[0];
    const decode = install.roles.decode?.containers[0];
    const where = install.where;
    if (prefill && decode) {
        const p = tensorParallelSize(prefill).size;
        const d = tensorParallelSize(decode).size;
        if (p > d) {
            verdicts.push(
                onInstall(
                    `${where}: prefill tensor parallel size ${p} is larger than decode's ${d}: NIXL cannot move KV cache from a wider prefill ` +
                        `to a narrower decode; set ${CONFIG_PREFIX}prefill tensorParallelSize to at most ${d} (or raise ${CONFIG_PREFIX}decode tensorParallelSize)`,
                ),
            );
        }
        if (prefill.servedModel !== decode.servedModel) {
            verdicts.push(
                onInstall(
                    `${where}: prefill serves model ${JSON.stringify(prefill.servedModel)} but decode serves ${JSON.stringify(decode.servedModel)}: KV cache is only valid for the model ` +
                        `that computed it; serve one model from both roles (${CONFIG_PREFIX}model; drop a per-role --served-model-name)`,
                ),
            );
        }
        if (prefill.spec.image !== decode.spec.image) {
            verdicts.push(
                onInstall(
                    `${where}: prefill runs image ${JSON.stringify(prefill.spec.image)} but decode runs ${JSON.stringify(decode.spec.image)}: NIXL and the ` +
                        `KV layout must match on both sides; use one image for both (${CONFIG_PREFIX}vllmImage)`,
                ),
            );
        }
    }
    return [...verdicts, ...install.sidecarProblems(install).map(onInstall)];
}

export const nixlWiringRule: InstallRule = { policy: NIXL_WIRING, verdicts: (installs) => installs.flatMap(wiringVerdicts) };

export const nixlWiringPolicy = installPolicy(nixlWiringRule, {
    description:
        "An install's prefill and decode (an llm-d-modelservice release, llm-d 0.9 Deployments) both exist with pods, use vLLM's NixlConnector " +
        "and advertise the pod IP as the NIXL side channel, serve the same model from the same image, prefill is not wider (tensor parallel) " +
        "than decode, and decode runs the routing (disaggregation) sidecar with a NIXL connector.",
    enforcementLevel: "mandatory",
});
