/** Which kinds are cluster-scoped: such objects have no namespace, whatever the release's namespace. */
import type { RenderedObject } from "./objects";

/**
 * The cluster-scoped kinds of Kubernetes 1.33 (`kubectl api-resources --namespaced=false`, groups
 * served by default), and Gateway API's GatewayClass. Custom kinds an install defines itself are read
 * from its CustomResourceDefinitions ({@link clusterScopedKinds}).
 */
const BUILT_IN_CLUSTER_SCOPED = new Set([
    "ComponentStatus",
    "Namespace",
    "Node",
    "PersistentVolume",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "CustomResourceDefinition",
    "APIService",
    "SelfSubjectReview",
    "TokenReview",
    "SelfSubjectAccessReview",
    "SelfSubjectRulesReview",
    "SubjectAccessReview",
    "CertificateSigningRequest",
    "FlowSchema",
    "PriorityLevelConfiguration",
    "IngressClass",
    "RuntimeClass",
    "ClusterRole",
    "ClusterRoleBinding",
    "DeviceClass",
    "ResourceSlice",
    "PriorityClass",
    "CSIDriver",
    "CSINode",
    "StorageClass",
    "VolumeAttachment",
    "VolumeAttributesClass",
    "GatewayClass",
]);

/** Cluster-scoped kinds: the built-in ones and those of the cluster-scoped CRDs among `manifests`. */
export function clusterScopedKinds(manifests: Record<string, any>[]): Set<string> {
    const kinds = new Set(BUILT_IN_CLUSTER_SCOPED);
    for (const m of manifests) {
        if (m.kind === "CustomResourceDefinition" && m.spec?.scope === "Cluster" && typeof m.spec?.names?.kind === "string") {
            kinds.add(m.spec.names.kind);
        }
    }
    return kinds;
}

/** The namespace an object lands in: its own, else `fallback` for a namespaced kind, none for a cluster-scoped one. */
export function namespaceOf(manifest: Record<string, any>, fallback: string, clusterScoped: Set<string>): string | null {
    if (clusterScoped.has(String(manifest.kind))) {
        return null;
    }
    const own = manifest.metadata?.namespace;
    return typeof own === "string" && own !== "" ? own : fallback;
}

/** `Kind namespace/name` (or `Kind name` when cluster-scoped): how messages name an object. */
export function objectRef(o: Pick<RenderedObject, "kind" | "namespace" | "name">): string {
    return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}
