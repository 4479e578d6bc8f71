/**
 * Readers of llm-d 0.9 model servers: the prefill and decode Deployments whose pods carry
 * `llm-d.ai/role`, grouped per install (namespace and `app.kubernetes.io/instance`), and read as the
 * modelservice-shaped values (`{prefill: {replicas, containers}, decode: ...}`) the pack's vLLM
 * container readers take, so that 0.2 releases and 0.9 Deployments are checked by the same rules.
 */
import { INSTANCE_LABEL, MODEL_SERVER_CONTAINER, ROLE_LABEL } from "../releases/llmd09";
import { isPlainObject } from "../validation";
import { describeResource } from "./kubernetesResources";
import { objectKey, ScaledMaximum, scaledMaxima } from "./scaledObjects";
import { Role, ROLES } from "./vllmContainers";

type Obj = Record<string, any>;

/** Type token of a Deployment, what PDStack registers each 0.9 model-server role as. */
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

interface Resource {
    type: string;
    name: string;
    urn?: string;
    props: Record<string, any>;
}

/** The role a Deployment's pods serve (`llm-d.ai/role` of its pod template), if it is a model server. */
export function modelServerRole(r: Resource): Role | undefined {
    if (r.type !== DEPLOYMENT) {
        return undefined;
    }
    const role = r.props?.spec?.template?.metadata?.labels?.[ROLE_LABEL];
    return (ROLES as readonly string[]).includes(role) ? (role as Role) : undefined;
}

/** The pod spec of a Deployment (an empty object when absent). */
export function podSpecOf(r: Resource): Obj {
    const spec = r.props?.spec?.template?.spec;
    return isPlainObject(spec) ? spec : {};
}

/** The vLLM container of a model-server pod: the one named `modelserver`, else the one running `vllm`, else the first. */
export function vllmContainerOf(podSpec: Obj): Obj | undefined {
    const containers: Obj[] = Array.isArray(podSpec.containers) ? podSpec.containers.filter(isPlainObject) : [];
    return (
        containers.find((c) => c.name === MODEL_SERVER_CONTAINER) ??
        containers.find((c) => [...(c.command ?? []), ...(c.args ?? [])].some((a: unknown) => typeof a === "string" && /(^|\/)vllm$/.test(a))) ??
        containers[0]
    );
}

/**
 * One Deployment's role, read as modelservice values: `{<role>: {create: true, replicas, containers: [vLLM]}}`.
 * A Deployment a ScaledObject scales (`maxima`, see ./scaledObjects.ts) counts its `maxReplicaCount` pods,
 * and says which ScaledObject (`scaledObject`).
 */
export function deploymentAsValues(r: Resource, maxima: Map<string, ScaledMaximum> = new Map()): Obj {
    const role = modelServerRole(r);
    const container = vllmContainerOf(podSpecOf(r));
    if (!role) {
        return {};
    }
    const scaled = maxima.get(objectKey(r.props?.metadata?.namespace, r.props?.metadata?.name));
    const replicas = r.props?.spec?.replicas;
    return {
        [role]: {
            create: true,
            replicas: scaled ? scaled.maxReplicas : typeof replicas === "number" ? replicas : 1,
            ...(scaled ? { scaledObject: scaled.scaledObject } : {}),
            containers: container ? [container] : [],
        },
    };
}

/** The model servers of one install: its prefill and decode Deployments. */
export interface ModelServerInstall<R extends Resource> {
    /** `model servers "router-pd" (namespace llm-d-pd)`: how messages name the install. */
    where: string;
    namespace: string;
    deployments: Partial<Record<Role, R>>;
    /** Both roles, read as modelservice values. */
    values: Obj;
}

/** The 0.9 model servers of a stack, one entry per install (namespace and instance label). */
export function modelServerInstalls<R extends Resource>(resources: readonly R[]): ModelServerInstall<R>[] {
    const installs = new Map<string, ModelServerInstall<R>>();
    const maxima = scaledMaxima(resources);
    for (const r of resources) {
        const role = modelServerRole(r);
        if (!role) {
            continue;
        }
        const namespace = typeof r.props?.metadata?.namespace === "string" ? r.props.metadata.namespace : "default";
        const instance = r.props?.spec?.template?.metadata?.labels?.[INSTANCE_LABEL];
        const key = `${namespace}/${instance ?? ""}`;
        const install: ModelServerInstall<R> = installs.get(key) ?? {
            where: `model servers ${instance ? `"${instance}" ` : ""}(namespace ${namespace})`,
            namespace,
            deployments: {},
            values: {},
        };
        install.deployments[role] = r;
        install.values = { ...install.values, ...deploymentAsValues(r, maxima) };
        installs.set(key, install);
    }
    return [...installs.values()];
}

/** How a message names one model-server Deployment. */
export function describeDeployment(r: Resource): string {
    return describeResource(r.type, r.name, r.props);
}

/**
 * Each 0.9 install as a modelservice release would read to the pack: its decode (or prefill)
 * Deployment's resource (urn, provider, parent), with `props` replaced by `{name, namespace, values}`
 * holding both roles. For the policies that count what a whole install takes (`pd-accelerator-budget`).
 */
export function modelServerInstallsAsReleases<R extends Resource>(resources: readonly R[]): R[] {
    return modelServerInstalls(resources).map((install) => {
        const anchor = (install.deployments.decode ?? install.deployments.prefill)!;
        const instance = anchor.props?.spec?.template?.metadata?.labels?.[INSTANCE_LABEL];
        return { ...anchor, props: { name: instance ?? anchor.name, namespace: install.namespace, values: install.values } };
    });
}
