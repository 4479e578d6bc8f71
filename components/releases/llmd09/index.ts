/**
 * The llm-d 0.9 release profile (`llmdVersion: "0.9"`): the pinned upstream artifacts, and pure builders
 * for what PDStack deploys on that release: the prefill and decode model servers with the disaggregation
 * sidecar, the router chart's values with the EPP's P/D config, the Gateway and the HTTPRoute to
 * InferencePool v1, and the gateway control plane it needs.
 */
import type { GatewayName } from "../../pdstack/gateway";
import type { HardwareName } from "../../pdstack/hardware";
import type { Pin } from "../pins";
import type { GatewaySupport, ReleaseProfile } from "../profile";
import { AGENTGATEWAY_CONTROL_PLANE, GATEWAY_API_CRDS_V1_5, INFERENCE_POOL_V1_CRDS, ISTIO_1_29_CONTROL_PLANE, LLMD09_CONTROL_PLANE } from "./controlPlane";
import { ROUTER_MODES } from "./gateway";
import { LLMD09_CHECKS } from "./checks";
import { MODEL_SERVERS } from "./hardware";
import { llmd09NameBudgetOf, llmd09NamesOf } from "./names";
import { registerLlmd09 } from "./register";
import { KEDA_CHART } from "./autoscaling";
import { CONTROL_PLANE, DISAGG_SIDECAR_IMAGE, EPP_IMAGE, GUIDE_MANIFESTS, imageRef, ImagePin, Pinned, ROUTER_CHARTS } from "./versions";

export {
    CONTROL_PLANE,
    CrdPin,
    DISAGG_SIDECAR_IMAGE,
    EPP_IMAGE,
    GUIDE_MANIFESTS,
    guideSource,
    imageRef,
    ImagePin,
    LLMD_MAIN_AFTER_V0_9_0_COMMIT,
    LLMD_REPOSITORY,
    LLMD_V0_9_0_COMMIT,
    OciChart,
    Pinned,
    ROUTER_CHARTS,
    ROUTER_VERSION,
    UPSTREAM_COMMITS,
    UpstreamSource,
    VLLM_IMAGES,
} from "./versions";
export { MODEL_SERVERS, ModelServerProfile, ProbeTimings } from "./hardware";
export { isModelServerDeployment, LLMD09_CHECKS, LLMD09_SIDECAR, llmd09ModelServers, llmd09NameLengthProblems, routerChartOf } from "./checks";
export {
    deriveLlmd09Names,
    GUIDE,
    GUIDE_LABEL,
    INSTANCE_LABEL,
    llmd09NameBudget,
    llmd09NameBudgetOf,
    llmd09NameProblems,
    Llmd09Names,
    llmd09PostfixOf,
    Llmd09PostfixedName,
    llmd09NamesOf,
    modelLabel,
    ROLE_LABEL,
    ROUTER_NAME_TRUNCATION,
} from "./names";
export {
    buildModelServerDeployment,
    buildModelServerServiceAccount,
    disaggSidecar,
    HF_HOME_ENV,
    MODEL_SERVER_CONTAINER,
    MODEL_VOLUME,
    modelServerArgs,
    modelServerContainer,
    modelServerLabels,
    modelServerResources,
    modelSource,
    NIXL_PORT,
    poolSelector,
    PREFILL_KEEP_ALIVE_SECONDS,
    SIDECAR_CONTAINER,
    SIDECAR_LOG_LEVEL,
    startupFailureThreshold,
    USER_ENV,
} from "./modelServers";
export {
    PD_EPP_CONFIG_FILE,
    EPP_CONFIG_API_VERSION,
    EPP_CONFIG_KIND,
    EppConfig,
    eppConfigYaml,
    MAX_PREFIX_TOKENS_TO_MATCH,
    PD_DECIDER,
    PD_EPP_CONFIG,
    PD_PROFILE_HANDLER,
    PEAK_PREFILL_THROUGHPUT,
} from "./eppConfig";
export { buildRouterValues, STANDALONE_PROXY_PORT, STANDALONE_SERVICE_PORT } from "./routerValues";
export { buildGateway, buildGatewayParameters, GATEWAY_API_VERSION, GatewayObject, ISTIO_GATEWAY_PARAMETERS, ISTIO_INFERENCE_LABEL, NoRouterMode, ROUTER_MODES, routerMode, RouterMode } from "./gateway";
export * from "./controlPlane";
export { buildLlmd09HttpRoute, HttpRouteObject, INFERENCE_POOL_API_VERSION, INFERENCE_POOL_GROUP, ROUTE_REQUEST_TIMEOUT } from "./httpRoute";
export { Llmd09Resources, registerLlmd09, registerLlmd09Resources } from "./register";
export { buildScaledObjects, KEDA_CHART, metricQuery, registerAutoscaling, scalingQueries, WAKE_THRESHOLD, WAKE_WINDOW, wakeQuery } from "./autoscaling";
export { buildPodMonitor, buildLlmd09PrometheusRule, EPP_SCRAPE_INTERVAL, MODEL_SERVER_SCRAPE_INTERVAL, registerLlmd09Monitoring, routerMonitoringValues } from "./monitoring";
export { buildLlmd09AlertRules, DECISION_COUNTER, llmd09AlertTargets } from "./alerts";
export * from "./eppMetrics";

