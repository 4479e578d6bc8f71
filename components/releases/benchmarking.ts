/**
 * `benchmarking`: the Istio connection pool of upstream's benchmarking environment (llm-d-infra
 * `quickstart/examples/common/gateway-configurations/benchmarking.yaml` at
 * e9811e692b4038d22cecc9b1fdcd84d069f8405a), which PDStack gives the DestinationRule to the EPP on every
 * release, so that a load test is not throttled by the gateway.
 */
/** The DestinationRule `trafficPolicy.connectionPool` of a benchmarking install. */
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
