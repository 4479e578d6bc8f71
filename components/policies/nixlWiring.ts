/**
 * `pd-nixl-wiring`: prefill and decode can hand KV cache to each other. Both roles exist, run the
 * same model from the same image, use vLLM's NIXL connector and advertise their pod IP as the NIXL
 * side channel; prefill is not wider than decode; decode runs the routing sidecar with a NIXL connector.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { NIXL_CONNECTOR, NIXL_SIDE_CHANNEL_HOST_ENV } from "../releases/vllm";
import { CONFIG_PREFIX } from "../tokens";
import { describeResource, isModelServiceRelease } from "./kubernetesResources";
import {
    containerLabel,
    kvTransferConfig,
    KV_TRANSFER_CONFIG_FLAG,
    Role,
    ROLES,
    roleValues,
    RoleValues,
    servedModelName,
    tensorParallelSize,
    VllmContainer,
} from "./vllmContainers";

export const NIXL_WIRING = "pd-nixl-wiring";
/** Connectors of llm-d's routing sidecar that fetch KV cache from prefill over NIXL. */
export const SIDECAR_NIXL_CONNECTORS = ["nixl", "nixlv2"];
const POD_IP_FIELD = "status.podIP";

export function connectorProblem(c: VllmContainer, where: string): string | undefined {
    const kv = kvTransferConfig(c);
    const fix = `pass ${KV_TRANSFER_CONFIG_FLAG} '{"kv_connector":"${NIXL_CONNECTOR}","kv_role":"kv_both"}' (PDStack's modelservice values do)`;
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

function roleProblems(r: RoleValues, where: string): string[] {
    const key = `${CONFIG_PREFIX}${r.role}`;
    if (!r.present) {
        return [`${where}: values have no ${r.role} role: P/D needs both prefill and decode pods; restore values.${r.role} (PDStack always sets it)`];
    }
    const messages: string[] = [];
    if (r.create !== true) {
        messages.push(`${where}: ${r.role}.create is ${JSON.stringify(r.create)}, not true: P/D needs both prefill and decode pods; set ${r.role}.create: true`);
    } else if (!(r.replicas >= 1)) {
        messages.push(`${where}: ${r.role} has ${r.replicas} replicas (the chart's default for prefill is 0): P/D needs at least one; set ${key} replicas to at least 1`);
    }
    if (r.containers.length === 0) {
        messages.push(`${where}: ${r.role} has no vLLM container (${r.role}.containers is empty): nothing would serve this role`);
    }
    return messages;
}

/** Everything that keeps this modelservice release's prefill and decode from working together. */
export function wiringProblems(where: string, values: any): string[] {
    const roles = Object.fromEntries(ROLES.map((role) => [role, roleValues(values, role)])) as Record<Role, RoleValues>;
    const messages = ROLES.flatMap((role) => roleProblems(roles[role], where));
    for (const role of ROLES) {
        for (const c of roles[role].containers) {
            const at = `${where}, ${containerLabel(c)}`;
            for (const p of [connectorProblem(c, at), sideChannelProblem(c, at)]) {
                if (p) {
                    messages.push(p);
                }
            }
        }
    }
    const prefill = roles.prefill.containers[0];
    const decode = roles.decode.containers[0];
    if (prefill && decode) {
        const p = tensorParallelSize(prefill).size;
        const d = tensorParallelSize(decode).size;
        if (p > d) {
            messages.push(
                `${where}: prefill tensor parallel size ${p} is larger than decode's ${d}: NIXL cannot move KV cache from a wider prefill ` +
                    `to a narrower decode; set ${CONFIG_PREFIX}prefill tensorParallelSize to at most ${d} (or raise ${CONFIG_PREFIX}decode tensorParallelSize)`,
            );
        }
        const pm = servedModelName(prefill, values);
        const dm = servedModelName(decode, values);
        if (pm !== dm) {
            messages.push(
                `${where}: prefill serves model ${JSON.stringify(pm)} but decode serves ${JSON.stringify(dm)}: KV cache is only valid for the model ` +
                    `that computed it; serve one model from both roles (${CONFIG_PREFIX}model; drop a per-role --served-model-name)`,
            );
        }
        if (prefill.spec.image !== decode.spec.image) {
            messages.push(
                `${where}: prefill runs image ${JSON.stringify(prefill.spec.image)} but decode runs ${JSON.stringify(decode.spec.image)}: NIXL and the ` +
                    `KV layout must match on both sides; use one image for both (${CONFIG_PREFIX}vllmImage)`,
            );
        }
    }
    const proxy = values?.routing?.proxy;
    if (!SIDECAR_NIXL_CONNECTORS.includes(proxy?.connector)) {
        messages.push(
            `${where}: routing.proxy.connector is ${JSON.stringify(proxy?.connector)}: decode's routing sidecar must fetch KV cache from prefill ` +
                `with connector ${SIDECAR_NIXL_CONNECTORS.map((c) => `"${c}"`).join(" or ")} (PDStack sets "nixlv2")`,
        );
    }
    if (typeof proxy?.image !== "string" || proxy.image === "") {
        messages.push(`${where}: routing.proxy.image is not set: decode needs llm-d's routing sidecar in front of vLLM to run P/D; set it (PDStack pins ghcr.io/llm-d/llm-d-routing-sidecar)`);
    }
    return messages;
}

export const nixlWiringPolicy: ResourceValidationPolicy = {
    name: NIXL_WIRING,
    description:
        "A modelservice release's prefill and decode both exist, use vLLM's NixlConnector and advertise the pod IP as the NIXL side channel, " +
        "serve the same model from the same image, prefill is not wider (tensor parallel) than decode, and decode runs the routing sidecar with a NIXL connector.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(Release, (release, args, reportViolation) => {
        if (!isModelServiceRelease(args.type, release)) {
            args.notApplicable("only llm-d-modelservice releases run vLLM prefill and decode");
        }
        wiringProblems(describeResource(args.type, args.name, release), release.values).forEach((m) => reportViolation(m));
    }),
};
