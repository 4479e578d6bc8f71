/**
 * Values of the llm-d Router release (llm-d-router-gateway, or llm-d-router-standalone in
 * standalone mode): upstream's `recipes/router/base.values.yaml` and the guide's
 * `router/pd-disaggregation.values.yaml` as Helm merges them, plus what PDStack sets: the pinned EPP
 * image, the install's pool selector, the provider, and no chart HTTPRoute (PDStack creates it).
 */
import type { PDSpec } from "../../pdstack/spec";
import { BENCHMARKING_CONNECTION_POOL } from "../benchmarking";
import { MODEL_SERVER_PORT } from "../vllm";
import { eppConfigYaml, PD_EPP_CONFIG_FILE } from "./eppConfig";
import { routerMonitoringValues } from "./monitoring";
import { routerMode } from "./gateway";
import { poolSelector } from "./modelServers";
import { Llmd09Names } from "./names";
import { EPP_IMAGE } from "./versions";

/** The port the standalone Envoy listens on in the EPP pod; the EPP Service exposes it as port 80. */
export const STANDALONE_PROXY_PORT = 8081;
/** The EPP Service port clients use in standalone mode. */
export const STANDALONE_SERVICE_PORT = 80;

/** `recipes/router/base.values.yaml`: the EPP's size and log level, the proxy's type, flags and size, tracing sampling. */
const BASE_ROUTER_VALUES = {
    epp: {
        replicas: 1,
        flags: { v: 2 },
        resources: { requests: { cpu: "4", memory: "8Gi" }, limits: { memory: "16Gi" } },
    },
    inferencePool: { failureMode: "FailOpen" },
    modelServers: { protocol: "http" },
    proxy: {
        /** The standalone chart's proxy in the EPP pod (the gateway chart has no proxy values). */
        proxyType: "envoy",
        args: ["--service-node", "envoy-sidecar", "--log-level", "warn", "--concurrency", "8", "--drain-strategy", "immediate", "--drain-time-s", "60", "-c", "/etc/envoy/envoy.yaml"],
        resources: { requests: { cpu: "4", memory: "8Gi" }, limits: { memory: "16Gi" } },
    },
    tracing: {
        otelExporterEndpoint: "http://localhost:4317",
        sampling: { sampler: "parentbased_traceidratio", samplerArg: "0.1" },
    },
};

/**
 * The guide's EPP (`pd-disaggregation/router/pd-disaggregation.values.yaml`): one replica, because the
 * inflight-load producer counts in-flight tokens per EPP process (the token-load scorer and the
 * affinity filter read them), and more replicas would each see part of the load; the P/D plugin config.
 */
const PD_GUIDE_EPP = {
    replicas: 1,
    pluginsConfigFile: PD_EPP_CONFIG_FILE,
    pluginsCustomConfig: { [PD_EPP_CONFIG_FILE]: eppConfigYaml() },
};

/** `registry` and `repository` of an image name, as the chart's `router.epp.image` takes them. */
function splitImage(name: string): { registry: string; repository: string } {
    const slash = name.lastIndexOf("/");
    return { registry: name.slice(0, slash), repository: name.slice(slash + 1) };
}

/** The router release's values. */
export function buildRouterValues(spec: PDSpec, names: Llmd09Names): Record<string, unknown> {
    const mode = routerMode(spec);
    const router = {
        ...BASE_ROUTER_VALUES,
        epp: {
            ...BASE_ROUTER_VALUES.epp,
            image: { ...splitImage(EPP_IMAGE.name), tag: EPP_IMAGE.tag, pullPolicy: "IfNotPresent" },
            ...PD_GUIDE_EPP,
        },
        ...(spec.monitoring ? { monitoring: routerMonitoringValues(names) } : {}),
        modelServers: {
            ...BASE_ROUTER_VALUES.modelServers,
            matchLabels: poolSelector(names),
            targetPorts: [{ number: MODEL_SERVER_PORT }],
        },
        extraServicePorts: [{ name: "http", port: STANDALONE_SERVICE_PORT, protocol: "TCP", targetPort: STANDALONE_PROXY_PORT }],
    };
    if (mode.chart === "standalone") {
        return { router };
    }
    const provider: Record<string, unknown> = { name: mode.provider };
    if (mode.provider === "istio" && spec.benchmarking) {
        provider.istio = { destinationRule: { trafficPolicy: { connectionPool: BENCHMARKING_CONNECTION_POOL } } };
    }
    return { router, provider, httpRoute: { create: false } };
}
