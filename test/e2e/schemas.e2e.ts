/**
 * Every object PDStack builds for llm-d 0.9 (the Gateway, HTTPRoute, model-server Deployments and
 * ServiceAccount, the istio parameters ConfigMap, the InferencePool fields the router chart takes from
 * PDStack's values, the KEDA ScaledObjects) and llm-d 0.2's EPP ServiceMonitor, sent to the test API
 * server as a server-side dry run with strict field validation: the API server checks each against its
 * real schema (apps/v1 and core/v1 of its Kubernetes, the upstream CRDs of test/support/upstreamCrds.ts),
 * evaluates the CRDs' CEL rules and its own validation (a selector that matches the pod template, mounts of
 * declared volumes, unique container names), refuses any unknown field, and stores nothing. Each kind
 * also has a broken object the server refuses, with its message.
 */
import * as assert from "assert";
import { PDSpec, resolveSpec } from "../../components/pdstack/spec";
import { buildEppServiceMonitor } from "../../components/releases/llmd02/objects/eppMonitoring";
import {
    buildGateway,
    buildGatewayParameters,
    buildLlmd09HttpRoute,
    buildModelServerDeployment,
    buildModelServerServiceAccount,
    buildRouterValues,
    buildScaledObjects,
    deriveLlmd09Names,
    INFERENCE_POOL_API_VERSION,
    Llmd09Names,
} from "../../components/releases/llmd09";
import { gatewaysOn, HARDWARE, ROLES, VARIANTS } from "../support/llmd09Variants";
import { upstreamCrds } from "../support/upstreamCrds";
import { KubeResponse, TestCluster } from "./support/cluster";
import { e2eCluster } from "./support/hooks";

type Obj = Record<string, any>;

/** Autoscaled installs: upstream's metrics, and prefill from zero woken by the EPP's decode-only decisions. */
const AUTOSCALING: Record<string, Obj> = {
    "upstream's metrics": { autoscaling: { enabled: true } },
    "prefill from zero, decode-only fallback": { autoscaling: { enabled: true, prefill: { minReplicas: 0 }, deciderFallback: "decode-only" } },
};

/** Where each kind's objects are created (the CRDs' plural names). */
const RESOURCES: Record<string, string> = {
    Deployment: "deployments",
    ServiceAccount: "serviceaccounts",
    ConfigMap: "configmaps",
    Gateway: "gateways",
    HTTPRoute: "httproutes",
    InferencePool: "inferencepools",
    ScaledObject: "scaledobjects",
    ServiceMonitor: "servicemonitors",
};

function specFor(input: Obj): PDSpec {
    return resolveSpec({ llmdVersion: "0.9", ...input }, "llm-d-pd:");
}

function namesOf(spec: PDSpec): Llmd09Names {
    return deriveLlmd09Names(spec.namespace, spec.releasePostfix, spec.gateway);
}

/** The value as the provider sends it: JSON, without undefined fields. */
function json(v: unknown): Obj {
    return JSON.parse(JSON.stringify(v));
}

/**
 * The InferencePool the router chart renders from PDStack's values, as its `_inferencepool.yaml` (llm-d-router
 * v0.10.0, routerlib) writes it: each target port's number, every matchLabel, the protocol as appProtocol
 * (`grpc` as `kubernetes.io/h2c`), the EPP Service on its extProc port (9002 unless set) with the failure mode.
 */
function inferencePoolOf(spec: PDSpec, names: Llmd09Names): Obj {
    const { modelServers, epp, inferencePool } = (buildRouterValues(spec, names) as Obj).router;
    const appProtocol = { grpc: "kubernetes.io/h2c", http: "http" }[modelServers.protocol as string];
    return {
        apiVersion: INFERENCE_POOL_API_VERSION,
        kind: "InferencePool",
        metadata: { name: names.inferencePool, namespace: spec.namespace },
        spec: {
            targetPorts: modelServers.targetPorts.map((p: Obj) => ({ number: p.number })),
            ...(appProtocol ? { appProtocol } : {}),
            selector: { matchLabels: modelServers.matchLabels },
            endpointPickerRef: { name: names.epp, port: { number: epp?.extProcPort ?? 9002 }, failureMode: inferencePool?.failureMode ?? "FailOpen" },
        },
    };
}

/** A create of `obj` that the API server validates and admits, but does not store. */
function dryRun(cluster: TestCluster, obj: Obj): Promise<KubeResponse> {
    const group = obj.apiVersion.includes("/") ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
    const resource = RESOURCES[obj.kind];
    assert.ok(resource, `no resource for kind ${obj.kind}`);
    return cluster.request("POST", `${group}/namespaces/${obj.metadata.namespace}/${resource}?dryRun=All&fieldValidation=Strict`, obj);
}

