/**
 * `pd-accelerator-resources`: each vLLM container of a model server, on every release (llm-d 0.2's
 * modelservice values, llm-d 0.9's Deployments, and with `--render` the Deployments a chart renders),
 * asks for what its hardware has, as many accelerators as its tensor parallel size, no more than one
 * node has, and cpu and memory limits with requests not above them.
 *
 * PDStack rejects requests above limits and pods wider than a node at construction
 * (components/pdstack/rules); the policy checks the same rules on the model servers as they reach
 * Pulumi, for programs that transform them. It also covers what llm-d 0.9 called
 * `pd-model-server-resources`: one rule, one name, whatever the release.
 */
import { forbiddenResources, HARDWARE, INTEL_GPU, NVIDIA_GPU, RDMA_IB } from "../pdstack/hardware";
import { CPU_MEMORY, podFitsNode, requestAboveLimit } from "../pdstack/rules";
import { parseQuantity } from "../validation";
import { CONFIG_PREFIX } from "../tokens";
import { InstallRule, installPolicy } from "./installRules";
import type { ModelServerInstall, Verdict } from "./modelServerView";
import { HardwareChoice, hardwareOf } from "./releaseHardware";
import { containerLabel, resourcesOf, ROLES, tensorParallelSize, VllmContainer } from "./vllmContainers";

export const ACCELERATOR_RESOURCES = "pd-accelerator-resources";

function fmt(q: unknown): string {
    return typeof q === "string" ? q : JSON.stringify(q);
}

function cpuMemoryProblems(c: VllmContainer, where: string): string[] {
    const { limits, requests } = resourcesOf(c);
    const messages: string[] = [];
    for (const r of CPU_MEMORY) {
        const key = `${CONFIG_PREFIX}${c.role} resources.limits.${r} (PDStackArgs.${c.role}.resources.limits.${r})`;
        const limit = limits[r];
        if (limit === undefined) {
            messages.push(`${where}: no ${r} limit: an unbounded vLLM pod can starve its node's other pods; set ${key}`);
            continue;
        }
        const lim = parseQuantity(limit);
        if (lim === undefined) {
            messages.push(`${where}: ${r} limit ${fmt(limit)} is not a Kubernetes quantity (e.g. "8", "500m", "64Gi"); set ${key}`);
            continue;
        }
        const request = requests[r];
        if (request === undefined) {
            continue;
        }
        if (parseQuantity(request) === undefined) {
            messages.push(`${where}: ${r} request ${fmt(request)} is not a Kubernetes quantity; set ${CONFIG_PREFIX}${c.role} resources.requests.${r}`);
        } else if (requestAboveLimit(request, limit)) {
            messages.push(
                `${where}: ${r} request ${fmt(request)} is above its limit ${fmt(limit)}, which Kubernetes rejects; ` +
                    `set ${CONFIG_PREFIX}${c.role} resources.requests.${r} (PDStackArgs.${c.role}.resources.requests.${r}) to at most ${fmt(limit)}`,
            );
        }
    }
    return messages;
}

function extendedResourceProblems(c: VllmContainer, where: string): string[] {
    const { limits, requests } = resourcesOf(c);
    const names = [...new Set([...Object.keys(limits), ...Object.keys(requests)])].filter((n) => n.includes("/"));
    const messages: string[] = [];
    for (const n of names) {
        const limit = limits[n];
        const request = requests[n];
        if (limit === undefined) {
            messages.push(`${where}: ${n} is requested (${fmt(request)}) without a limit; extended resources must be set as limits, with requests equal to limits`);
            continue;
        }
        const lim = parseQuantity(limit);
        if (lim === undefined || !Number.isInteger(lim) || lim < 0) {
            messages.push(`${where}: ${n} limit ${fmt(limit)} is not a whole number of devices`);
            continue;
        }
        if (request !== undefined && parseQuantity(request) !== lim) {
            messages.push(
                `${where}: ${n} request ${fmt(request)} differs from its limit ${fmt(limit)}; extended resources cannot be overcommitted, ` +
                    `so requests must equal limits (PDStack sets both from ${CONFIG_PREFIX}${c.role} tensorParallelSize)`,
            );
        }
    }
    return messages;
}

