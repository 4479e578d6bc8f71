/** Each Istio DestinationRule's host names a Service of the install (a host outside the cluster is not checked). */
import { objectRef } from "../scope";
import type { Finding } from "./finding";
import { Inventory } from "./inventory";

export const ISTIO_NETWORKING_GROUP = "networking.istio.io";

/**
 * The Service a DestinationRule host names: `name.namespace.svc.cluster.local`, `name.namespace.svc`,
 * or a short `name`, which Istio reads in the rule's own namespace; undefined for a wildcard or a
 * host outside the cluster.
 */
export function serviceOfHost(host: string, ruleNamespace: string | null): { namespace: string; name: string } | undefined {
    const h = host.toLowerCase().replace(/\.$/, "");
    if (h.includes("*")) {
        return undefined;
    }
    const parts = h.split(".");
    if (parts.length === 1 && ruleNamespace) {
        return { namespace: ruleNamespace, name: parts[0] };
    }
    if ((parts.length === 3 && parts[2] === "svc") || (parts.length === 5 && parts.slice(2).join(".") === "svc.cluster.local")) {
        return { namespace: parts[1], name: parts[0] };
    }
    return undefined;
}

export function destinationRuleFindings(inventory: Inventory): Finding[] {
    const findings: Finding[] = [];
    for (const rule of inventory.ofKind("DestinationRule", [ISTIO_NETWORKING_GROUP])) {
        const host = rule.manifest.spec?.host;
        const target = typeof host === "string" ? serviceOfHost(host, rule.namespace) : undefined;
        if (!target || inventory.find("", "Service", target.namespace, target.name)) {
            continue;
        }
        findings.push({
            check: "wiring",
            object: objectRef(rule),
            message:
                `${objectRef(rule)} has host ${host}, Service ${target.namespace}/${target.name}, which is not in the install: ` +
                `its traffic policy (connection limits, TLS to the endpoint picker) applies to nothing, and the gateway's connections to that Service, if it appears, go without it`,
        });
    }
    return findings;
}
