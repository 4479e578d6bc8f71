/**
 * Each InferencePool is wired to its pods and its endpoint picker:
 *
 * - it selects at least one prefill and one decode pod template of the install (`llm-d.ai/role`);
 * - each selected pod serves each target port: a prefill pod in one of its containers, a decode pod
 *   in its routing sidecar (the native sidecar in front of vLLM that runs the P/D handshake);
 * - its endpoint-picker Service exists, has the port the pool names, and selects pods of the install.
 *
 * The two InferencePool APIs in play (read from their CRDs):
 * `inference.networking.x-k8s.io/v1alpha2` (llm-d 0.2, inferencepool chart v0.5.1;
 * kubernetes-sigs/gateway-api-inference-extension config/crd/bases/inference.networking.x-k8s.io_inferencepools.yaml
 * at v0.5.1, 978c23b): `spec.selector` (a label map), `spec.targetPortNumber`, `spec.extensionRef`
 * (`name`, `kind` default Service, `portNumber`: "implementations SHOULD infer a default value of 9002
 * when the Kind is Service"); and `inference.networking.k8s.io/v1` (llm-d 0.9 router charts;
 * config/crd/bases/inference.networking.k8s.io_inferencepools.yaml at v1.5.0, df9f890):
 * `spec.selector.matchLabels`, `spec.targetPorts[].number`, `spec.endpointPickerRef` (`name`, `kind`
 * default Service, `port.number`, required for a Service).
 */
import { ROLE_LABEL } from "../../components/releases/llmd09";
import { isPlainObject } from "../../components/validation";
import type { RenderedObject } from "../objects";
import { objectRef } from "../scope";
import type { Finding } from "./finding";
import { groupOf, Inventory } from "./inventory";
import { containerPorts, nativeSidecars, PodTemplate, selects, servingContainers, templateRef } from "./podTemplates";
import { INFERENCE_POOL_GROUPS } from "./routes";

type Obj = Record<string, any>;

/** The port v1alpha2 infers for an extension Service that names none. */
export const V1ALPHA2_DEFAULT_EPP_PORT = 9002;

/** One pool in the shape both APIs share. */
export interface PoolWiring {
    selector: Record<string, string>;
    targetPorts: number[];
    endpointPicker: { group: string; kind: string; name: string; port?: number };
}

/** The pool's selector, ports and endpoint picker, from either API version. */
export function poolWiring(pool: RenderedObject): PoolWiring {
    const spec: Obj = isPlainObject(pool.manifest.spec) ? pool.manifest.spec : {};
    const labels = (v: unknown) => (isPlainObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {});
    if (groupOf(pool.apiVersion) === "inference.networking.x-k8s.io") {
        const ref: Obj = isPlainObject(spec.extensionRef) ? spec.extensionRef : {};
        const kind = ref.kind ?? "Service";
        return {
            selector: labels(spec.selector),
            targetPorts: spec.targetPortNumber === undefined ? [] : [Number(spec.targetPortNumber)],
            endpointPicker: {
                group: ref.group ?? "",
                kind,
                name: String(ref.name ?? ""),
                port: ref.portNumber !== undefined ? Number(ref.portNumber) : kind === "Service" ? V1ALPHA2_DEFAULT_EPP_PORT : undefined,
            },
        };
    }
    const ref: Obj = isPlainObject(spec.endpointPickerRef) ? spec.endpointPickerRef : {};
    return {
        selector: labels(spec.selector?.matchLabels),
        targetPorts: (Array.isArray(spec.targetPorts) ? spec.targetPorts : []).map((p: Obj) => Number(p?.number)),
        endpointPicker: {
            group: ref.group ?? "",
            kind: ref.kind ?? "Service",
            name: String(ref.name ?? ""),
            ...(ref.port?.number !== undefined ? { port: Number(ref.port.number) } : {}),
        },
    };
}

/** `--port 8000` or `--port=8000` among a container's command and args. */
function portArgs(container: Obj): number[] {
    const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])].map(String);
    const ports: number[] = [];
    argv.forEach((a, i) => {
        const eq = /^--port=(\d+)$/.exec(a);
        if (eq) {
            ports.push(Number(eq[1]));
        } else if (a === "--port" && /^\d+$/.test(argv[i + 1] ?? "")) {
            ports.push(Number(argv[i + 1]));
        }
    });
    return ports;
}

/** The ports a container serves: those it declares and those its `--port` flag names. */
function servedPorts(container: Obj): number[] {
    return [...new Set([...containerPorts(container), ...portArgs(container)])];
}

function formatSelector(selector: Record<string, string>): string {
    return `{${Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}}`;
}

/** The labels of `selector` a template's pods lack (or carry with another value). */
function missingLabels(selector: Record<string, string>, labels: Record<string, string>): string {
    return Object.entries(selector)
        .filter(([k, v]) => labels[k] !== v)
        .map(([k, v]) => (labels[k] === undefined ? `${k}=${v}` : `${k}=${v} (theirs: ${labels[k]})`))
        .join(", ");
}

const ROLES = ["prefill", "decode"] as const;