/** The API server's message (a Status), for an assertion. */
const messageOf = (r: KubeResponse) => (typeof r.body === "object" ? r.body.message : String(r.body));

async function accepted(obj: Obj): Promise<void> {
    const r = await dryRun(e2eCluster(), obj);
    assert.strictEqual(r.status, 201, `${obj.kind} ${obj.metadata.name} refused: ${r.status} ${messageOf(r)}`);
}

/** Asserts the server refuses `obj` as invalid, with a message that matches each pattern. */
async function refused(obj: Obj, ...patterns: RegExp[]): Promise<void> {
    const r = await dryRun(e2eCluster(), obj);
    assert.ok([400, 422].includes(r.status), `${obj.kind} ${obj.metadata.name} not refused as invalid: ${r.status === 201 ? "accepted" : `${r.status} ${messageOf(r)}`}`);
    for (const p of patterns) {
        assert.match(messageOf(r), p);
    }
}

/** Every object of these cases, by case: built once, sent in the tests. */
interface Built {
    gateway?: Obj;
    route?: Obj;
    deployments: Record<(typeof ROLES)[number], Obj>;
    serviceAccount: Obj;
    parameters?: Obj;
    pool: Obj;
}

function build(spec: PDSpec): Built {
    const names = namesOf(spec);
    const gateway = buildGateway(spec, names);
    const route = buildLlmd09HttpRoute(spec, names);
    const parameters = buildGatewayParameters(spec, names);
    return {
        gateway: gateway && json(gateway),
        route: route && json(route),
        deployments: { prefill: json(buildModelServerDeployment(spec, names, "prefill")), decode: json(buildModelServerDeployment(spec, names, "decode")) },
        serviceAccount: json(buildModelServerServiceAccount(spec, names)),
        parameters: parameters && json(parameters),
        pool: inferencePoolOf(spec, names),
    };
}

const CASES = HARDWARE.flatMap((hardware) =>
    gatewaysOn(hardware).flatMap((gateway) =>
        Object.entries(VARIANTS).map(([variant, input]) => ({ title: `${hardware}, gateway ${gateway}, ${variant}`, spec: specFor({ hardware, gateway, ...input }) })),
    ),
);
const SCALED = Object.entries(AUTOSCALING).map(([title, input]) => ({
    title,
    spec: specFor({ hardware: "h200-ib", namespace: "serving", releasePostfix: "llama", monitoring: true, ...input }),
}));
const SERVICE_MONITOR_SPEC = resolveSpec({ hardware: "h200-ib", llmdVersion: "0.2", namespace: "team-a", releasePostfix: "llama", monitoring: true }, "llm-d-pd:");

