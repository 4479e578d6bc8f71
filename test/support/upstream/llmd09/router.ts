/**
 * The record of llm-d/llm-d-router at the tag the 0.9 profile runs (v0.10.0): its own P/D EPP config,
 * the gateway chart's defaults and HTTPRoute, the CRD versions it installs, and its own istiod.
 * Facts are keyed by the file they were read from.
 */
import type { Facts } from "../recordFile";
import type { UpstreamTree } from "../tree";

type Obj = Record<string, any>;

/** The files read, which key the facts. */
export const ROUTER_FILES = {
    eppConfig: "deploy/config/pd-epp-config.yaml",
    gatewayChartValues: "config/charts/llm-d-router-gateway/values.yaml",
    routeTemplate: "config/charts/llm-d-router-gateway/templates/httproute.yaml",
    gatewayApiCrds: "deploy/components/crds-gateway-api/kustomization.yaml",
    gieCrds: "deploy/components/crds-gie/kustomization.yaml",
    istiod: "deploy/components/istio-control-plane/deployment.yaml",
    istioctlProfile: "scripts/istio/istio-cp.yaml",
};
const { eppConfig: EPP_CONFIG, gatewayChartValues: GATEWAY_CHART_VALUES, routeTemplate: ROUTE_TEMPLATE, istiod: ISTIOD, istioctlProfile: ISTIOCTL_PROFILE } = ROUTER_FILES;

/** The first match of `re` in `text`, or an error naming what the template no longer says. */
function match(text: string, re: RegExp, what: string): RegExpExecArray {
    const m = re.exec(text);
    if (!m) {
        throw new Error(`${ROUTE_TEMPLATE} no longer has ${what} (${re})`);
    }
    return m;
}

/**
 * The HTTPRoute the gateway chart creates, read from its template's text: rendering it needs the rest
 * of the chart (its helpers, the routerlib library chart), so each field is found by a regular
 * expression over the template.
 */
function routeFacts(text: string): Obj {
    const created = match(text, /^\{\{-? if \.Values\.(\S+) \}\}\napiVersion: (\S+)\nkind: (\S+)\n/, "its condition, apiVersion and kind");
    const parent = match(text, /parentRefs:\n\s*- group: (\S+)\n\s*kind: (\S+)\n/, "a parentRef's group and kind");
    const backend = match(text, /backendRefs:\n\s*- group: (\S+)\n\s*kind: (\S+)\n/, "a backendRef's group and kind");
    const path = match(text, /- path:\n\s*type: (\S+)\n\s*value: (\S+)\n/, "a path match");
    const timeout = match(text, /\{\{- if ne \(lower \.Values\.provider\.name\) "(\w+)" \}\}\n\s*timeouts:\n\s*request: \{\{ \.Values\.(\S+) \}\}\n/, "the request timeout and its condition");
    return {
        readBy: "regular expressions over the template's text (rendering it needs the rest of the chart and routerlib)",
        createdWhen: created[1],
        apiVersion: created[2],
        kind: created[3],
        parentRef: { group: parent[1], kind: parent[2] },
        backendRef: { group: backend[1], kind: backend[2] },
        pathMatch: { type: path[1], value: path[2] },
        requestTimeoutFrom: timeout[2],
        noTimeoutsWhenProvider: timeout[1],
    };
}

export function routerRecord(tree: UpstreamTree): Facts {
    const epp = tree.yaml(EPP_CONFIG);
    const handler = (epp.plugins as Obj[]).find((p) => p.type === "disagg-profile-handler");
    const istiod = tree.yaml(ISTIOD);
    const discovery = (istiod.spec.template.spec.containers as Obj[]).find((c) => c.name === "discovery")!;
    const facts: Facts = {
        [EPP_CONFIG]: { apiVersion: epp.apiVersion, "plugins[disagg-profile-handler].parameters": handler?.parameters },
        [GATEWAY_CHART_VALUES]: { "provider.istio": tree.yaml(GATEWAY_CHART_VALUES).provider.istio },
        [ROUTE_TEMPLATE]: routeFacts(tree.text(ROUTE_TEMPLATE)),
    };
    for (const k of [ROUTER_FILES.gatewayApiCrds, ROUTER_FILES.gieCrds]) {
        facts[k] = { resources: tree.yaml(k).resources };
    }
    facts[ISTIOD] = {
        'metadata.labels["helm.sh/chart"]': istiod.metadata.labels["helm.sh/chart"],
        "containers[discovery].image": discovery.image,
        "containers[discovery].env (values)": Object.fromEntries((discovery.env as Obj[]).filter((e) => "value" in e).map((e) => [e.name, e.value])),
    };
    facts[ISTIOCTL_PROFILE] = { "spec.components.ingressGateways": tree.yaml(ISTIOCTL_PROFILE).spec.components.ingressGateways };
    return facts;
}
