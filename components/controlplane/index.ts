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
export { ControlPlaneRelease, ControllerRelease, controlPlaneOf } from "./releases";
export { ControlPlaneChart, ControlPlaneCharts, CrdManifest } from "./types";