function portFindings(pool: RenderedObject, wiring: PoolWiring, t: PodTemplate, role: (typeof ROLES)[number]): Finding[] {
    const where = objectRef(pool);
    if (role === "decode") {
        const sidecars = nativeSidecars(t.spec);
        if (sidecars.length === 0) {
            return [
                {
                    check: "wiring",
                    object: where,
                    message:
                        `${where} sends decode traffic to port ${wiring.targetPorts.join(", ")} of decode ${templateRef(t)}, which has no routing sidecar ` +
                        `(an init container with restartPolicy: Always): requests reach vLLM without the P/D handshake and no prefill runs`,
                },
            ];
        }
        const served = sidecars.flatMap(servedPorts);
        return wiring.targetPorts
            .filter((p) => !served.includes(p))
            .map((p) => ({
                check: "wiring" as const,
                object: where,
                message:
                    `${where} targets port ${p}, but the routing sidecar of decode ${templateRef(t)} serves ${served.length > 0 ? served.join(", ") : "no declared port"}: ` +
                    `the gateway's requests to decode pods find nothing listening (or bypass the sidecar) and fail`,
            }));
    }
    const served = servingContainers(t.spec).flatMap(servedPorts);
    return wiring.targetPorts
        .filter((p) => !served.includes(p))
        .map((p) => ({
            check: "wiring" as const,
            object: where,
            message: `${where} targets port ${p}, but prefill ${templateRef(t)} serves ${served.length > 0 ? served.join(", ") : "no declared port"}: prefill requests find nothing listening and fail`,
        }));
}

function endpointPickerFindings(pool: RenderedObject, wiring: PoolWiring, inventory: Inventory, templates: PodTemplate[]): Finding[] {
    const where = objectRef(pool);
    const epp = wiring.endpointPicker;
    if (epp.kind !== "Service" || epp.group !== "") {
        return [];
    }
    const service = inventory.find("", "Service", pool.namespace, epp.name);
    if (!service) {
        return [
            {
                check: "wiring",
                object: where,
                message: `${where} names endpoint picker Service ${pool.namespace}/${epp.name}, which is not in the install: the gateway cannot ask it for an endpoint and requests to the pool fail`,
            },
        ];
    }
    const ports: Obj[] = (Array.isArray(service.manifest.spec?.ports) ? service.manifest.spec.ports : []).filter(isPlainObject);
    if (epp.port === undefined) {
        return [{ check: "wiring", object: where, message: `${where} names endpoint picker ${objectRef(service)} without a port, which a Service reference needs: the gateway cannot reach the endpoint picker` }];
    }
    const port = ports.find((p) => Number(p.port) === epp.port);
    if (!port) {
        return [
            {
                check: "wiring",
                object: where,
                message: `${where} names endpoint picker port ${epp.port}, but ${objectRef(service)} serves ${ports.map((p) => p.port).join(", ") || "no port"}: the gateway cannot reach the endpoint picker and requests to the pool fail`,
            },
        ];
    }
    const selector: Record<string, string> = isPlainObject(service.manifest.spec?.selector)
        ? Object.fromEntries(Object.entries(service.manifest.spec.selector).map(([k, v]) => [k, String(v)]))
        : {};
    const backing = templates.filter((t) => t.namespace === service.namespace && selects(selector, t.labels));
    if (backing.length === 0) {
        return [
            {
                check: "wiring",
                object: objectRef(service),
                message: `${objectRef(service)}, the endpoint picker of ${where}, selects ${formatSelector(selector)}, which no pod template of the install carries: the Service has no endpoints and requests to the pool fail`,
            },
        ];
    }
    const target = port.targetPort ?? port.port;
    const serving = backing.some((t) =>
        servingContainers(t.spec).some((c) => (typeof target === "number" ? servedPorts(c).includes(target) : (c.ports ?? []).some((p: Obj) => p?.name === target))),
    );
    return serving
        ? []
        : [
              {
                  check: "wiring",
                  object: objectRef(service),
                  message: `${objectRef(service)}, the endpoint picker of ${where}, forwards port ${epp.port} to ${target}, which ${templateRef(backing[0])} does not serve: the gateway cannot reach the endpoint picker`,
              },
          ];
}

export function poolFindings(inventory: Inventory, templates: PodTemplate[]): Finding[] {
    const findings: Finding[] = [];
    for (const pool of inventory.ofKind("InferencePool", [...INFERENCE_POOL_GROUPS])) {
        const where = objectRef(pool);
        const wiring = poolWiring(pool);
        const inNamespace = templates.filter((t) => t.namespace === pool.namespace);
        for (const role of ROLES) {
            const ofRole = inNamespace.filter((t) => t.labels[ROLE_LABEL] === role);
            const selected = ofRole.filter((t) => selects(wiring.selector, t.labels));
            if (selected.length === 0) {
                findings.push({
                    check: "wiring",
                    object: where,
                    message:
                        ofRole.length > 0
                            ? `${where} selects ${formatSelector(wiring.selector)}, which the pods of ${role} ${templateRef(ofRole[0])} do not carry (they lack ${missingLabels(wiring.selector, ofRole[0].labels)}): ` +
                              `the endpoint picker finds no ${role} endpoint and P/D requests fail`
                            : `${where} selects no ${role} pod template (${ROLE_LABEL}=${role}), and namespace ${pool.namespace} of the install has none: the endpoint picker finds no ${role} endpoint and P/D requests fail`,
                });
                continue;
            }
            for (const t of selected) {
                findings.push(...portFindings(pool, wiring, t, role));
            }
        }
        findings.push(...endpointPickerFindings(pool, wiring, inventory, templates));
    }
    return findings;
}
