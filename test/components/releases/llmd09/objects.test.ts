/**
 * llm-d 0.9 objects against what upstream's P/D guide deploys, as recorded from upstream
 * (test/fixtures/llmd09, see its SOURCE.md): the model-server Deployments and ServiceAccount per
 * hardware and the Gateway recipes (rendered by `kubectl kustomize`), the router values (layered by
 * Helm), the EPP config and the chart's HTTPRoute. Equal, except for the differences listed in
 * {@link DIFFERENCES} (and the router ones beside it), each of which must still be a difference.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
    buildGateway,
    buildGatewayParameters,
    buildLlmd09HttpRoute,
    buildModelServerDeployment,
    buildModelServerServiceAccount,
    buildRouterValues,
    deriveLlmd09Names,
    DISAGG_SIDECAR_IMAGE,
    EPP_IMAGE,
    imageRef,
    INSTANCE_LABEL,
    Llmd09Names,
    modelLabel,
    PD_EPP_CONFIG,
} from "../../../../components/releases/llmd09";
import { HardwareName } from "../../../../components/pdstack/hardware";
import { DECODE_VLLM_PORT } from "../../../../components/releases/vllm";
import { PDSpec, resolveSpec } from "../../../../components/pdstack/spec";
import { llmd09Facts, pick } from "../../../support/llmd09Records";
import { KGATEWAY_RECIPE, OVERLAY_OF_HARDWARE, RECIPE_OF_GATEWAY, ROUTER_FILES } from "../../../support/upstream/llmd09";

type Obj = Record<string, any>;
type Role = "prefill" | "decode";
const ROLES: Role[] = ["prefill", "decode"];

/** The guide's model and sizes per hardware, given to PDStack so that only real differences remain. */
const GUIDE_INPUT: Record<HardwareName, Obj> = {
    "h200-ib": {
        model: { uri: "hf://openai/gpt-oss-120b", name: "openai/gpt-oss-120b" },
        prefill: { replicas: 8, tensorParallelSize: 1, resources: { limits: { cpu: "8", memory: "16Gi" }, requests: { cpu: "8", memory: "16Gi" } } },
        decode: { replicas: 2, tensorParallelSize: 4, resources: { limits: { cpu: "16", memory: "64Gi" }, requests: { cpu: "16", memory: "64Gi" } } },
    },
    gke: {},
    xpu: {
        model: { uri: "hf://Qwen/Qwen3-0.6B", name: "Qwen/Qwen3-0.6B" },
        prefill: { replicas: 3, tensorParallelSize: 1, resources: { limits: { cpu: "8", memory: "64Gi" }, requests: { cpu: "8", memory: "64Gi" } } },
        decode: { replicas: 1, tensorParallelSize: 1, resources: { limits: { cpu: "16", memory: "64Gi" }, requests: { cpu: "16", memory: "64Gi" } } },
    },
};
GUIDE_INPUT.gke = GUIDE_INPUT["h200-ib"];

/** What upstream's overlays and recipes render, as recorded. */
const RENDERED = llmd09Facts("rendered");
/** The guide's values, docs and scripts, as recorded. */
const GUIDE = llmd09Facts("guide");
/** llm-d-router v0.10.0's files, as recorded. */
const ROUTER = llmd09Facts("router");

function specFor(hardware: HardwareName, extra: Obj = {}): PDSpec {
    return resolveSpec({ hardware, llmdVersion: "0.9", ...GUIDE_INPUT[hardware], ...extra }, "llm-d-pd:");
}

function namesOf(spec: PDSpec): Llmd09Names {
    return deriveLlmd09Names(spec.namespace, spec.releasePostfix, spec.gateway);
}

function clone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v));
}

/** Env order is not meaningful here (no entry refers to another with $(VAR)); Kustomize's merge order is compared by name. */
function normalize(deployment: Obj): Obj {
    const d = clone(deployment);
    for (const c of d.spec.template.spec.containers) {
        c.env = [...(c.env ?? [])].sort((a: Obj, b: Obj) => a.name.localeCompare(b.name));
    }
    return d;
}

interface Context {
    hardware: HardwareName;
    role: Role;
    spec: PDSpec;
    names: Llmd09Names;
}

/** One intentional difference between upstream's Deployment and PDStack's: `apply` turns upstream's into PDStack's. */
interface Difference {
    what: string;
    why: string;
    appliesTo: (c: Context) => boolean;
    apply: (upstream: Obj, c: Context) => void;
}