/** A pin of `value`, with where it was read, where it is published and what floating reference it replaces. */
function pin(what: string, value: string, pinned: Pinned): Pin {
    return {
        what,
        value,
        source: pinned.source,
        ...(pinned.published ? { published: pinned.published } : {}),
        ...(pinned.replaces ? { replaces: pinned.replaces } : {}),
    };
}

function imagePin(what: string, image: ImagePin): Pin {
    return pin(what, imageRef(image), image);
}

/** The vLLM images, one pin per image with the hardware that runs it. */
function vllmImagePins(): Pin[] {
    const byImage = new Map<string, { image: ImagePin; hardware: HardwareName[] }>();
    for (const [hardware, row] of Object.entries(MODEL_SERVERS) as [HardwareName, (typeof MODEL_SERVERS)[HardwareName]][]) {
        const entry = byImage.get(imageRef(row.image)) ?? { image: row.image, hardware: [] };
        entry.hardware.push(hardware);
        byImage.set(imageRef(row.image), entry);
    }
    return [...byImage.values()].map((e) => imagePin(`vLLM image (${e.hardware.join(", ")})`, e.image));
}

export const LLMD09_PROFILE: ReleaseProfile = {
    release: "0.9",
    title: "llm-d v0.9 (August 2026)",
    summary:
        "llm-d v0.9.0's P/D guide: llm-d-router v0.10.0 (llm-d-router-gateway or -standalone chart: the EPP and an InferencePool " +
        "inference.networking.k8s.io/v1), PDStack's own Gateway and HTTPRoute, and prefill and decode Deployments running vLLM v0.26.0 " +
        "with the disaggregation sidecar (NIXL)",
    pins: [
        ...Object.values(ROUTER_CHARTS).map((c) => pin(`${c.chart.split("/").pop()} chart`, c.version, c)),
        imagePin("EPP image", EPP_IMAGE),
        imagePin("disaggregation sidecar image", DISAGG_SIDECAR_IMAGE),
        ...vllmImagePins(),
        pin(GATEWAY_API_CRDS_V1_5.title, GATEWAY_API_CRDS_V1_5.version, CONTROL_PLANE.gatewayApiCrds),
        pin(INFERENCE_POOL_V1_CRDS.title, INFERENCE_POOL_V1_CRDS.version, CONTROL_PLANE.gaieCrds),
        pin(`${ISTIO_1_29_CONTROL_PLANE.gateway} control plane`, ISTIO_1_29_CONTROL_PLANE.controller.chart.version, CONTROL_PLANE.istio),
        pin(`${AGENTGATEWAY_CONTROL_PLANE.gateway} control plane`, AGENTGATEWAY_CONTROL_PLANE.controller.chart.version, CONTROL_PLANE.agentgateway),
        pin("llm-d guide manifests (P/D model-server overlays, router values files, Gateway recipes)", GUIDE_MANIFESTS.value, GUIDE_MANIFESTS),
        { what: "KEDA chart (autoscaling.installKeda)", value: KEDA_CHART.chart.version, source: KEDA_CHART.sources[0] },
    ],
    defaultVllmImage: {
        "h200-ib": imageRef(MODEL_SERVERS["h200-ib"].image),
        gke: imageRef(MODEL_SERVERS.gke.image),
        xpu: imageRef(MODEL_SERVERS.xpu.image),
    },
    gateways: Object.fromEntries(
        Object.entries(ROUTER_MODES).map(([g, mode]) => [g, "unavailable" in mode ? { supported: false, why: mode.unavailable } : { supported: true }]),
    ) as Record<GatewayName, GatewaySupport>,
    controlPlane: LLMD09_CONTROL_PLANE,
    outputs: ["routerReleaseName"],
    nameBudget: llmd09NameBudgetOf,
    autoscaling: { supported: true },
    specProblems: () => [],
    endpoint: (spec) => {
        const names = llmd09NamesOf(spec);
        return { ...(names.gateway ? { gateway: names.gateway } : {}), gatewayService: names.gatewayService };
    },
    register: registerLlmd09,
    checks: LLMD09_CHECKS,
};
