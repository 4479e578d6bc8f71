/**
 * The policy table (docs/policies.md), generated from the pack's list (components/policies): each
 * policy's name, enforcement level, what it checks (its description, as `pulumi policy` shows it) and
 * the settings its config schema takes; and the retired names the plan refuses.
 */
import { POLICIES, POLICY_PACK_NAME, RETIRED_POLICIES } from "../../../components/policies";
import { code, table } from "../markdown";
import type { PageSection } from "./page";

interface ConfigProperty {
    type?: string;
    default?: unknown;
    minimum?: number;
    exclusiveMinimum?: number;
    description?: string;
}

function settings(policy: (typeof POLICIES)[number]): string {
    const properties = (policy.configSchema?.properties ?? {}) as Record<string, ConfigProperty>;
    const parts = Object.entries(properties).map(([name, p]) => {
        const bound = p.minimum !== undefined ? `, ≥ ${p.minimum}` : p.exclusiveMinimum !== undefined ? `, > ${p.exclusiveMinimum}` : "";
        const fallback = p.default !== undefined ? `, default ${code(JSON.stringify(p.default))}` : "";
        return `${code(name)} (${p.type ?? "any"}${bound}${fallback}): ${(p.description ?? "").replace(/\.$/, "")}`;
    });
    return parts.length > 0 ? parts.join("; ") : "none (only the enforcement level)";
}

export const policiesSection: PageSection = {
    id: "policies",
    title: "The policies",
    render: () =>
        [
            `The pack ${code(POLICY_PACK_NAME)} has ${POLICIES.length} policies:`,
            table(
                ["policy", "enforcement", "what it checks", "settings"],
                POLICIES.map((p) => [code(p.name), p.enforcementLevel ?? "advisory", p.description, settings(p)]),
            ),
            `Retired names, which a policy config may no longer use (the plan refuses them, naming the policy to use): ` +
                Object.entries(RETIRED_POLICIES)
                    .map(([old, now]) => `${code(old)} → ${code(now)}`)
                    .join(", ") +
                ".",
        ].join("\n\n"),
};
