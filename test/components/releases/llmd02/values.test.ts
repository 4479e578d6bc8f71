import * as assert from "assert";
import { llmd02NamesOf } from "../../../../components/releases/llmd02/names";
import { buildHttpRoute } from "../../../../components/releases/llmd02/objects/httpRoute";
import { buildIntelGpuPluginDaemonSet } from "../../../../components/pdstack/objects/intelGpuPlugin";
import { resolveSpec } from "../../../../components/pdstack/spec";
import { buildGaieValues, buildInfraValues, buildModelServiceValues } from "../../../../components/releases/llmd02/values";
import { withModelServiceAdditions } from "../../../../components/releases/llmd02/values/modelservice";
import { expected, referenceYaml, UPSTREAM_ENVS } from "../../../support/reference";

const spec = (input: Record<string, unknown>) => resolveSpec(input, "test:");

type Container = { args: string[]; resources: { limits: Record<string, unknown>; requests: Record<string, unknown> }; env: any[] };
const container = (ms: any, role: "prefill" | "decode"): Container => ms[role].containers[0];
const argAfter = (args: string[], flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);

describe("values builders reproduce the upstream environments key for key", () => {
    for (const [env, input] of Object.entries(UPSTREAM_ENVS)) {
        describe(`${env} (${JSON.stringify(input)})`, () => {
            const s = spec(input);
            it("llm-d-infra values", () => assert.deepStrictEqual(buildInfraValues(s), expected(env, "infra")));
            it("inferencepool values", () => assert.deepStrictEqual(buildGaieValues(s), expected(env, "gaie")));
            it("llm-d-modelservice values: upstream's plus PDStack's documented additions", () =>
                assert.deepStrictEqual(buildModelServiceValues(s), withModelServiceAdditions(expected(env, "ms"), s)));
            it("HTTPRoute", () => assert.deepStrictEqual(buildHttpRoute(s), expected(env, "httproute")));
        });
    }

    it("the Intel GPU device plugin is the DaemonSet upstream's kustomization renders", () => {
        assert.deepStrictEqual(buildIntelGpuPluginDaemonSet(), referenceYaml("intel-gpu-plugin-v0.32.1/rendered.yaml"));
    });
});

