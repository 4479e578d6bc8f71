/**
 * What the policy pack reads of llm-d 0.9's resources: the router charts; the model servers from
 * PDStack's own prefill and decode Deployments (pods with `llm-d.ai/role`, one install per namespace
 * and `app.kubernetes.io/instance`), read with the pack's reader of pods into the release-neutral view;
 * how the decode pods run the disaggregation sidecar; and the names 0.9 derives from the release postfix.
 */
import { GatewayName } from "../../pdstack/gateway";
import { describeNamesOverLimits } from "../../pdstack/rules";
import type { SidecarConvention } from "../../policies/disaggSidecar";
import { chartBaseName, describeResource, HELM_RELEASE } from "../../policies/kubernetesResources";
import type { ModelServerInstall, ViewResource } from "../../policies/modelServerView";
import { deploymentRole, GATEWAY, gatewayOfClass, postfixFix, ReleaseProps } from "../../policies/nameRules";
import { deploymentReplicas, podInstall, RolePods } from "../../policies/podInstalls";
import { objectKey, ScaledMaximum, scaledMaxima } from "../../policies/scaledObjects";
import { isPlainObject } from "../../validation";
import type { ReleaseChecks } from "../checks";
import { ROUTING_SIDECAR_CONNECTOR } from "../vllm";
import { SIDECAR_CONTAINER } from "./modelServers";
import { INSTANCE_LABEL, llmd09NameProblems, llmd09PostfixOf, Llmd09PostfixedName } from "./names";
import { DISAGG_SIDECAR_IMAGE, imageRef, ROUTER_CHARTS } from "./versions";

/** Which llm-d 0.9 router chart a Helm release installs (`llm-d-router-gateway` or `-standalone`), from its chart name. */
export function routerChartOf(type: string, props: Record<string, any>): keyof typeof ROUTER_CHARTS | undefined {
    if (type !== HELM_RELEASE) {
        return undefined;
    }
    const base = chartBaseName(props.chart);
    return (Object.keys(ROUTER_CHARTS) as (keyof typeof ROUTER_CHARTS)[]).find((mode) => chartBaseName(ROUTER_CHARTS[mode].chart) === base);
}

/** Whether a resource is a 0.9 model server: a Deployment whose pods carry `llm-d.ai/role` prefill or decode. */
export function isModelServerDeployment(type: string, props: Record<string, any>): boolean {
    return deploymentRole(type, props) !== undefined;
}

/**
 * How llm-d-router v0.10.0's disaggregation sidecar runs in front of decode's vLLM
 * (llm-d/llm-d-router `pkg/sidecar/proxy/options.go` at tag v0.10.0, commit
 * 71f4f0999f95b96c49a9d0c4afbd18dfdb943c26): `--kv-connector` (default and only NIXL choice
 * `nixlv2`), `--model-server-port` (deprecated alias `--vllm-port`, default 8200). PDStack names the
 * init container as the guide does.
 */
export const LLMD09_SIDECAR: SidecarConvention = {
    name: SIDECAR_CONTAINER,
    image: imageRef(DISAGG_SIDECAR_IMAGE),
    connectorFlags: ["--kv-connector"],
    defaultConnector: ROUTING_SIDECAR_CONNECTOR,
    nixlConnectors: [ROUTING_SIDECAR_CONNECTOR],
    modelServerPortFlags: ["--model-server-port", "--vllm-port"],
    defaultModelServerPort: "8200",
    setBy: 'PDStack does on llmdVersion "0.9"',
};

/** The 0.9 model servers of a stack, one install per namespace and instance label. */
/** A Deployment's pods: the most its ScaledObject may run, or its own `replicas`. */
function scaledReplicas(scaled: ScaledMaximum | undefined, manifest: Record<string, any>): Pick<RolePods, "replicas" | "scaledBy"> {
    return scaled ? { replicas: scaled.maxReplicas, scaledBy: scaled.scaledObject } : { replicas: deploymentReplicas(manifest) };
}

