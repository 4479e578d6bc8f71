/**
 * The arguments of {@link GatewayControlPlane}. Plain data (no unions, no functions), so that the
 * component package schema can describe it.
 */

/** What a {@link GatewayControlPlane} installs on its cluster. */
export interface GatewayControlPlaneArgs {
    /** Gateway provider whose control plane to install: `istio`, `kgateway` or `gke` (GKE runs its own: only the Inference Extension CRDs are installed). */
    gateway: string;
    /**
     * Install the Gateway API CRDs v1.3.0 (standard channel). Set false where the cluster has them (or let
     * Pulumi adopt them: provider option `upsertExistingObjects`). On gke GKE's gateway controller manages
     * them, and true is rejected. @default true on istio and kgateway, false on gke
     */
    installGatewayApiCrds?: boolean;
    /** Install the Gateway API Inference Extension CRDs v0.5.1 (InferencePool, InferenceModel). Set false where the cluster has them. @default true */
    installInferenceExtensionCrds?: boolean;
    /**
     * Install the provider's charts: istio `base` (its CRDs) and `istiod` in istio-system, or `kgateway-crds`
     * and `kgateway` in kgateway-system. Set false where the provider already runs (Helm cannot adopt a
     * release another tool installed). Nothing to install on gke. @default true on istio and kgateway
     */
    installControlPlane?: boolean;
    /**
     * Keep the CRDs in the cluster on `pulumi destroy` (the Gateway API and Inference Extension CRDs, and the
     * objects of the istio `base` and `kgateway-crds` charts): other workloads may use them, and deleting a
     * CRD deletes every object of its kind. The controllers are removed either way. @default true
     */
    retainCrdsOnDelete?: boolean;
}
