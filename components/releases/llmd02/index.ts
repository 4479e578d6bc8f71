/**
 * The llm-d 0.2 release profile (`llmdVersion: "0.2"`, the default): llm-d as of September 2025, the
 * quickstart of llm-d-incubation/llm-d-infra at e9811e692b4038d22cecc9b1fdcd84d069f8405a. Three Helm
 * releases (llm-d-infra, inferencepool v0.5.1 with llm-d's EPP, llm-d-modelservice v0.2.7) and the
 * HTTPRoute upstream applies by hand.
 */
import type { HardwareName } from "../../pdstack/hardware";
import type { Pin } from "../pins";
import type { ReleaseProfile } from "../profile";
import { CHARTS } from "./charts";
import { LLMD02_CHECKS } from "./checks";
import { GATEWAY_API_CRDS, INFERENCE_EXTENSION_CRDS, ISTIO_CONTROL_PLANE, KGATEWAY_CONTROL_PLANE, LLMD02_CONTROL_PLANE } from "./controlPlane";
import { LLMD02_MODEL_SERVERS } from "./hardware";
import { llmd02NameBudgetOf, llmd02NamesOf } from "./names";
import { registerLlmd02 } from "./register";
import { quickstart } from "./sources";
import { EPP_IMAGE } from "./values/gaie";
import { ROUTING_SIDECAR_IMAGE } from "./values/modelservice";

export { CHARTS, ChartRef, QuickstartChart } from "./charts";
export { CHART_DEFAULT_REPLICAS, isModelServiceRelease, LLMD02_CHECKS, LLMD02_SIDECAR, LLMD_CHARTS, LlmdChart, llmdChartOf, modelServiceInstall, pinnedNode, roleValues, RoleValues } from "./checks";
export * from "./controlPlane";
export { LLMD02_MODEL_SERVERS, Llmd02ModelServer } from "./hardware";
export * from "./names";
export * from "./objects";
export { registerLlmd02 } from "./register";
export { buildLlmd02PrometheusRule, registerMonitoring } from "./monitoring";
export { buildLlmd02AlertRules, llmd02AlertTargets } from "./alerts";
export * from "./eppMetrics";
export { MODEL_SERVICE_IN_PLACE_VALUES, modelServiceReplaceOnChanges } from "./updates";
export * from "./values";

const EXAMPLE = "quickstart/examples/pd-disaggregation";

function vllmImagePins(): Pin[] {
    const byImage = new Map<string, HardwareName[]>();
    for (const [hardware, row] of Object.entries(LLMD02_MODEL_SERVERS) as [HardwareName, (typeof LLMD02_MODEL_SERVERS)[HardwareName]][]) {
        byImage.set(row.vllmImage, [...(byImage.get(row.vllmImage) ?? []), hardware]);
    }
    return [...byImage].map(([image, hardware]) => ({
        what: `vLLM image (${hardware.join(", ")})`,
        value: image,
        source: quickstart(`${EXAMPLE}/${hardware.includes("xpu") ? "ms-pd/values-xpu.yaml" : "ms-pd/values.yaml"}`),
    }));
}

export const LLMD02_PROFILE: ReleaseProfile = {
    release: "0.2",
    title: "llm-d v0.2 (September 2025)",
    summary:
        "llm-d-infra v1.2.4 (the Gateway), inferencepool v0.5.1 with llm-d's EPP (InferencePool inference.networking.x-k8s.io/v1alpha2), " +
        "llm-d-modelservice v0.2.7 (vLLM prefill and decode with the routing sidecar, NIXL), and the HTTPRoute",
    pins: [
        ...Object.values(CHARTS).map((c) => ({ what: `${c.chart.split("/").pop()} chart`, value: c.version, source: c.source })),
        { what: "EPP image (llm-d inference scheduler)", value: `${EPP_IMAGE.hub}/${EPP_IMAGE.name}:${EPP_IMAGE.tag}`, source: quickstart(`${EXAMPLE}/gaie-pd/values.yaml`) },
        { what: "routing sidecar image", value: ROUTING_SIDECAR_IMAGE, source: quickstart(`${EXAMPLE}/ms-pd/values.yaml`) },
        ...vllmImagePins(),
        ...[GATEWAY_API_CRDS, INFERENCE_EXTENSION_CRDS].map((m) => ({ what: m.title, value: m.version, source: m.source })),
        ...[ISTIO_CONTROL_PLANE, KGATEWAY_CONTROL_PLANE].map((c) => ({ what: `${c.gateway} control plane`, value: c.controller.chart.version, source: c.sources[0] })),
    ],
    defaultVllmImage: {
        "h200-ib": LLMD02_MODEL_SERVERS["h200-ib"].vllmImage,
        gke: LLMD02_MODEL_SERVERS.gke.vllmImage,
        xpu: LLMD02_MODEL_SERVERS.xpu.vllmImage,
    },
    gateways: {
        istio: { supported: true },
        kgateway: { supported: true },
        gke: { supported: true },
        agentgateway: { supported: false, why: 'llm-d 0.2 (llm-d-infra v1.2.4) has no agentgateway support; use gateway istio or kgateway, or llmdVersion "0.9"' },
        standalone: {
            supported: false,
            why: 'the standalone router (Envoy in the EPP pod, no Gateway) is an llm-d-router chart of llm-d 0.9; use llmdVersion "0.9"',
        },
    },
    autoscaling: {
        supported: false,
        why:
            "llm-d-modelservice v0.2.7 renders the prefill and decode Deployments with spec.replicas always set (templates/prefill-deployment.yaml, " +
            "decode-deployment.yaml: `replicas: {{ ternary .Values.<role>.replicas 1 (hasKey ...) }}`), and every upgrade of the ms-<postfix> release " +
            "(Helm 3's three-way merge with the live Deployment) would set the count KEDA chose back to the chart's, stopping scaled-up pods; " +
            'use llmdVersion "0.9", whose Deployments PDStack owns',
    },
    controlPlane: LLMD02_CONTROL_PLANE,
    outputs: ["infraReleaseName", "gaieReleaseName", "msReleaseName"],
    nameBudget: llmd02NameBudgetOf,
    specProblems: () => [],
    endpoint: (spec) => {
        const names = llmd02NamesOf(spec);
        return { gateway: names.gateway, gatewayService: names.gatewayService };
    },
    register: registerLlmd02,
    checks: LLMD02_CHECKS,
};
