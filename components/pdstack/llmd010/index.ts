/**
 * llm-d 0.10 (`llmdVersion: "0.10"`): the pinned upstream artifacts, and pure builders for what PDStack
 * deploys on that release: the prefill and decode model servers with the disaggregation sidecar, the
 * router chart's values with the EPP's P/D config, the Gateway and the HTTPRoute to InferencePool v1.
 */
export { CONTROL_PLANE, DISAGG_SIDECAR_IMAGE, EPP_IMAGE, imageRef, ImagePin, OciChart, ROUTER_CHARTS, ROUTER_VERSION, UPSTREAM_COMMITS, UpstreamSource, VLLM_IMAGES } from "./versions";
export { MODEL_SERVERS, ModelServerProfile, ProbeTimings } from "./hardware";
export {
    deriveLlmd010Names,
    GUIDE,
    GUIDE_LABEL,
    INSTANCE_LABEL,
    llmd010NameBudget,
    llmd010NameProblems,
    Llmd010Names,
    llmd010PostfixOf,
    Llmd010PostfixedName,
    llmd010NamesOf,
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
    vllmPortOf,
} from "./modelServers";
export { EPP_CONFIG_API_VERSION, EPP_CONFIG_KIND, EppConfig, eppConfigYaml, PD_DECIDER, PD_EPP_CONFIG, PD_PROFILE_HANDLER } from "./eppConfig";
export { buildRouterValues, STANDALONE_PROXY_PORT, STANDALONE_SERVICE_PORT } from "./routerValues";
export { buildGateway, buildGatewayParameters, GATEWAY_API_VERSION, GatewayObject, ISTIO_GATEWAY_PARAMETERS, ISTIO_INFERENCE_LABEL, ROUTER_MODES, routerMode, RouterMode } from "./gateway";
export { buildLlmd010HttpRoute, HttpRouteObject, INFERENCE_POOL_API_VERSION, INFERENCE_POOL_GROUP, ROUTE_REQUEST_TIMEOUT } from "./httpRoute";
export { Llmd010Context, Llmd010Resources, registerLlmd010 } from "./register";
