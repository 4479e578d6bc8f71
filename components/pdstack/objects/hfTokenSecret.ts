import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { HF_TOKEN_KEY } from "../names";
import { PDSpec } from "../spec";

/**
 * The Secret vLLM reads `HF_TOKEN` from (upstream creates it by hand). The token is wrapped as a
 * Pulumi secret here, whatever the caller passed, so it is encrypted in state and masked in output.
 */
export function buildHfTokenSecret(spec: PDSpec, token: pulumi.Input<string>): k8s.core.v1.SecretArgs {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: spec.hfTokenSecretName, namespace: spec.namespace },
        type: "Opaque",
        stringData: { [HF_TOKEN_KEY]: pulumi.secret(token) },
    };
}
