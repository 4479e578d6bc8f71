/**
 * The checks `--render` runs on the install's objects; their verdicts join the plan's violations
 * (mandatory: each is a problem on a cluster), their notes the plan's notes.
 */
import type { PolicyViolation } from "../../plan/policyEvaluator";
import type { PlannedResource } from "../../plan/recorder";
import type { RenderedObject } from "../objects";
import { destinationRuleFindings } from "./destinationRules";
import type { Finding } from "./finding";
import { Inventory } from "./inventory";
import { podTemplatesOf } from "./podTemplates";
import { poolFindings } from "./pools";
import { referenceFindings } from "./references";
import { routeFindings } from "./routes";
import { schemaFindings } from "./schema";
import { userObjectsOf } from "./userObjects";

export { Finding } from "./finding";
export { PodTemplate, podTemplatesOf } from "./podTemplates";
export { poolWiring, PoolWiring } from "./pools";

/** The names the plan lists these checks under, as policies. */
export const CHECK_NAMES = { schema: "rendered-schema", wiring: "rendered-wiring" } as const;

/** Every finding of every check, in order: schema, routes, pools, destination rules, references. */
export function checkObjects(objects: readonly RenderedObject[], resources: readonly PlannedResource[]): { findings: Finding[]; notes: string[]; schema: { checked: number; custom: number } } {
    const inventory = new Inventory(objects);
    const templates = podTemplatesOf(objects);
    const schema = schemaFindings(objects);
    const references = referenceFindings(inventory, templates, userObjectsOf(resources));
    return {
        findings: [...schema.findings, ...routeFindings(inventory), ...poolFindings(inventory, templates), ...destinationRuleFindings(inventory), ...references.findings],
        notes: references.notes,
        schema: { checked: schema.checked, custom: schema.custom },
    };
}

/** A finding as a plan violation. */
export function asViolation(f: Finding): PolicyViolation {
    return { policy: CHECK_NAMES[f.check], level: "mandatory", resource: f.object, message: f.message };
}
