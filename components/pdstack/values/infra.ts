import { PDSpec } from "../spec";

/** Extra gateway settings of upstream's benchmarking environment (`benchmarking.yaml`). */
const BENCHMARKING_GATEWAY_PARAMETERS = {
    logLevel: "error",
    resources: {
        limits: { cpu: "4", memory: "4Gi" },
        requests: { cpu: "1", memory: "1Gi" },
    },
};

export const BENCHMARKING_CONNECTION_POOL = {
    http: {
        http1MaxPendingRequests: 256000,
        maxRequestsPerConnection: 256000,
        http2MaxRequests: 256000,
        idleTimeout: "900s",
    },
    tcp: {
        maxConnections: 256000,
        maxConnectionDuration: "1800s",
        connectTimeout: "900s",
    },
};

/** Values for the llm-d-infra release: the Gateway, and on istio a DestinationRule to the EPP. */
export function buildInfraValues(spec: PDSpec): Record<string, unknown> {
    const trafficPolicy: Record<string, unknown> = {};
    if (spec.gatewayProfile.istioDestinationRule) {
        trafficPolicy.tls = { mode: "SIMPLE", insecureSkipVerify: true };
    }
    if (spec.benchmarking) {
        trafficPolicy.connectionPool = BENCHMARKING_CONNECTION_POOL;
    }
    const destinationRule: Record<string, unknown> = { host: spec.names.eppHost };
    if (spec.gatewayProfile.istioDestinationRule) {
        destinationRule.enabled = true;
    }
    if (Object.keys(trafficPolicy).length > 0) {
        destinationRule.trafficPolicy = trafficPolicy;
    }
    const gateway: Record<string, unknown> = {
        gatewayClassName: spec.gatewayProfile.className,
        destinationRule,
    };
    if (spec.benchmarking) {
        gateway.gatewayParameters = BENCHMARKING_GATEWAY_PARAMETERS;
    }
    return { gateway };
}
