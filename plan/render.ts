/** Renders a plan as text (tree, values, outputs, violations) or as one JSON document. */
import * as YAML from "yaml";
import { criticalPath, criticalPathLines } from "./criticalPath";
import { modelDownloads, modelDownloadsLine } from "./modelDownloads";
import type { PolicyViolation } from "./policyEvaluator";
import { PlannedResource } from "./recorder";
import type { RenderedObject } from "../render/objects";

export interface Plan {
    stack: string;
    resources: PlannedResource[];
    outputs: Record<string, unknown>;
    violations: PolicyViolation[];
    notes: string[];
    /** With `--render`: every Kubernetes object of the install (render/). */
    objects?: RenderedObject[];
}

/** The JSON document of `npm run plan -- --json`: names instead of URNs, secrets masked. */
export function planToJson(plan: Plan): Record<string, unknown> {
    const nameOf = new Map(plan.resources.map((r) => [r.urn, r.name]));
    const name = (urn: string | null) => (urn ? (nameOf.get(urn) ?? urn) : null);
    return {
        stack: plan.stack,
        resources: plan.resources.map((r) => ({
            type: r.type,
            name: r.name,
            parent: name(r.parentUrn),
            provider: name(r.providerUrn),
            dependsOn: r.dependencyUrns.map((u) => name(u)),
            inputs: r.inputs,
        })),
        outputs: plan.outputs,
        modelDownloads: modelDownloads(plan.resources),
        criticalPath: criticalPath(plan.resources),
        ...(plan.objects ? { objects: plan.objects } : {}),
        violations: plan.violations,
        notes: plan.notes,
    };
}

/** The `--render` list: one line per object, `source  apiVersion  Kind  namespace/name`, in columns. */
function objectLines(objects: RenderedObject[]): string[] {
    const width = (f: (o: RenderedObject) => string) => Math.max(...objects.map((o) => f(o).length));
    const src = width((o) => o.source);
    const api = width((o) => o.apiVersion);
    const kind = width((o) => o.kind);
    return objects.map((o) => `  ${o.source.padEnd(src)}  ${o.apiVersion.padEnd(api)}  ${o.kind.padEnd(kind)}  ${o.namespace ? `${o.namespace}/` : ""}${o.name}`);
}

function tree(resources: PlannedResource[]): string[] {
    const lines: string[] = [];
    const children = (parent: string | null) => resources.filter((r) => r.parentUrn === parent);
    const walk = (r: PlannedResource, depth: number) => {
        lines.push(`${"  ".repeat(depth)}${r.type}  ${r.name}`);
        children(r.urn).forEach((c) => walk(c, depth + 1));
    };
    children(null).forEach((r) => walk(r, 0));
    return lines;
}

/** The human-readable plan. */
export function planToText(plan: Plan): string {
    const out: string[] = [`Plan for stack ${plan.stack}: ${plan.resources.length} resources`, "", ...tree(plan.resources), ""];
    for (const r of plan.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release")) {
        const i = r.inputs as Record<string, any>;
        out.push(`--- Helm release ${i.name} (${i.chart} ${i.version}) in namespace ${i.namespace}: values`);
        // A release that sets no values (KEDA's) prints {}, as the chart gets none.
        out.push(YAML.stringify(i.values ?? {}).trimEnd(), "");
    }
    for (const r of plan.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release" && r.custom)) {
        out.push(`--- ${r.type} ${r.name}`);
        out.push(YAML.stringify(r.inputs).trimEnd(), "");
    }
    if (plan.objects) {
        out.push(`Kubernetes objects (--render): ${plan.objects.length}`, ...objectLines(plan.objects), "");
    }
    out.push(modelDownloadsLine(modelDownloads(plan.resources)), "", ...criticalPathLines(criticalPath(plan.resources)), "");
    // An output the program leaves undefined (kubeconfig without a created cluster, portForwardCommand
    // on gke) is not a stack output under `pulumi up` either.
    out.push("Outputs:");
    for (const [k, v] of Object.entries(plan.outputs).filter(([, v]) => v !== undefined)) {
        out.push(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    }
    out.push("");
    if (plan.notes.length > 0) {
        out.push("Notes:", ...plan.notes.map((n) => `  ${n}`), "");
    }
    if (plan.violations.length === 0) {
        out.push("Policy violations: none");
    } else {
        out.push(`Policy violations: ${plan.violations.length}`);
        for (const v of plan.violations) {
            out.push(`  [${v.level}] ${v.policy}${v.resource ? ` (${v.resource})` : ""}: ${v.message}`);
        }
    }
    return out.join("\n") + "\n";
}