describe("PDStack's objects against the API server's schemas (server-side dry run, strict field validation)", () => {
    let cluster: TestCluster;
    /** The namespaces this file created (the objects' own; a dry run needs them to exist), removed after it. */
    const created: string[] = [];

    before(async () => {
        cluster = e2eCluster();
        await cluster.applyCrds(upstreamCrds(["gatewayApi", "inferencePool", "keda", "prometheusOperator"]));
        const namespaces = new Set([...CASES, ...SCALED].map((c) => c.spec.namespace).concat(SERVICE_MONITOR_SPEC.namespace));
        for (const ns of namespaces) {
            const r = await cluster.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
            if (r.status === 201) {
                created.push(ns);
            } else if (r.status !== 409) {
                throw new Error(`create namespace ${ns}: ${r.status} ${messageOf(r)}`);
            }
        }
    });

    after(async () => {
        await cluster?.removeNamespaces(created);
    });

    for (const { title, spec } of CASES) {
        describe(title, () => {
            const built = build(spec);
            // Standalone builds neither (the unit suite's llmd09/variants.test.ts).
            if (built.gateway && built.route) {
                it("the Gateway and the HTTPRoute are valid against the Gateway API CRDs, CEL rules included", async () => {
                    await accepted(built.gateway!);
                    await accepted(built.route!);
                });
            }
            it("the prefill and decode Deployments, the ServiceAccount and (istio) the gateway parameters ConfigMap are valid", async () => {
                await accepted(built.deployments.prefill);
                await accepted(built.deployments.decode);
                await accepted(built.serviceAccount);
                if (built.parameters) {
                    await accepted(built.parameters);
                }
            });
            it("the InferencePool the router chart renders from PDStack's values is valid against the InferencePool v1 CRD", async () => {
                await accepted(built.pool);
            });
        });
    }

    for (const { title, spec } of SCALED) {
        it(`the ScaledObjects (${title}) are valid against KEDA's ScaledObject CRD, CEL rules included`, async () => {
            const objects = buildScaledObjects(spec, namesOf(spec))!;
            await accepted(objects.prefill);
            await accepted(objects.decode);
        });
    }

    it("llm-d 0.2's EPP ServiceMonitor is valid against the Prometheus operator's ServiceMonitor CRD", async () => {
        await accepted(json(buildEppServiceMonitor(SERVICE_MONITOR_SPEC)));
    });

    describe("the API server refuses what breaks a schema (each kind's check can fail)", () => {
        const built = build(specFor({ hardware: "h200-ib", gateway: "istio" }));
        const broken = <T>(v: T): T => structuredClone(v);

        it("Gateway: an unknown field; a CEL rule (no tls on an HTTP listener)", async () => {
            const unknown = broken(built.gateway!);
            unknown.spec.listeners[0].hostnames = ["x.example"];
            await refused(unknown, /unknown field "spec\.listeners\[0\]\.hostnames"/);
            const tls = broken(built.gateway!);
            tls.spec.listeners[0].tls = { mode: "Terminate", certificateRefs: [{ name: "cert" }] };
            await refused(tls, /tls must not be specified for protocols \['HTTP', 'TCP', 'UDP'\]/);
        });

        it("HTTPRoute: a CEL rule on a path ('//'), a wrong type", async () => {
            const path = broken(built.route!);
            path.spec.rules[0].matches[0].path = { type: "PathPrefix", value: "/v1//x" };
            await refused(path, /must not contain '\/\/'/);
            const timeout = broken(built.route!);
            timeout.spec.rules[0].timeouts.request = 30;
            await refused(timeout, /spec\.rules\[0\]\.timeouts\.request: Invalid value: "integer"/);
        });

        it("Deployment: an unknown field deep in the pod; a mount of no volume and a selector the pods do not match", async () => {
            const unknown = broken(built.deployments.decode);
            unknown.spec.template.spec.containers[0].resource = {};
            await refused(unknown, /unknown field "spec\.template\.spec\.containers\[0\]\.resource"/);
            const invalid = broken(built.deployments.decode);
            invalid.spec.template.spec.volumes = invalid.spec.template.spec.volumes.filter((v: Obj) => v.name !== "shm");
            invalid.spec.selector.matchLabels = { ...invalid.spec.selector.matchLabels, extra: "label" };
            await refused(invalid, /volumeMounts\[\d+\]\.name: Not found: "shm"/, /selector.*does not match template `labels`/);
        });

        it("ServiceAccount and ConfigMap: an unknown field", async () => {
            const sa = broken(built.serviceAccount);
            sa.metadata.labelz = {};
            await refused(sa, /unknown field "metadata\.labelz"/);
            const cm = broken(built.parameters!);
            cm.datta = {};
            await refused(cm, /unknown field "datta"/);
        });

        it("InferencePool: a port above 65535; a CEL rule (unique target ports)", async () => {
            const high = broken(built.pool);
            high.spec.targetPorts[0].number = 70000;
            await refused(high, /spec\.targetPorts\[0\]\.number: Invalid value: 70000/);
            const twice = broken(built.pool);
            twice.spec.targetPorts = [...twice.spec.targetPorts, twice.spec.targetPorts[0]];
            await refused(twice, /port number must be unique/);
        });

        it("ScaledObject: an unknown field; a CEL rule (minReplicaCount above maxReplicaCount)", async () => {
            const spec = SCALED[0].spec;
            const unknown = broken(buildScaledObjects(spec, namesOf(spec))!.prefill);
            unknown.spec.triggers[0].metricTyp = "AverageValue";
            await refused(unknown, /unknown field "spec\.triggers\[0\]\.metricTyp"/);
            const bounds = broken(buildScaledObjects(spec, namesOf(spec))!.decode);
            bounds.spec.minReplicaCount = bounds.spec.maxReplicaCount + 1;
            await refused(bounds, /minReplicaCount must be less than or equal to maxReplicaCount/);
        });

        it("ServiceMonitor: an unknown field; a value outside an enum", async () => {
            const monitor = json(buildEppServiceMonitor(SERVICE_MONITOR_SPEC));
            const unknown = broken(monitor);
            unknown.spec.endpoints[0].bearerToken = "x";
            await refused(unknown, /unknown field "spec\.endpoints\[0\]\.bearerToken"/);
            const scheme = broken(monitor);
            scheme.spec.endpoints[0].scheme = "tcp";
            await refused(scheme, /spec\.endpoints\[0\]\.scheme: Unsupported value: "tcp"/);
        });
    });
});