describe("derivation rules on non-default configs", () => {
    it("namespace and postfix change every derived name", () => {
        const s = spec({ hardware: "h200-ib", namespace: "team-a", releasePostfix: "llama" });
        const infra = buildInfraValues(s) as any;
        const ms = buildModelServiceValues(s) as any;
        const route = buildHttpRoute(s);
        assert.strictEqual(infra.gateway.destinationRule.host, "gaie-llama-epp.team-a.svc.cluster.local");
        assert.strictEqual(ms.routing.inferencePool.name, "gaie-llama");
        assert.strictEqual(ms.routing.parentRefs[0].name, "infra-llama-inference-gateway");
        assert.strictEqual(route.metadata.name, "llm-d-llama-disaggregation");
        assert.strictEqual(route.metadata.namespace, "team-a");
        assert.strictEqual(route.spec.parentRefs[0].name, "infra-llama-inference-gateway");
        assert.strictEqual(route.spec.rules[0].backendRefs[0].name, "gaie-llama");
        assert.strictEqual(llmd02NamesOf(s).gatewayService, "infra-llama-inference-gateway-istio");
    });

    it("a role's tensorParallelSize drives both --tensor-parallel-size and its nvidia.com/gpu count", () => {
        const ms = buildModelServiceValues(spec({ hardware: "h200-ib", prefill: { tensorParallelSize: 2 }, decode: { tensorParallelSize: 8 } })) as any;
        for (const [role, tp] of [["prefill", "2"], ["decode", "8"]] as const) {
            const c = container(ms, role);
            assert.strictEqual(argAfter(c.args, "--tensor-parallel-size"), tp, role);
            assert.strictEqual(c.resources.limits["nvidia.com/gpu"], tp, role);
            assert.strictEqual(c.resources.requests["nvidia.com/gpu"], tp, role);
        }
    });

    it("on xpu, tensorParallelSize drives gpu.intel.com/i915 and no NVIDIA or RDMA resource is requested", () => {
        const ms = buildModelServiceValues(spec({ hardware: "xpu", decode: { tensorParallelSize: 4 } })) as any;
        const c = container(ms, "decode");
        assert.strictEqual(argAfter(c.args, "--tensor-parallel-size"), "4");
        assert.strictEqual(c.resources.limits["gpu.intel.com/i915"], "4");
        for (const role of ["prefill", "decode"] as const) {
            const r = container(ms, role).resources;
            for (const forbidden of ["nvidia.com/gpu", "rdma/ib"]) {
                assert.ok(!(forbidden in r.limits) && !(forbidden in r.requests), `${role} requests ${forbidden}`);
            }
        }
    });

    it("a TP=1 role has no --tensor-parallel-size argument (vLLM's default), a wider one has it", () => {
        const ms = buildModelServiceValues(spec({ hardware: "gke", prefill: { tensorParallelSize: 1 }, decode: { tensorParallelSize: 1 } })) as any;
        assert.strictEqual(argAfter(container(ms, "decode").args, "--tensor-parallel-size"), undefined);
        assert.strictEqual(container(ms, "decode").resources.limits["nvidia.com/gpu"], "1");
    });

    it("rdma/ib is requested only on the InfiniBand hardware", () => {
        for (const [hardware, wantsRdma] of [["h200-ib", true], ["gke", false], ["xpu", false]] as const) {
            const ms = buildModelServiceValues(spec({ hardware })) as any;
            for (const role of ["prefill", "decode"] as const) {
                const r = container(ms, role).resources;
                assert.strictEqual("rdma/ib" in r.limits, wantsRdma, `${hardware} ${role} limits`);
                assert.strictEqual("rdma/ib" in r.requests, wantsRdma, `${hardware} ${role} requests`);
            }
        }
    });

    it("replicas, resources, model, image and max model length flow to the modelservice values", () => {
        const ms = buildModelServiceValues(
            spec({
                hardware: "gke",
                prefill: { replicas: 2, resources: { limits: { memory: "96Gi" } } },
                decode: { replicas: 3, resources: { requests: { cpu: "12" } } },
                model: { uri: "pvc://models/llama", name: "llama-local" },
                vllmImage: "ghcr.io/llm-d/llm-d:v0.2.1",
                maxModelLen: 8192,
            }),
        ) as any;
        assert.strictEqual(ms.prefill.replicas, 2);
        assert.strictEqual(ms.decode.replicas, 3);
        assert.deepStrictEqual(container(ms, "prefill").resources.limits, { cpu: "8", memory: "96Gi", "nvidia.com/gpu": "1" });
        assert.deepStrictEqual(container(ms, "decode").resources.requests, { cpu: "12", memory: "64Gi", "nvidia.com/gpu": "4" });
        assert.deepStrictEqual(ms.modelArtifacts, { uri: "pvc://models/llama", name: "llama-local", size: "100Gi", authSecretName: "llm-d-hf-token" });
        assert.strictEqual(ms.routing.modelName, "llama-local");
        assert.strictEqual(container(ms, "decode").args[container(ms, "decode").args.indexOf("--max-model-len") + 1], "8192");
        assert.strictEqual((container(ms, "prefill") as any).image, "ghcr.io/llm-d/llm-d:v0.2.1");
    });

    it("an existing HF token Secret is what modelservice reads the token from", () => {
        const ms = buildModelServiceValues(spec({ hardware: "xpu", existingHfTokenSecret: "org-hf-token" })) as any;
        assert.strictEqual(ms.modelArtifacts.authSecretName, "org-hf-token");
    });

    it("kgateway gets no Istio DestinationRule; gke gets the GKE provider, its class and a route without timeouts", () => {
        const kg = buildInfraValues(spec({ hardware: "gke", gateway: "kgateway" })) as any;
        assert.strictEqual(kg.gateway.gatewayClassName, "kgateway");
        assert.strictEqual(kg.gateway.destinationRule.enabled, undefined);
        const gke = spec({ hardware: "gke" });
        assert.strictEqual((buildInfraValues(gke) as any).gateway.gatewayClassName, "gke-l7-regional-external-managed");
        assert.deepStrictEqual((buildGaieValues(gke) as any).provider, { name: "gke" });
        assert.strictEqual(buildHttpRoute(gke).spec.rules[0].timeouts, undefined);
        assert.deepStrictEqual(buildHttpRoute(spec({ hardware: "gke", gateway: "istio" })).spec.rules[0].timeouts, { backendRequest: "0s", request: "0s" });
    });
});