const container = (d: Obj) => d.spec.template.spec.containers[0];
const everyLabelSet = (d: Obj) => [d.metadata.labels, d.spec.selector.matchLabels, d.spec.template.metadata.labels];

/** Every intentional difference of PDStack's model servers from the guide's, in one place. */
export const DIFFERENCES: Difference[] = [
    {
        what: "names and namespace",
        why: "derived from the release postfix (vllm-<postfix>-<role>, ServiceAccount vllm-<postfix>) so that installs and a 0.2 stack being moved never collide; the namespace is set on the object (upstream: kubectl -n)",
        appliesTo: () => true,
        apply: (u, c) => {
            u.metadata.name = c.role === "decode" ? c.names.decodeDeployment : c.names.prefillDeployment;
            u.metadata.namespace = c.spec.namespace;
            u.spec.template.spec.serviceAccountName = c.names.serviceAccount;
        },
    },
    {
        what: "Recreate updates",
        why: "a rolling update's new pod would wait for GPUs the old pod holds and stall on a full GPU cluster; PDStack's 0.2 path replaces the model service for the same reason",
        appliesTo: () => true,
        apply: (u) => {
            u.spec.strategy = { type: "Recreate" };
        },
    },
    {
        what: "instance label",
        why: `${INSTANCE_LABEL} on pods and selectors, which the pool also selects: two installs in one namespace keep apart (upstream selects on llm-d.ai/guide alone)`,
        appliesTo: () => true,
        apply: (u, c) => everyLabelSet(u).forEach((l) => (l[INSTANCE_LABEL] = c.names.inferencePool)),
    },
    {
        what: "disaggregation sidecar pinned",
        why: "the P/D overlays name the routing-sidecar/nightly component, whose tag main moves; PDStack runs the routing-sidecar/release component's v0.10.0 (llm-d-router v0.10.0's sidecar)",
        appliesTo: (c) => c.role === "decode",
        apply: (u) => {
            u.spec.template.spec.initContainers[0].image = imageRef(DISAGG_SIDECAR_IMAGE);
        },
    },
    {
        what: "sized model volume",
        why: "vLLM downloads the model into an emptyDir of model.size at /model-cache (HF_HOME), as modelservice does on 0.2, instead of the container's writable layer",
        appliesTo: () => true,
        apply: (u, c) => {
            container(u).env.push({ name: "HF_HOME", value: "/model-cache" });
            container(u).volumeMounts.push({ name: "model-storage", mountPath: "/model-cache" });
            u.spec.template.spec.volumes.push({ name: "model-storage", emptyDir: { sizeLimit: c.spec.model.size } });
        },
    },
    {
        what: "--max-model-len",
        why: "PDStack always passes maxModelLen (default 32000); the NVIDIA overlays leave vLLM's model default",
        appliesTo: (c) => c.hardware !== "xpu",
        apply: (u, c) => {
            const args: string[] = container(u).args;
            const at = c.role === "decode" ? args.indexOf("--port=8200") : args.length;
            args.splice(at, 0, `--max-model-len=${c.spec.maxModelLen}`);
        },
    },
    {
        what: "startup probe window",
        why: "the startup probe allows readyTimeoutSeconds (default 3600 s), as long as pulumi up waits; the xpu overlay allows 1800 s",
        appliesTo: (c) => c.hardware === "xpu",
        apply: (u, c) => {
            const probe = container(u).startupProbe;
            probe.failureThreshold = Math.ceil(c.spec.readyTimeoutSeconds / probe.periodSeconds);
        },
    },
    {
        what: "GKE without RDMA",
        why:
            "nvidia.com/gpu per tensor-parallel rank from the device plugin instead of the DRA/DRANET RoCE claims, and without what the RDMA path needs " +
            "(UCX_IB_ROCE_REACHABILITY_MODE, the gke-rdma component's gIB NCCL tuner patch): PDStack's gke hardware (and GkeCluster) has device-plugin GPUs and no RDMA",
        appliesTo: (c) => c.hardware === "gke",
        apply: (u, c) => {
            delete u.spec.template.spec.resourceClaims;
            const vllm = container(u);
            delete vllm.resources.claims;
            vllm.env = vllm.env.filter((e: Obj) => !["UCX_IB_ROCE_REACHABILITY_MODE", "NCCL_TUNER_PLUGIN", "NCCL_NET_PLUGIN"].includes(e.name));
            const tp = String(c.spec[c.role].tensorParallelSize);
            vllm.resources.limits["nvidia.com/gpu"] = tp;
            vllm.resources.requests["nvidia.com/gpu"] = tp;
        },
    },
    {
        what: "Intel GPUs through the device plugin",
        why: "gpu.intel.com/i915 per tensor-parallel rank from the Intel GPU device plugin PDStack installs, instead of DRA ResourceClaimTemplates (which need Intel's DRA driver)",
        appliesTo: (c) => c.hardware === "xpu",
        apply: (u, c) => {
            delete u.spec.template.spec.resourceClaims;
            const r = container(u).resources;
            delete r.claims;
            const tp = String(c.spec[c.role].tensorParallelSize);
            r.limits["gpu.intel.com/i915"] = tp;
            r.requests["gpu.intel.com/i915"] = tp;
        },
    },
];

