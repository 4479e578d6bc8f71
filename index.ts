/**
 * The llm-d-pd Pulumi program: one PDStack configured by the stack's `llm-d-pd:` config, on the
 * cluster of the `kubernetes:` provider config, or on a GKE cluster it creates first
 * (`llm-d-pd:gkeCluster.create`).
 * `pulumi up --stack h200-ib|gke|xpu`; `npm run plan -- --stack <name>` runs it offline.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterClaims, GkeCluster, PDStack } from "./components";
import { loadProgramConfig } from "./program";

const CLUSTER_NAME = "llm-d-pd-gke";

const config = loadProgramConfig(CLUSTER_NAME);
const cluster = config.gkeCluster ? new GkeCluster(CLUSTER_NAME, config.gkeCluster) : undefined;
// The claims of the cluster the stack deploys on: the created GKE cluster's (with its Inference
// Extension CRDs), or those of the kubeconfig's cluster, which this program deploys nothing else on.
const clusterClaims = cluster ? cluster.clusterClaims : new ClusterClaims("kubeconfig");
const stack = new PDStack("llm-d-pd", config.pdStack, { clusterClaims });

export const namespace = stack.namespace;
/** llm-d 0.2: the three Helm releases; each is absent on llm-d 0.9. */
export const infraRelease = stack.infraReleaseName;
export const gaieRelease = stack.gaieReleaseName;
export const msRelease = stack.msReleaseName;
/** llm-d 0.9: the router release (InferencePool and EPP); absent on llm-d 0.2. */
export const routerRelease = stack.routerReleaseName;
export const gatewayService = stack.gatewayServiceName;
export const servedModelName = stack.servedModelName;
/** istio and kgateway: `kubectl port-forward` to the gateway's Service, then curlCommand. */
export const portForwardCommand = stack.portForwardCommand;
/** gke: prints the address of the Gateway's load balancer, which curlCommand uses. */
export const gatewayAddressCommand = stack.gatewayAddressCommand;
export const curlCommand = stack.curlCommand;
/** `npm run smoke -- --endpoint ... --model ...`: checks the gateway answers, with time to first token. */
export const smokeCommand = stack.smokeCommand;
/** Set when the stack created its GKE cluster: `pulumi stack output kubeconfig --show-secrets > kubeconfig`. */
export const kubeconfig: pulumi.Output<string> | undefined = cluster?.kubeconfig;
export const clusterName: pulumi.Output<string> | undefined = cluster?.clusterName;
