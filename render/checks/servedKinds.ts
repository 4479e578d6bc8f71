/**
 * The API versions and kinds Kubernetes 1.33 has (the target's minor, target.ts), alpha and beta
 * versions included: what an object's apiVersion and kind must be for the API server to know it.
 *
 * Read from the OpenAPI v3 documents of Kubernetes 1.33 as kubernetes-sigs/kubectl-validate ships
 * them (pkg/openapiclient/builtins/1.33/, downloaded by its cmd/download-builtin-schemas from
 * kubernetes/kubernetes api/openapi-spec/v3 on release-1.33; commit 9431c46daf3fdcbdcc480134767eafdd990f8fc5):
 * each document's kinds (`x-kubernetes-group-version-kind` of its own group version, lists left out).
 * The schema package (kubernetes-models) keeps models of versions Kubernetes has since removed
 * (extensions/v1beta1, networking.k8s.io/v1beta1 Ingress), so it cannot tell this by itself.
 */
export const SERVED_KINDS: Readonly<Record<string, readonly string[]>> = {
    "v1": ["Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node", "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodTemplate", "ReplicationController", "ResourceQuota", "Secret", "Service", "ServiceAccount"],
    "admissionregistration.k8s.io/v1": ["MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration"],
    "admissionregistration.k8s.io/v1alpha1": ["MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding"],
    "admissionregistration.k8s.io/v1beta1": ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"],
    "apiextensions.k8s.io/v1": ["CustomResourceDefinition"],
    "apiregistration.k8s.io/v1": ["APIService"],
    "apps/v1": ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"],
    "authentication.k8s.io/v1": ["SelfSubjectReview", "TokenReview"],
    "authorization.k8s.io/v1": ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"],
    "autoscaling/v1": ["HorizontalPodAutoscaler"],
    "autoscaling/v2": ["HorizontalPodAutoscaler"],
    "batch/v1": ["CronJob", "Job"],
    "certificates.k8s.io/v1": ["CertificateSigningRequest"],
    "certificates.k8s.io/v1alpha1": ["ClusterTrustBundle"],
    "certificates.k8s.io/v1beta1": ["ClusterTrustBundle"],
    "coordination.k8s.io/v1": ["Lease"],
    "coordination.k8s.io/v1alpha2": ["LeaseCandidate"],
    "coordination.k8s.io/v1beta1": ["LeaseCandidate"],
    "discovery.k8s.io/v1": ["EndpointSlice"],
    "events.k8s.io/v1": ["Event"],
    "flowcontrol.apiserver.k8s.io/v1": ["FlowSchema", "PriorityLevelConfiguration"],
    "internal.apiserver.k8s.io/v1alpha1": ["StorageVersion"],
    "networking.k8s.io/v1": ["IPAddress", "Ingress", "IngressClass", "NetworkPolicy", "ServiceCIDR"],
    "networking.k8s.io/v1beta1": ["IPAddress", "ServiceCIDR"],
    "node.k8s.io/v1": ["RuntimeClass"],
    "policy/v1": ["PodDisruptionBudget"],
    "rbac.authorization.k8s.io/v1": ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
    "resource.k8s.io/v1alpha3": ["DeviceClass", "DeviceTaintRule", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
    "resource.k8s.io/v1beta1": ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
    "resource.k8s.io/v1beta2": ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
    "scheduling.k8s.io/v1": ["PriorityClass"],
    "storage.k8s.io/v1": ["CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment"],
    "storage.k8s.io/v1alpha1": ["VolumeAttributesClass"],
    "storage.k8s.io/v1beta1": ["VolumeAttributesClass"],
    "storagemigration.k8s.io/v1alpha1": ["StorageVersionMigration"],
};

/** The API groups of Kubernetes itself among {@link SERVED_KINDS} (`""` for core). */
export const SERVED_GROUPS: ReadonlySet<string> = new Set(Object.keys(SERVED_KINDS).map((gv) => (gv.includes("/") ? gv.slice(0, gv.indexOf("/")) : "")));

/** Whether Kubernetes 1.33 has this apiVersion and kind. */
export function isServed(apiVersion: string, kind: string): boolean {
    return SERVED_KINDS[apiVersion]?.includes(kind) ?? false;
}
