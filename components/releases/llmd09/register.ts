/**
 * What a PDStack registers on llm-d 0.9, from the pure builders of this folder: the Gateway (and
 * Istio's parameters), the llm-d Router release (EPP and InferencePool v1), the HTTPRoute to the pool,
 * and the prefill and decode Deployments with their ServiceAccount. None of llm-d-infra,
 * llm-d-modelservice or the inferencepool chart.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PDSpec } from "../../pdstack/spec";
import type { ReleaseContext, ReleaseOutputs } from "../profile";
import { buildGateway, buildGatewayParameters, routerMode } from "./gateway";
import { buildLlmd09HttpRoute } from "./httpRoute";
import { buildModelServerDeployment, buildModelServerServiceAccount } from "./modelServers";
import { llmd09NamesOf, Llmd09Names } from "./names";
import { registerAutoscaling } from "./autoscaling";
import { registerLlmd09Monitoring } from "./monitoring";
import { buildRouterValues } from "./routerValues";
import { ROUTER_CHARTS } from "./versions";

/** What an 0.9 install registers, for its tests and its release outputs. */
export interface Llmd09Resources {
    names: Llmd09Names;
    router: k8s.helm.v3.Release;
    prefill: k8s.apps.v1.Deployment;
    decode: k8s.apps.v1.Deployment;
    gateway?: k8s.apiextensions.CustomResource;
    route?: k8s.apiextensions.CustomResource;
    /** The ScaledObjects of prefill and decode, with autoscaling. */
    scalers: k8s.apiextensions.CustomResource[];
}

/** Registers an llm-d 0.9 install; `name` is the component's, the prefix of every resource name. */
export function registerLlmd09Resources(name: string, spec: PDSpec, ctx: ReleaseContext): Llmd09Resources {
    const names = llmd09NamesOf(spec);
    const child = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ parent: ctx.parent, ...extra });

    let gateway: k8s.apiextensions.CustomResource | undefined;
    const gatewayObject = buildGateway(spec, names);
    if (gatewayObject) {
        const parametersObject = buildGatewayParameters(spec, names);
        const parameters = parametersObject
            ? // Istio reads the gateway's Deployment and Service overrides from it; it lives in the namespace.
              new k8s.core.v1.ConfigMap(`${name}-gateway-parameters`, parametersObject, child({ dependsOn: ctx.inNamespace }))
            : undefined;
        gateway = new k8s.apiextensions.CustomResource(
            `${name}-gateway`,
            gatewayObject,
            // The Gateway lives in the namespace, needs the Gateway API CRDs and the provider's controller
            // (control plane), and on istio names its parameters ConfigMap, which Istio reads when it deploys it.
            child({ dependsOn: [...ctx.inNamespace, ...ctx.controlPlane, ...(parameters ? [parameters] : [])] }),
        );
    }

    const chart = ROUTER_CHARTS[routerMode(spec).chart];
    const router = new k8s.helm.v3.Release(
        `${name}-router`,
        {
            name: names.routerRelease,
            chart: chart.chart,
            version: chart.version,
            namespace: ctx.namespace,
            values: buildRouterValues(spec, names),
            timeout: ctx.controlReleaseTimeoutSeconds,
        },
        child({
            // The release installs into the namespace and creates an InferencePool v1, whose CRD the
            // control plane installs. Replaced delete first: a renamed release created before the old one is
            // deleted would collide with its cluster-scoped RBAC.
            dependsOn: [...ctx.inNamespace, ...ctx.controlPlane],
            deleteBeforeReplace: true,
        }),
    );

    const serviceAccount = new k8s.core.v1.ServiceAccount(
        `${name}-vllm-sa`,
        buildModelServerServiceAccount(spec, names),
        child({ dependsOn: ctx.inNamespace }),
    );
    const deployment = (role: "prefill" | "decode") =>
        new k8s.apps.v1.Deployment(
            `${name}-${role}`,
            buildModelServerDeployment(spec, names, role),
            child({
                // The pods run as the ServiceAccount and wait for what they read at start (model, token, GPU plugin);
                // they need neither the router nor the Gateway. `pulumi up` waits for them to be Ready, model
                // download and load included, for readyTimeoutSeconds.
                dependsOn: [...ctx.inNamespace, serviceAccount, ...ctx.modelServerDependencies],
                customTimeouts: { create: `${spec.readyTimeoutSeconds}s`, update: `${spec.readyTimeoutSeconds}s` },
            }),
        );
    const prefill = deployment("prefill");
    const decode = deployment("decode");
    registerLlmd09Monitoring(name, spec, names, ctx.parent, ctx.inNamespace);
    const scalers = registerAutoscaling(name, spec, names, ctx.parent, { prefill, decode }, ctx.keda);

    let route: k8s.apiextensions.CustomResource | undefined;
    const routeObject = buildLlmd09HttpRoute(spec, names);
    if (routeObject && gateway) {
        route = new k8s.apiextensions.CustomResource(
            // The same resource name as on 0.2: moving a stack to 0.9 updates the route in place.
            `${name}-route`,
            routeObject,
            // The route attaches to the Gateway (parentRefs) and sends to the router's InferencePool (backendRefs),
            // whose pods it waits for: a stack moving from 0.2 switches its route only once the new model servers serve.
            child({ dependsOn: [gateway, router, prefill, decode] }),
        );
    }

    return { names, router, prefill, decode, gateway, route, scalers };
}

/** Registers an llm-d 0.9 install and returns its release output: the router release (pool and EPP). */
export function registerLlmd09(name: string, spec: PDSpec, ctx: ReleaseContext): ReleaseOutputs {
    return { routerReleaseName: registerLlmd09Resources(name, spec, ctx).router.name as pulumi.Output<string> };
}
