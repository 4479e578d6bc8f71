/**
 * `pd-model-server-probes`: each vLLM container of an install's prefill and decode is probed, and its
 * probes ask vLLM itself. Without a startup or readiness probe a pod counts as Ready (joins the
 * InferencePool's endpoints, ends Helm's and Pulumi's wait) while vLLM is still loading the model, so
 * the first requests routed to it fail. A probe on a port the container does not serve, or on a path
 * vLLM does not answer, never succeeds: the pod never becomes Ready (a failing startup or liveness probe
 * also restarts it, over and over).
 *
 * One implementation over the release-neutral view (./modelServerView.ts): llm-d 0.2's modelservice
 * values, llm-d 0.9's Deployments, and the Deployments `--render` reads from the charts.
 */
import { VLLM_DEFAULT_PORT, VLLM_PORT_FLAG, VLLM_PROBE_PATHS } from "../releases/vllm";
import { InstallRule, installPolicy } from "./installRules";
import type { ModelServerInstall, Verdict } from "./modelServerView";
import { argsOf, argValue, containerLabel, ROLES, VllmContainer } from "./vllmContainers";
import { isPlainObject } from "../validation";

export const MODEL_SERVER_PROBES = "pd-model-server-probes";

const PROBES = ["startupProbe", "readinessProbe", "livenessProbe"] as const;
type ProbeKind = (typeof PROBES)[number];

/** What a failing probe of each kind does to the pod. */
const EFFECT: Record<ProbeKind, string> = {
    startupProbe: "the startup probe never passes, so the kubelet restarts the container over and over and the pod never becomes Ready",
    readinessProbe: "the readiness probe never passes, so the pod never becomes Ready and the InferencePool never sends it a request",
    livenessProbe: "the liveness probe never passes, so the kubelet restarts a serving container over and over",
};

/** The ports a container serves: the ones it declares (by number and by name), and the one vLLM listens on. */
function servedPorts(spec: Record<string, any>): { numbers: Set<number>; names: Set<string>; vllm: number | undefined } {
    const numbers = new Set<number>();
    const names = new Set<string>();
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
        if (Number.isInteger(p?.containerPort)) {
            numbers.add(p.containerPort);
        }
        if (typeof p?.name === "string") {
            names.add(p.name);
        }
    }
    const flag = argValue(argsOf(spec), [VLLM_PORT_FLAG]);
    // Without --port vLLM listens on its default; a chart that injects --port itself (modelservice
    // does, from the declared port) leaves the declared ports as the only statement of it.
    const vllm = flag !== undefined && /^\d+$/.test(flag) ? Number(flag) : numbers.size === 0 ? VLLM_DEFAULT_PORT : undefined;
    if (vllm !== undefined) {
        numbers.add(vllm);
    }
    return { numbers, names, vllm };
}

function describePorts(served: ReturnType<typeof servedPorts>): string {
    const all = [...[...served.numbers].sort((a, b) => a - b).map(String), ...[...served.names].map((n) => JSON.stringify(n))];
    return all.length ? all.join(", ") : "none";
}

/** Problems of one probe of a container; empty when it can succeed. */
function probeProblems(c: VllmContainer, kind: ProbeKind, probe: Record<string, any>, at: string, fix: string): string[] {
    const served = servedPorts(c.spec);
    const action = isPlainObject(probe.httpGet) ? probe.httpGet : isPlainObject(probe.tcpSocket) ? probe.tcpSocket : undefined;
    const problems: string[] = [];
    if (action !== undefined && action.port !== undefined) {
        const port = action.port;
        const ok = typeof port === "string" && !/^\d+$/.test(port) ? served.names.has(port) : served.numbers.has(Number(port));
        if (!ok) {
            problems.push(
                `${at}: ${kind} probes port ${JSON.stringify(port)}, which the container does not serve (it serves ${describePorts(served)}): ${EFFECT[kind]}; ` +
                    `probe the port vLLM listens on${fix}`,
            );
        }
    }
    if (isPlainObject(probe.httpGet)) {
        const path = typeof probe.httpGet.path === "string" ? probe.httpGet.path : "/";
        if (!(VLLM_PROBE_PATHS as readonly string[]).includes(path.split("?")[0])) {
            problems.push(
                `${at}: ${kind} asks path ${JSON.stringify(path.slice(0, 80))}, which vLLM does not answer (it answers ${VLLM_PROBE_PATHS.join(", ")}): ${EFFECT[kind]}; ` +
                    `use /health${fix}`,
            );
        }
    }
    return problems;
}

/** Every probe problem of an install's vLLM containers. */
export function probeVerdicts(install: ModelServerInstall): Verdict[] {
    const fix = install.madeBy ? ` (${install.madeBy} do)` : "";
    const verdicts: Verdict[] = [];
    for (const role of ROLES) {
        const r = install.roles[role];
        for (const c of r?.containers ?? []) {
            const at = `${r!.where}, ${containerLabel(c)}`;
            const probes = PROBES.filter((k) => isPlainObject(c.spec[k]));
            if (!probes.includes("startupProbe") && !probes.includes("readinessProbe")) {
                verdicts.push({
                    message:
                        `${at}: no startupProbe or readinessProbe: the pod counts as Ready, joins the InferencePool and ends Helm's and Pulumi's wait as soon as ` +
                        `the container starts, while vLLM is still loading the model, so the requests routed to it fail; add an httpGet probe of /health on vLLM's port${fix}`,
                    resource: r!.resource,
                });
            }
            for (const k of probes) {
                for (const message of probeProblems(c, k, c.spec[k], at, fix)) {
                    verdicts.push({ message, resource: r!.resource });
                }
            }
        }
    }
    return verdicts;
}

export const modelServerProbesRule: InstallRule = { policy: MODEL_SERVER_PROBES, verdicts: (installs) => installs.flatMap(probeVerdicts) };

export const modelServerProbesPolicy = installPolicy(modelServerProbesRule, {
    description:
        "Each vLLM container of an install's prefill and decode (an llm-d-modelservice release, llm-d 0.9 Deployments) has a startup or readiness probe, " +
        "and every probe asks a port the container serves and a path vLLM answers (/health, /ping, /v1/models, /version, /metrics), so a pod is " +
        "Ready exactly when vLLM serves.",
    enforcementLevel: "mandatory",
});
