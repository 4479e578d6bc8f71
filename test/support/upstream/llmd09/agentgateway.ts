/** The record of agentgateway/agentgateway at the release the 0.9 profile installs (v1.1.0): the chart default the guide changes. */
import type { Facts } from "../recordFile";
import type { UpstreamTree } from "../tree";

/** The file read, which keys the facts. */
export const AGENTGATEWAY_CHART_VALUES = "controller/install/helm/agentgateway/values.yaml";

export function agentgatewayRecord(tree: UpstreamTree): Facts {
    return { [AGENTGATEWAY_CHART_VALUES]: { inferenceExtension: tree.yaml(AGENTGATEWAY_CHART_VALUES).inferenceExtension } };
}
