/**
 * The kubeconfig of a GKE cluster in the form `gcloud container clusters get-credentials` writes:
 * credentials come from the gke-gcloud-auth-plugin exec plugin, never a static token.
 */
import { stringify } from "yaml";

export interface GkeKubeconfigInput {
    project: string;
    region: string;
    clusterName: string;
    /** The cluster's endpoint (an IP address or host, without scheme). */
    endpoint: string;
    /** Base64 PEM of the cluster CA (`masterAuth.clusterCaCertificate`). */
    clusterCaCertificate: string;
}

export const GKE_AUTH_PLUGIN = "gke-gcloud-auth-plugin";

/** The context name gcloud uses: gke_<project>_<location>_<cluster>. */
export function gkeContextName(c: Pick<GkeKubeconfigInput, "project" | "region" | "clusterName">): string {
    return `gke_${c.project}_${c.region}_${c.clusterName}`;
}

/** A kubeconfig (YAML) with one cluster, one context and the gke-gcloud-auth-plugin user. */
export function buildGkeKubeconfig(c: GkeKubeconfigInput): string {
    const context = gkeContextName(c);
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: context, cluster: { server: `https://${c.endpoint}`, "certificate-authority-data": c.clusterCaCertificate } }],
        contexts: [{ name: context, context: { cluster: context, user: context } }],
        "current-context": context,
        preferences: {},
        users: [
            {
                name: context,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: GKE_AUTH_PLUGIN,
                        installHint:
                            "Install gke-gcloud-auth-plugin for kubectl and Pulumi: gcloud components install gke-gcloud-auth-plugin " +
                            "(https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin)",
                        provideClusterInfo: true,
                        interactiveMode: "IfAvailable",
                    },
                },
            },
        ],
    });
}