function hardwareProblems(c: VllmContainer, where: string, hardware: HardwareChoice): string[] {
    const { limits, requests } = resourcesOf(c);
    const has = (r: string) => limits[r] !== undefined || requests[r] !== undefined;
    const tp = tensorParallelSize(c);
    const roleKey = `${CONFIG_PREFIX}${c.role} tensorParallelSize (PDStackArgs.${c.role}.tensorParallelSize)`;
    const messages: string[] = [];
    if (Number.isNaN(tp.size)) {
        messages.push(`${where}: --tensor-parallel-size ${JSON.stringify(tp.given)} is not a positive integer; set ${roleKey}`);
    }
    if (!hardware.name) {
        messages.push(
            `${where}: requests no accelerator (${NVIDIA_GPU} or ${INTEL_GPU}); vLLM needs one per tensor-parallel rank ` +
                `(${Number.isNaN(tp.size) ? "?" : tp.size} here): set ${CONFIG_PREFIX}hardware so that PDStack requests them`,
        );
        return messages;
    }
    const profile = HARDWARE[hardware.name];
    for (const f of forbiddenResources(profile)) {
        if (has(f)) {
            const why =
                f === RDMA_IB
                    ? `only hardware "h200-ib" has InfiniBand (set ${CONFIG_PREFIX}hardware to h200-ib if the nodes have it); elsewhere the pod stays Pending`
                    : `${hardware.name} nodes advertise ${profile.acceleratorResource}, so the pod stays Pending`;
            messages.push(`${where}: requests ${f}, which ${hardware.how} does not have: ${why}; remove ${f} from the container's resources`);
        }
    }
    const acc = profile.acceleratorResource;
    if (!has(acc)) {
        messages.push(
            `${where}: requests no ${acc}, which ${hardware.how} needs: vLLM runs one tensor-parallel rank per accelerator; ` +
                `request ${Number.isNaN(tp.size) ? "one per rank" : tp.size} ${acc} (PDStack does so from ${roleKey})`,
        );
        return messages;
    }
    const count = parseQuantity(limits[acc] ?? requests[acc]);
    if (count !== undefined && !Number.isNaN(tp.size) && count !== tp.size) {
        messages.push(
            `${where}: ${acc} is ${fmt(limits[acc] ?? requests[acc])} but the tensor parallel size is ${tp.size}` +
                `${tp.given === undefined ? " (no --tensor-parallel-size: vLLM's default)" : ""}; vLLM uses exactly one accelerator per ` +
                `tensor-parallel rank, so the others sit idle or vLLM fails to start: set ${roleKey}, from which PDStack derives both`,
        );
    }
    if (count !== undefined && !podFitsNode(count, profile)) {
        messages.push(
            `${where}: ${count} ${acc} per pod, but a node of ${hardware.how} has ${profile.acceleratorsPerNode}: the pod can never be scheduled; ` +
                `set ${roleKey} to at most ${profile.acceleratorsPerNode}`,
        );
    }
    return messages;
}

/** Everything wrong with the resources of an install's vLLM containers on its hardware, each on the resource of its role. */
export function acceleratorResourceVerdicts(install: ModelServerInstall): Verdict[] {
    const hardware = hardwareOf(install);
    return ROLES.flatMap((role) => {
        const r = install.roles[role];
        return (r?.containers ?? []).flatMap((c) => {
            const at = `${r!.where}, ${containerLabel(c)}`;
            return [...cpuMemoryProblems(c, at), ...extendedResourceProblems(c, at), ...hardwareProblems(c, at, hardware)].map((message) => ({ message, resource: r!.resource }));
        });
    });
}

export const acceleratorResourcesRule: InstallRule = {
    policy: ACCELERATOR_RESOURCES,
    verdicts: (installs) => installs.flatMap(acceleratorResourceVerdicts),
};

export const acceleratorResourcesPolicy = installPolicy(acceleratorResourcesRule, {
    description:
        "Every vLLM container of a model server (an llm-d-modelservice release's prefill and decode containers, an llm-d 0.9 prefill or decode " +
        "Deployment's) has cpu and memory limits (requests not above them), extended resources with requests equal to limits, as many " +
        "accelerators as its tensor parallel size, and only resources its hardware has.",
    enforcementLevel: "mandatory",
});