const HARDWARE: HardwareName[] = ["h200-ib", "gke", "xpu"];

describe("llm-d 0.9 model servers against the guide's manifests", () => {
    for (const hardware of HARDWARE) {
        describe(`${hardware} (upstream ${OVERLAY_OF_HARDWARE[hardware]})`, () => {
            const spec = specFor(hardware);
            const names = namesOf(spec);
            const rendered: Obj[] = RENDERED.modelServers[OVERLAY_OF_HARDWARE[hardware]];

            for (const role of ROLES) {
                it(`${role} Deployment equals upstream's but for the listed differences, each of which is real`, () => {
                    const c: Context = { hardware, role, spec, names };
                    const upstream = pick(rendered, "Deployment", `-${role}`);
                    for (const d of DIFFERENCES.filter((d) => d.appliesTo(c))) {
                        const before = JSON.stringify(normalize(upstream));
                        d.apply(upstream, c);
                        assert.notStrictEqual(JSON.stringify(normalize(upstream)), before, `difference "${d.what}" no longer differs from upstream on ${hardware} ${role}`);
                    }
                    assert.deepStrictEqual(normalize(clone(buildModelServerDeployment(spec, names, role))), normalize(upstream));
                });
            }

            it("ServiceAccount equals upstream's but for its name, namespace and instance label", () => {
                const upstream = pick(rendered, "ServiceAccount", "-sa");
                upstream.metadata.name = names.serviceAccount;
                upstream.metadata.namespace = spec.namespace;
                upstream.metadata.labels[INSTANCE_LABEL] = names.inferencePool;
                assert.deepStrictEqual(clone(buildModelServerServiceAccount(spec, names)), upstream);
            });
        });
    }

    it("docs/releases/0.9.md names every difference from upstream's model servers", () => {
        const page = fs.readFileSync(path.join(__dirname, "..", "..", "..", "..", "docs", "releases", "0.9.md"), "utf8");
        for (const d of DIFFERENCES) {
            assert.ok(page.includes(`**${d.what}**`), `docs/releases/0.9.md does not name the difference "${d.what}"`);
        }
    });

    it("the decode sidecar is a native sidecar in front of vLLM: restartPolicy Always, nixlv2, pool port to vLLM's port (the sidecar's default)", () => {
        const spec = specFor("h200-ib");
        const decode = clone(buildModelServerDeployment(spec, namesOf(spec), "decode")) as Obj;
        const [sidecar] = decode.spec.template.spec.initContainers;
        assert.strictEqual(sidecar.restartPolicy, "Always");
        assert.strictEqual(sidecar.image, "ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.10.0");
        assert.deepStrictEqual(sidecar.args, ["--port=8000", "--kv-connector=nixlv2", "--zap-log-level=1", "--secure-proxy=false"]);
        // No --model-server-port: llm-d-router v0.10.0's sidecar forwards to 8200 when none is given (pkg/sidecar/proxy/options.go).
        assert.strictEqual(DECODE_VLLM_PORT, 8200);
        assert.ok(container(decode).args.includes(`--port=${DECODE_VLLM_PORT}`));
        const prefill = clone(buildModelServerDeployment(spec, namesOf(spec), "prefill")) as Obj;
        assert.strictEqual(prefill.spec.template.spec.initContainers, undefined, "prefill has no sidecar");
    });

    it("vLLM runs the pinned upstream image by default, and the image given", () => {
        assert.strictEqual(specFor("h200-ib").vllmImage, "docker.io/vllm/vllm-openai:v0.26.0");
        assert.strictEqual(specFor("gke").vllmImage, "docker.io/vllm/vllm-openai:v0.26.0");
        assert.strictEqual(specFor("xpu").vllmImage, "ghcr.io/llm-d/llm-d-xpu:v0.9.0");
        const spec = specFor("gke", { vllmImage: "registry.example/vllm:v1" });
        assert.strictEqual(container(clone(buildModelServerDeployment(spec, namesOf(spec), "decode")) as Obj).image, "registry.example/vllm:v1");
    });

    it("PDStack's defaults: TP and replicas from the hardware, one rdma/ib on h200-ib only, TP accelerators per pod", () => {
        const resources = (hw: HardwareName, role: Role) => {
            const spec = resolveSpec({ hardware: hw, llmdVersion: "0.9" }, "llm-d-pd:");
            const d = clone(buildModelServerDeployment(spec, namesOf(spec), role)) as Obj;
            return [d.spec.replicas, container(d).args.find((a: string) => a.startsWith("--tensor-parallel-size=")), container(d).resources.limits];
        };
        assert.deepStrictEqual(resources("h200-ib", "decode"), [1, "--tensor-parallel-size=4", { cpu: "16", memory: "64Gi", "nvidia.com/gpu": "4", "rdma/ib": "1" }]);
        assert.deepStrictEqual(resources("gke", "prefill"), [4, "--tensor-parallel-size=1", { cpu: "8", memory: "64Gi", "nvidia.com/gpu": "1" }]);
        assert.deepStrictEqual(resources("xpu", "decode"), [1, "--tensor-parallel-size=2", { cpu: "8", memory: "24Gi", "gpu.intel.com/i915": "2" }]);
    });

    it("a model on a claim is mounted read-only and served under its name; a hub model under another name gets --served-model-name", () => {
        const onClaim = specFor("h200-ib", { model: { uri: "pvc://models/llama/70b", name: "llama-70b" } });
        const d = clone(buildModelServerDeployment(onClaim, namesOf(onClaim), "prefill")) as Obj;
        assert.strictEqual(container(d).args[0], "/model-cache/llama/70b");
        assert.ok(container(d).args.includes("--served-model-name=llama-70b"));
        assert.deepStrictEqual(d.spec.template.spec.volumes.find((v: Obj) => v.name === "model-storage"), {
            name: "model-storage",
            persistentVolumeClaim: { claimName: "models", readOnly: true },
        });
        const renamed = specFor("h200-ib", { model: { uri: "hf://openai/gpt-oss-120b", name: "gpt" } });
        const r = clone(buildModelServerDeployment(renamed, namesOf(renamed), "decode")) as Obj;
        assert.deepStrictEqual([container(r).args[0], container(r).args.at(-2)], ["openai/gpt-oss-120b", "--served-model-name=gpt"]);
    });

    it("the model label is upstream's: the last segment of the model name, a valid label value", () => {
        assert.strictEqual(modelLabel("openai/gpt-oss-120b"), "gpt-oss-120b");
        assert.strictEqual(modelLabel("Qwen/Qwen3-0.6B"), "Qwen3-0.6B");
        assert.strictEqual(modelLabel("org/model:with spaces_"), "model-with-spaces");
        assert.ok(modelLabel("x/" + "a".repeat(80)).length <= 63);
    });
});

