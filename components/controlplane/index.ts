export { GatewayControlPlane, controlPlaneSummary } from "./gatewayControlPlane";
export { GatewayControlPlaneArgs } from "./args";
export {
    CONTROL_PLANE_GATEWAYS,
    ControlPlaneGateway,
    GatewayControlPlaneSpec,
    gatewayControlPlaneInputSchema,
    inferenceCrdsFromGke,
    resolveGatewayControlPlaneSpec,
} from "./spec";
export {
    ControlPlanePart,
    controlPlaneParts,
    controlPlanePartsUsedBy,
    describePart,
    partVersion,
    CONTROLLER_RELEASE_TIMEOUT_SECONDS,
} from "./parts";
export { checkControlPlaneVersions, controlPlaneDependencies, controlPlaneMissing, controlPlaneVersionConflicts } from "./forInstall";
export { CONTROL_PLANE_RELEASES, ControlPlaneRelease, ControllerRelease } from "./releases";
export {
    AGENTGATEWAY_CONTROL_PLANE,
    AGENTGATEWAY_VERSION,
    CrdManifest,
    ControlPlaneCharts,
    GATEWAY_API_CRDS,
    GATEWAY_API_CRDS_V1_5,
    GKE_INFERENCE_POOL_V1,
    INFERENCE_EXTENSION_CRDS,
    INFERENCE_POOL_V1_CRDS,
    ISTIO_1_29_CONTROL_PLANE,
    ISTIO_1_29_VERSION,
    ISTIO_CONTROL_PLANE,
    ISTIO_VERSION,
    KGATEWAY_CONTROL_PLANE,
    KGATEWAY_VERSION,
} from "./versions";
export { buildAgentgatewayValues, buildIstiod129Values, buildIstiodValues, buildKgatewayValues, ISTIO_ENABLE_INFERENCE_EXTENSION_FLAG } from "./values";