export function llmd09ModelServers(resources: readonly ViewResource[]): ModelServerInstall[] {
    const groups = new Map<string, { namespace: string; instance?: string; pods: RolePods[] }>();
    // KEDA owns the replicas of an autoscaled role: it counts at the most its ScaledObject may run.
    const maxima = scaledMaxima(resources);
    for (const r of resources) {
        const role = deploymentRole(r.type, r.props);
        if (!role) {
            continue;
        }
        const namespace = typeof r.props.metadata?.namespace === "string" ? r.props.metadata.namespace : "default";
        const labels = r.props.spec?.template?.metadata?.labels;
        const instance = isPlainObject(labels) && typeof labels[INSTANCE_LABEL] === "string" ? labels[INSTANCE_LABEL] : undefined;
        const key = `${namespace}/${instance ?? ""}`;
        const group = groups.get(key) ?? { namespace, instance, pods: [] as RolePods[] };
        const podSpec = r.props.spec?.template?.spec;
        group.pods.push({
            role,
            resource: r,
            where: describeResource(r.type, r.name, r.props),
            podSpec: isPlainObject(podSpec) ? podSpec : {},
            specPath: "spec.template.spec",
            ...scaledReplicas(maxima.get(objectKey(namespace, r.props.metadata?.name)), r.props),
        });
        groups.set(key, group);
    }
    return [...groups].map(([key, g]) =>
        podInstall(
            {
                release: "0.9",
                where: `model servers ${g.instance ? `"${g.instance}" ` : ""}(namespace ${g.namespace})`,
                name: g.instance ?? (g.pods.find((p) => p.role === "decode") ?? g.pods[0]).resource.name,
                namespace: g.namespace,
                key,
                madeBy: "PDStack's Deployments",
                restore: "PDStack's Deployments",
                sidecars: [LLMD09_SIDECAR],
            },
            g.pods,
        ),
    );
}

/**
 * The derived names of llm-d 0.9 (as ./names.ts calls them) each object owns, and the name of that
 * object from which the policy reads the postfix back.
 */
const OWNED: Record<"router" | "prefill" | "decode" | "gateway", { from: Llmd09PostfixedName; names: string[] }> = {
    router: { from: "routerRelease", names: ["llm-d-router Helm release", "InferencePool", "EPP Service"] },
    prefill: { from: "prefillDeployment", names: ["prefill Deployment", "prefill pod hostname"] },
    decode: { from: "decodeDeployment", names: ["decode Deployment", "decode pod hostname"] },
    gateway: { from: "gateway", names: ["Gateway Service"] },
};

/**
 * The names a 0.9 object (`owner`: the router release, a model-server Deployment, the Gateway) named by
 * PDStack's rule creates, over their limits, with the longest postfix that fits; undefined when `name`
 * is not of PDStack's form (`router-<postfix>`, `vllm-<postfix>-prefill`, ...). `gateway` decides the
 * Gateway Service's suffix.
 */
export function llmd09NameLengthProblems(where: string, owner: keyof typeof OWNED, name: string, namespace: string, gateway: GatewayName = "istio"): string[] | undefined {
    const owned = OWNED[owner];
    const postfix = llmd09PostfixOf(owned.from, name);
    if (postfix === undefined) {
        return undefined;
    }
    const found = llmd09NameProblems(namespace, postfix, gateway, (n) => owned.names.includes(n.what));
    return found ? [`${where}: ${describeNamesOverLimits(found.problems)}. Fix: ${postfixFix(namespace, postfix, found.longest, found.problems)}.`] : [];
}

/** The router release of PDStack's form: its name with the names the router chart derives from it. */
function releaseNameProblems(where: string, type: string, props: ReleaseProps): string[] | undefined {
    if (!routerChartOf(type, props) || typeof props.name !== "string") {
        return undefined;
    }
    return llmd09NameLengthProblems(where, "router", props.name, typeof props.namespace === "string" ? props.namespace : "default");
}

/** A model-server Deployment or the Gateway, named by PDStack's 0.9 rule: the names it creates, with the postfix fix. */
function objectNameProblems(where: string, type: string, props: Record<string, any>): string[] | undefined {
    const objectName = props?.metadata?.name;
    if (typeof objectName !== "string") {
        return undefined;
    }
    const namespace = typeof props.metadata.namespace === "string" ? props.metadata.namespace : "default";
    const role = deploymentRole(type, props);
    if (role) {
        return llmd09NameLengthProblems(where, role, objectName, namespace);
    }
    const gateway = type === GATEWAY ? gatewayOfClass(props.spec?.gatewayClassName) : undefined;
    return gateway ? llmd09NameLengthProblems(where, "gateway", objectName, namespace, gateway) : undefined;
}

export const LLMD09_CHECKS: ReleaseChecks = {
    charts: ROUTER_CHARTS,
    isModelServer: isModelServerDeployment,
    modelServers: llmd09ModelServers,
    sidecar: LLMD09_SIDECAR,
    names: { release: releaseNameProblems, object: objectNameProblems },
};