/** The router values of the guide in gateway mode (base, httproute-flags, the guide's), as Helm layers them. */
const guideValues = (): Obj => clone(GUIDE.routerValues.values);

/** The guide's EPP config turned into v0.10.0's current form: the only difference from PDStack's. */
function upstreamEppConfigInV010Form(): Obj {
    const config = parse(guideValues().router.epp.pluginsCustomConfig["pd-config.yaml"]);
    // disagg-headers-handler is deprecated in v0.10.0: disagg-profile-handler sets the headers itself.
    config.plugins = config.plugins.filter((p: Obj) => p.type !== "disagg-headers-handler");
    // deciderPluginName is the deprecated alias of deciders.prefill; v0.10.0 lists deciders before the handler that names them.
    const handler = config.plugins.find((p: Obj) => p.type === "disagg-profile-handler");
    handler.parameters = { deciders: { prefill: handler.parameters.deciderPluginName } };
    const decider = config.plugins.find((p: Obj) => p.type === "always-disagg-pd-decider");
    config.plugins = [decider, handler, ...config.plugins.filter((p: Obj) => p !== decider && p !== handler)];
    return config;
}

describe("llm-d 0.9 router values against the guide's values files", () => {
    const spec = specFor("h200-ib");
    const names = namesOf(spec);

    it("the EPP config is the guide's in v0.10.0's form, in the router's own API version and handler shape", () => {
        const ours = parse((buildRouterValues(spec, names) as Obj).router.epp.pluginsCustomConfig["pd-config.yaml"]);
        assert.deepStrictEqual(ours, upstreamEppConfigInV010Form());
        const router = ROUTER[ROUTER_FILES.eppConfig];
        assert.strictEqual(ours.apiVersion, router.apiVersion, "the API version llm-d-router v0.10.0 itself writes");
        const routerHandler = router["plugins[disagg-profile-handler].parameters"];
        assert.deepStrictEqual(Object.keys(routerHandler), ["deciders"]);
        assert.deepStrictEqual(Object.keys(routerHandler.deciders), ["prefill"]);
        assert.deepStrictEqual(ours, PD_EPP_CONFIG);
    });

    for (const [gateway, provider] of [["istio", "istio"], ["agentgateway", "none"]] as const) {
        it(`gateway mode (${gateway}): the guide's values as Helm layers them, plus EPP image, pool selector, target port, provider ${provider}, no chart route`, () => {
            const s = specFor("h200-ib", { gateway });
            const ours = clone(buildRouterValues(s, namesOf(s))) as Obj;
            const upstream = guideValues();
            // Differences, each with its reason:
            upstream.router.epp.image = { registry: "ghcr.io/llm-d", repository: "llm-d-router-endpoint-picker", tag: "v0.10.0", pullPolicy: "IfNotPresent" }; // pinned (the release chart's default, named)
            upstream.router.epp.pluginsCustomConfig["pd-config.yaml"] = ours.router.epp.pluginsCustomConfig["pd-config.yaml"]; // compared above
            upstream.router.modelServers.matchLabels[INSTANCE_LABEL] = names.inferencePool; // the install's pods only
            upstream.router.modelServers.targetPorts = [{ number: 8000 }]; // the chart's default, named: the sidecar's port
            upstream.provider = { name: provider }; // --set provider.name
            assert.strictEqual(upstream.httpRoute.create, true, "the guide has the chart create the route");
            upstream.httpRoute = { create: false }; // PDStack creates the route itself
            assert.deepStrictEqual(ours, upstream);
            assert.strictEqual(`${ours.router.epp.image.registry}/${ours.router.epp.image.repository}:${ours.router.epp.image.tag}`, imageRef(EPP_IMAGE));
        });
    }

    it("standalone mode: the same router values, no provider and no route", () => {
        const s = specFor("h200-ib", { gateway: "standalone" });
        const ours = buildRouterValues(s, namesOf(s)) as Obj;
        assert.deepStrictEqual(Object.keys(ours), ["router"]);
        assert.deepStrictEqual(ours.router, (buildRouterValues(spec, names) as Obj).router);
        assert.deepStrictEqual(ours.router.extraServicePorts, [{ name: "http", port: 80, protocol: "TCP", targetPort: 8081 }]);
    });

    it("benchmarking on istio tunes the chart's DestinationRule connection pool; the values use no key the v0.10.0 charts reject", () => {
        const s = specFor("h200-ib", { benchmarking: true });
        const ours = buildRouterValues(s, namesOf(s)) as Obj;
        assert.strictEqual(ours.provider.istio.destinationRule.trafficPolicy.connectionPool.http.http2MaxRequests, 256000);
        assert.ok("destinationRule" in ROUTER[ROUTER_FILES.gatewayChartValues]["provider.istio"], "the v0.10.0 gateway chart's provider.istio has a destinationRule");
        for (const legacy of ["inferenceExtension", "inferencePool", "inferenceObjectives", "experimentalHttpRoute"]) {
            assert.ok(!(legacy in ours), `${legacy} is a legacy top-level key the v0.10.0 charts fail on`);
        }
    });

    it("the pool the chart creates selects exactly the model servers' pods", () => {
        const ours = buildRouterValues(spec, names) as Obj;
        for (const role of ROLES) {
            const labels = (buildModelServerDeployment(spec, names, role) as Obj).spec.template.metadata.labels;
            for (const [k, v] of Object.entries(ours.router.modelServers.matchLabels)) {
                assert.strictEqual(labels[k], v, `${role} pods lack ${k}=${v}`);
            }
        }
        const other = resolveSpec({ hardware: "h200-ib", llmdVersion: "0.9", releasePostfix: "other" }, "llm-d-pd:");
        assert.notDeepStrictEqual((buildRouterValues(other, namesOf(other)) as Obj).router.modelServers.matchLabels, ours.router.modelServers.matchLabels);
    });
});

