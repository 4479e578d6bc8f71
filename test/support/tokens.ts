/** What the tests look resources up by: Pulumi type tokens, and an HF token that must never show in plain text. */

export const PDSTACK = "pdstack:index:PDStack";
export const CONTROL_PLANE = "pdstack:index:GatewayControlPlane";
export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const CHART = "kubernetes:helm.sh/v4:Chart";
export const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
export const NAMESPACE = "kubernetes:core/v1:Namespace";
export const SECRET = "kubernetes:core/v1:Secret";
export const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
export const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
export const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
export const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const DAEMONSET = "kubernetes:apps/v1:DaemonSet";
export const JOB = "kubernetes:batch/v1:Job";
export const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
export const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
export const SERVICE_MONITOR = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor";
export const GKE_CLUSTER = "gcp:container/cluster:Cluster";
export const NODE_POOL = "gcp:container/nodePool:NodePool";

/** A token-shaped secret: tests assert it never appears in plain text anywhere. */
export const TOKEN = "hf_TestTokenThatMustNeverAppearInPlainText0123";
