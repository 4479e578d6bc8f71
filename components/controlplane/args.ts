/**
 * The arguments of `GatewayControlPlane`. Plain data (no unions, no functions), so that the
 * component package schema can describe it.
 */

/** What a `GatewayControlPlane` installs on its cluster. */
export interface GatewayControlPlaneArgs {
    /**
     * Gateway provider whose control plane to install: `istio`, `kgateway` (llm-d 0.2 only), `agentgateway`
     * (0.9 only), `gke` (GKE runs its own: only the Inference Extension CRDs GKE lacks) or `standalone` (0.9
     * only: no gateway, only the InferencePool v1 CRD).
     */
    gateway: string;
    /**
     * The llm-d release whose control plane to install, as PDStack's `llmdVersion`: `0.2` (Gateway API CRDs
     * v1.3.0, Inference Extension CRDs v0.5.1, istio 1.28-alpha or kgateway v2.0.4) or `0.9` (Gateway API
     * CRDs v1.5.1, the InferencePool v1 CRD of Inference Extension v1.5.0, istio 1.29.2 or agentgateway
     * v1.1.0). Default: "0.2".
     */
    llmdVersion?: string;
    /**
     * Install the Gateway API CRDs (standard channel) of the release. Set false where the cluster has them
     * (or let Pulumi adopt them: provider option `upsertExistingObjects`). On gke GKE's gateway controller
     * manages them, and true is rejected. Default: true on istio, kgateway and agentgateway, false on gke and standalone.
     */
    installGatewayApiCrds?: boolean;
    /**
     * Install the release's Gateway API Inference Extension CRDs: on 0.2 v0.5.1 (InferencePool v1alpha2,
     * InferenceModel), on 0.9 the InferencePool v1 CRD (v1.5.0). Set false where the cluster has them. On
     * gke with 0.9, GKE 1.34.0-gke.1626000 and later installs the InferencePool v1 CRD itself: set true
     * only on an older GKE cluster. Default: true, but false on gke with 0.9.
     */
    installInferenceExtensionCrds?: boolean;
    /**
     * Install the provider's charts: istio `base` (its CRDs) and `istiod` in istio-system, `kgateway-crds`
     * and `kgateway` in kgateway-system, or `agentgateway-crds` and `agentgateway` in agentgateway-system.
     * Set false where the provider already runs (Helm cannot adopt a release another tool installed).
     * Nothing to install on gke and standalone. Default: true on istio, kgateway and agentgateway.
     */
    installControlPlane?: boolean;
    /**
     * Install KEDA, which PDStack's `autoscaling` needs, once per cluster: the release's pinned KEDA chart
     * (llm-d 0.9: `kedacore/keda` 2.20.1 from https://kedacore.github.io/charts, release `keda` in namespace
     * `keda`, with its CRDs). Not offered on llm-d 0.2, which does not autoscale. Default: false.
     */
    installKeda?: boolean;
    /**
     * Keep the CRDs in the cluster on `pulumi destroy` (the Gateway API and Inference Extension CRDs, and the
     * objects of the istio `base`, `kgateway-crds` and `agentgateway-crds` charts): other workloads may use
     * them, and deleting a CRD deletes every object of its kind. The controllers are removed either way. Default: true.
     */
    retainCrdsOnDelete?: boolean;
}
