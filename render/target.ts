/**
 * The Kubernetes version PDStack renders for (`helm template --kube-version`) and validates rendered
 * objects against. One constant for now; it moves into the llm-d release profile when those land.
 *
 * 1.33: the version whose API schema the pinned `kubernetes-models` package carries (4.5.x: "Update
 * schema version to v1.33.0", tommy351/kubernetes-models-ts first-party/kubernetes-models/CHANGELOG.md
 * at f819b64; 5.x moves to 1.36 and to ESM on Node 22 only), within what PDStack needs (1.29 or later,
 * docs/operate.md "Prerequisites") and what the 0.9 profile's GKE clusters run.
 */
export const TARGET_KUBERNETES_VERSION = "1.33.0";

/** The schema package and the Kubernetes version its schemas were generated from (must match the target's minor). */
export const SCHEMA_PACKAGE = { name: "kubernetes-models", version: "4.5.1", kubernetesVersion: "1.33.0" } as const;
