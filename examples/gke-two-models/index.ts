/**
 * A platform program: one GKE cluster with H200 nodes, and two llm-d P/D model deployments on it,
 * each in its own namespace with its own gateway, scheduler and vLLM pools.
 *
 *   npm install && pulumi stack init dev
 *   pulumi config set region us-central1 && pulumi config set gcp:project <project>
 *   pulumi config set reservation <a3-ultragpu-8g reservation>   # H200 is not sold on demand
 *   pulumi config set --secret hfToken <token>
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { GkeCluster, PDStack } from "pdstack";

const config = new pulumi.Config();
const hfToken = config.requireSecret("hfToken");
const gpuZones = config.getObject<string[]>("gpuZones");

// 2 nodes x 8 H200 = 16 GPUs: Llama takes 8 (4 prefill TP=1, 1 decode TP=4), Qwen 4 (2 prefill TP=1, 1 decode TP=2).
const cluster = new GkeCluster("llm-d", {
    region: config.require("region"),
    gpuZones: gpuZones?.length ? gpuZones : undefined,
    reservation: config.require("reservation"),
    gpuNodeCount: 2,
});

// Distinct namespaces and postfixes: every name, including the cluster-scoped gaie-<postfix>-epp RBAC, stays distinct.
const llama = new PDStack(
    "llama",
    { hardware: "gke", namespace: "llm-d-llama", releasePostfix: "llama", hfToken },
    { clusterClaims: cluster.clusterClaims },
);

const qwen = new PDStack(
    "qwen",
    {
        hardware: "gke",
        namespace: "llm-d-qwen",
        releasePostfix: "qwen",
        model: { uri: "hf://Qwen/Qwen3-32B", name: "Qwen/Qwen3-32B", size: "80Gi" },
        prefill: { replicas: 2, tensorParallelSize: 1 },
        decode: { replicas: 1, tensorParallelSize: 2 },
        hfToken,
    },
    { clusterClaims: cluster.clusterClaims },
);

export const kubeconfig = cluster.kubeconfig;
// GKE's gateway is a Google Cloud load balancer (no Service to port-forward to): each Gateway's address,
// and a curl that uses it.
export const llamaGatewayAddress = llama.gatewayAddressCommand;
export const llamaCurl = llama.curlCommand;
export const qwenGatewayAddress = qwen.gatewayAddressCommand;
export const qwenCurl = qwen.curlCommand;
