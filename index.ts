/**
 * The llm-d-pd Pulumi program: one PDStack configured by the stack's `llm-d-pd:` config.
 * `pulumi up --stack h200-ib|gke|xpu`; `npm run plan -- --stack <name>` runs it offline.
 */
import { PDStack } from "./components";
import { loadPDStackArgs } from "./program/config";

const stack = new PDStack("llm-d-pd", loadPDStackArgs());

export const namespace = stack.namespace;
export const infraRelease = stack.infraReleaseName;
export const gaieRelease = stack.gaieReleaseName;
export const msRelease = stack.msReleaseName;
export const gatewayService = stack.gatewayServiceName;
export const servedModelName = stack.servedModelName;
export const portForwardCommand = stack.portForwardCommand;
export const curlCommand = stack.curlCommand;
