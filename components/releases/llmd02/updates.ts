/**
 * How PDStack's Helm releases change on a live cluster (docs/operate.md "Day two").
 *
 * - Renames: the kubernetes provider replaces a release whose `name` or `namespace` changes
 *   (`releasePostfix`, `namespace`). Created before the old one is deleted, the new inferencepool
 *   release would collide with the old one's cluster-scoped ClusterRole `gaie-<postfix>-epp`, and the
 *   new model service would need a second set of GPUs; so every release is deleted first.
 * - Model service updates: llm-d-modelservice v0.2.7 renders Deployments with no `strategy`, so a
 *   change to a vLLM pod template is a rolling update whose new pod waits for GPUs the old pod holds:
 *   on an exactly full GPU cluster it stalls until the timeout. PDStack replaces the release
 *   instead, delete first (Helm uninstall waits until the old pods are gone, then install waits until
 *   vLLM serves): the Recreate-like update, with the model down in between. Values that never reach
 *   a vLLM pod (replicas, monitoring, routing objects) still update the release in place.
 */
import { Role, ROLES } from "../vllm";

/** Release inputs whose change makes Helm roll the vLLM pods: the chart itself. */
const CHART_INPUTS = ["chart", "version"] as const;

/** Modelservice values a change of which never touches a vLLM pod template. */
export const MODEL_SERVICE_IN_PLACE_VALUES: readonly string[] = [
    ...ROLES.flatMap((role: Role) => [`values.${role}.replicas`, `values.${role}.monitoring`]),
    "values.routing.modelName",
    "values.routing.parentRefs",
    "values.routing.inferenceModel",
    "values.routing.inferencePool",
    "values.routing.httpRoute",
    "values.routing.epp",
];

/** Top-level values PDStack walks one level into, because they hold in-place keys beside pod-template ones. */
const MIXED_VALUES = new Set<string>([...ROLES, "routing"]);

/**
 * The `replaceOnChanges` paths of the llm-d-modelservice release: the chart, and every values key
 * (one level into roles and routing) that is not in {@link MODEL_SERVICE_IN_PLACE_VALUES}. Built
 * from the values, so a key PDStack starts to set is treated as reaching the pods until it is
 * listed as in-place: an unneeded restart is visible in the preview, a stalled update is not.
 */
export function modelServiceReplaceOnChanges(values: Record<string, unknown>): string[] {
    const inPlace = new Set(MODEL_SERVICE_IN_PLACE_VALUES);
    const paths: string[] = [];
    for (const [key, value] of Object.entries(values)) {
        const keys =
            MIXED_VALUES.has(key) && value !== null && typeof value === "object" && !Array.isArray(value)
                ? Object.keys(value).map((sub) => `values.${key}.${sub}`)
                : [`values.${key}`];
        paths.push(...keys.filter((p) => !inPlace.has(p)));
    }
    return [...CHART_INPUTS, ...paths.sort()];
}
