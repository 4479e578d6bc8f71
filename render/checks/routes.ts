/**
 * Each HTTPRoute's parents and backends exist in the install: its parent Gateway (Gateway API), and
 * each backend InferencePool (of the API group the route names) or Service.
 */
import { isPlainObject } from "../../components/validation";
import { objectRef } from "../scope";
import type { Finding } from "./finding";
import { groupOf, Inventory } from "./inventory";

type Obj = Record<string, any>;

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
/** The two InferencePool API groups in play: llm-d 0.2 (v1alpha2) and 0.9 (v1). */
export const INFERENCE_POOL_GROUPS = ["inference.networking.x-k8s.io", "inference.networking.k8s.io"] as const;

function list(v: unknown): Obj[] {
    return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

export function routeFindings(inventory: Inventory): Finding[] {
    const findings: Finding[] = [];
    for (const route of inventory.ofKind("HTTPRoute", [GATEWAY_API_GROUP])) {
        const where = objectRef(route);
        const ns = route.namespace;
        for (const parent of list(route.manifest.spec?.parentRefs)) {
            const group = parent.group ?? GATEWAY_API_GROUP;
            const kind = parent.kind ?? "Gateway";
            if (group !== GATEWAY_API_GROUP || kind !== "Gateway") {
                continue;
            }
            const parentNs = parent.namespace ?? ns;
            if (!inventory.find(group, kind, parentNs, String(parent.name))) {
                findings.push({
                    check: "wiring",
                    object: where,
                    message: `${where} names parent Gateway ${parentNs}/${parent.name}, which is not in the install: the route attaches to no gateway and no request reaches its backends`,
                });
            }
        }
        for (const rule of list(route.manifest.spec?.rules)) {
            for (const backend of list(rule.backendRefs)) {
                const group = backend.group ?? "";
                const kind = backend.kind ?? "Service";
                const backendNs = backend.namespace ?? ns;
                const name = String(backend.name);
                if (kind === "InferencePool") {
                    if (inventory.find(group, kind, backendNs, name)) {
                        continue;
                    }
                    const other = inventory.ofKind("InferencePool").find((p) => p.namespace === backendNs && p.name === name);
                    findings.push({
                        check: "wiring",
                        object: where,
                        message: other
                            ? `${where} sends to InferencePool ${backendNs}/${name} of group ${group}, but the install's ${objectRef(other)} is of group ${groupOf(other.apiVersion)}: the gateway finds no such backend and answers every request with an error`
                            : `${where} sends to InferencePool ${backendNs}/${name} (${group}), which is not in the install: the gateway answers every request with an error`,
                    });
                } else if (kind === "Service" && group === "") {
                    const service = inventory.find("", "Service", backendNs, name);
                    if (!service) {
                        findings.push({
                            check: "wiring",
                            object: where,
                            message: `${where} sends to Service ${backendNs}/${name}, which is not in the install: the gateway answers every request with an error`,
                        });
                    } else if (backend.port !== undefined && !list(service.manifest.spec?.ports).some((p) => Number(p.port) === Number(backend.port))) {
                        findings.push({
                            check: "wiring",
                            object: where,
                            message: `${where} sends to port ${backend.port} of ${objectRef(service)}, which has no such port: the gateway answers every request with an error`,
                        });
                    }
                }
            }
        }
    }
    return findings;
}