describe("llm-d 0.9 Gateway and HTTPRoute against upstream's recipe and chart template", () => {
    it("istio: the recipe's Gateway and ConfigMap, under the install's names", () => {
        const spec = specFor("h200-ib", { gateway: "istio" });
        const names = namesOf(spec);
        const rendered: Obj[] = RENDERED.gatewayRecipes[RECIPE_OF_GATEWAY.istio];
        const gateway = pick(rendered, "Gateway", "llm-d-inference-gateway");
        gateway.metadata.name = names.gateway;
        gateway.metadata.namespace = spec.namespace;
        gateway.spec.infrastructure.parametersRef.name = names.gatewayParameters;
        assert.deepStrictEqual(clone(buildGateway(spec, names)), gateway);
        const configMap = pick(rendered, "ConfigMap", "llm-d-inference-gateway");
        configMap.metadata.name = names.gatewayParameters;
        configMap.metadata.namespace = spec.namespace;
        configMap.metadata.labels["app.kubernetes.io/gateway"] = names.gateway;
        assert.deepStrictEqual(clone(buildGatewayParameters(spec, names)), configMap);
    });

    for (const [gateway, hardware] of [["agentgateway", "h200-ib"], ["gke", "gke"]] as const) {
        it(`${gateway}: the recipe's Gateway, under the install's name, without parameters`, () => {
            const spec = specFor(hardware, { gateway });
            const names = namesOf(spec);
            const upstream = pick(RENDERED.gatewayRecipes[RECIPE_OF_GATEWAY[gateway]], "Gateway", "llm-d-inference-gateway");
            upstream.metadata.name = names.gateway;
            upstream.metadata.namespace = spec.namespace;
            assert.deepStrictEqual(clone(buildGateway(spec, names)), upstream);
            assert.strictEqual(buildGatewayParameters(spec, names), undefined);
        });
    }

    it("kgateway's recipe now renders an agentgateway Gateway (why 0.9 rejects kgateway)", () => {
        assert.strictEqual(GUIDE.keys[KGATEWAY_RECIPE]["spec.gatewayClassName"], "agentgateway");
    });

    it("the HTTPRoute is the chart's (httpRoute.create with httproute-flags.yaml): every path to the v1 pool, request timeout 0s but on GKE", () => {
        const route = ROUTER[ROUTER_FILES.routeTemplate];
        const values = guideValues();
        assert.strictEqual(route.createdWhen, "httpRoute.create");
        const timeout = route.requestTimeoutFrom.split(".").reduce((at: Obj, k: string) => at[k], values);
        assert.strictEqual(timeout, "0s", "httproute-flags.yaml's request timeout");
        const spec = specFor("h200-ib");
        const names = namesOf(spec);
        assert.deepStrictEqual(clone(buildLlmd09HttpRoute(spec, names)), {
            apiVersion: route.apiVersion,
            kind: route.kind,
            metadata: { name: names.route, namespace: spec.namespace },
            spec: {
                parentRefs: [{ ...route.parentRef, name: names.gateway }],
                rules: [
                    {
                        backendRefs: [{ ...route.backendRef, name: names.inferencePool }],
                        matches: [{ path: route.pathMatch }],
                        timeouts: { request: timeout },
                    },
                ],
            },
        });
        const gke = specFor("gke");
        assert.strictEqual(route.noTimeoutsWhenProvider, "gke");
        assert.strictEqual((buildLlmd09HttpRoute(gke, namesOf(gke)) as Obj).spec.rules[0].timeouts, undefined);
        const standalone = specFor("h200-ib", { gateway: "standalone" });
        assert.strictEqual(buildLlmd09HttpRoute(standalone, namesOf(standalone)), undefined);
        assert.strictEqual(buildGateway(standalone, namesOf(standalone)), undefined);
    });
});
