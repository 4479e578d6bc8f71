export { GatewayControlPlane, controlPlaneSummary } from "./gatewayControlPlane";
export { GatewayControlPlaneArgs } from "./args";
export { CONTROL_PLANE_GATEWAYS, ControlPlaneGateway, GatewayControlPlaneSpec, gatewayControlPlaneInputSchema, resolveGatewayControlPlaneSpec } from "./spec";
export { ControlPlanePart, controlPlaneParts, describePart, CONTROLLER_RELEASE_TIMEOUT_SECONDS } from "./parts";
export { controlPlaneDependencies, controlPlaneMissing } from "./forInstall";
export {
    CrdManifest,
    ControlPlaneCharts,
    GATEWAY_API_CRDS,
    INFERENCE_EXTENSION_CRDS,
    ISTIO_CONTROL_PLANE,
    ISTIO_VERSION,
    KGATEWAY_CONTROL_PLANE,
    KGATEWAY_VERSION,
} from "./versions";
export { buildIstiodValues, buildKgatewayValues } from "./values";
