/**
 * Readers of KEDA ScaledObjects (keda.sh/v1alpha1): which Deployment each scales and up to how many
 * pods, so that the policies that count a model-server Deployment's pods count the most KEDA may run
 * (`maxReplicaCount`) rather than the Deployment's current `replicas`, which KEDA owns.
 */
import { isPlainObject } from "../validation";

/** Type token of a ScaledObject, what PDStack registers for each autoscaled role. */
export const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";

interface Resource {
    type: string;
    props: Record<string, any>;
}

/** The ceiling KEDA puts on a Deployment, and the ScaledObject that puts it. */
export interface ScaledMaximum {
    maxReplicas: number;
    scaledObject: string;
}

/** `namespace/name` of a namespaced object; `default` when the namespace is not given. */
export function objectKey(namespace: unknown, name: unknown): string {
    return `${typeof namespace === "string" && namespace !== "" ? namespace : "default"}/${String(name)}`;
}

/**
 * The maximum of every Deployment a ScaledObject of the stack scales, by `namespace/name` (the
 * ScaledObject's namespace: a scale target is in the same one). KEDA's default `maxReplicaCount` is 100.
 */
export function scaledMaxima(resources: readonly Resource[]): Map<string, ScaledMaximum> {
    const maxima = new Map<string, ScaledMaximum>();
    for (const r of resources.filter((x) => x.type === SCALED_OBJECT)) {
        const spec = isPlainObject(r.props.spec) ? r.props.spec : {};
        const target = isPlainObject(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
        if ((target.kind ?? "Deployment") !== "Deployment" || typeof target.name !== "string") {
            continue;
        }
        const metadata = isPlainObject(r.props.metadata) ? r.props.metadata : {};
        const maxReplicas = typeof spec.maxReplicaCount === "number" ? spec.maxReplicaCount : KEDA_DEFAULT_MAX_REPLICAS;
        maxima.set(objectKey(metadata.namespace, target.name), { maxReplicas, scaledObject: String(metadata.name) });
    }
    return maxima;
}

/** `maxReplicaCount` when a ScaledObject leaves it out (kedacore/keda tag v2.20.1, 875675ce5cd1d34772fe00a228a71b8bf05b3b43, `apis/keda/v1alpha1/scaledobject_types.go`: `defaultHPAMaxReplicas` 100). */
export const KEDA_DEFAULT_MAX_REPLICAS = 100;
