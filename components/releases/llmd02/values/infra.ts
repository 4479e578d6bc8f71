import { llmd02NamesOf } from "../names";
import type { PDSpec } from "../../../pdstack/spec";
import { BENCHMARKING_CONNECTION_POOL } from "../../benchmarking";

/** Extra gateway settings of upstream's benchmarking environment (`benchmarking.yaml`). */
const BENCHMARKING_GATEWAY_PARAMETERS = {
    logLevel: "error",
    resources: {
        limits: { cpu: "4", memory: "4Gi" },
        requests: { cpu: "1", memory: "1Gi" },
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
    const destinationRule: Record<string, unknown> = { host: llmd02NamesOf(spec).eppHost };
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
