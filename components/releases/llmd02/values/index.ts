export { buildInfraValues } from "./infra";
export { buildGaieValues } from "./gaie";
export { buildModelServiceValues } from "./modelservice";
