/**
 * PDStack with `llmdVersion: "0.9"` under Pulumi mocks: what it registers (and what it no longer
 * does), the router release at its pinned version, the route to an InferencePool v1, the model
 * servers with the sidecar, dependency order, outputs, and the combinations it rejects.
 */
import * as assert from "assert";
import type { PDStack as PDStackClass } from "../../../../components/pdstack/pdStack";
import type { PDStackArgs } from "../../../../components/pdstack/args";
import { PlannedResource, ResourceRecorder, resolveOutput } from "../../../../plan/recorder";
import { CONFIG_MAP, DAEMONSET, DEPLOYMENT, GATEWAY, NAMESPACE, RELEASE, ROUTE, SECRET, SERVICE_ACCOUNT, TOKEN } from "../../../support/tokens";


let PDStack: typeof PDStackClass;

const plan = (build: () => void): Promise<ResourceRecorder> => ResourceRecorder.record(build);

const v010 = (args: Partial<PDStackArgs> & { hardware: string }) => () => {
    new PDStack("pd", { hfToken: TOKEN, llmdVersion: "0.9", ...args });
};

const kinds = (rec: ResourceRecorder) => rec.resources.map((r) => `${r.type} ${r.name}`).sort();
const dependsOn = (rec: ResourceRecorder, r: PlannedResource) => {
    const byUrn = new Map(rec.resources.map((x) => [x.urn, x.name]));
    return r.dependencyUrns.map((u) => byUrn.get(u)).sort();
};

describe("PDStack on llm-d 0.9 under mocks", () => {
    before(async () => {
        await ResourceRecorder.install();
        PDStack = (await import("../../../../components/pdstack/pdStack")).PDStack;
    });

    it("registers the Gateway, the router release, the route and the model servers, and none of llm-d-infra, modelservice or inferencepool", async () => {
        const rec = await plan(v010({ hardware: "h200-ib" }));
        assert.deepStrictEqual(kinds(rec), [
            `${CONFIG_MAP} pd-gateway-parameters`,
            `${DEPLOYMENT} pd-decode`,
            `${DEPLOYMENT} pd-prefill`,
            `${GATEWAY} pd-gateway`,
            `${ROUTE} pd-route`,
            `${NAMESPACE} pd-namespace`,
            `${SECRET} pd-hf-token`,
            `${SERVICE_ACCOUNT} pd-vllm-sa`,
            `${RELEASE} pd-router`,
            "pdstack:index:PDStack pd",
        ].sort());
        const charts = rec.resources.filter((r) => r.type === RELEASE).map((r) => (r.inputs as any).chart);
        assert.deepStrictEqual(charts, ["oci://ghcr.io/llm-d/charts/llm-d-router-gateway"]);
        const component = rec.get("pdstack:index:PDStack", "pd");
        assert.strictEqual((component.inputs as any).llmdVersion, "0.9");
        for (const r of rec.resources.filter((r) => r !== component)) {
            assert.strictEqual(r.parentUrn, component.urn, `${r.name} is not a child of the component`);
        }
    });

    it("the router release is llm-d-router-gateway v0.10.0 with the pinned EPP, the P/D config and the install's pool selector", async () => {
        const rec = await plan(v010({ hardware: "gke", namespace: "serving", releasePostfix: "llama" }));
        const router = rec.get(RELEASE, "pd-router").inputs as any;
        assert.deepStrictEqual([router.name, router.chart, router.version, router.namespace, router.repositoryOpts], [
            "router-llama",
            "oci://ghcr.io/llm-d/charts/llm-d-router-gateway",
            "v0.10.0",
            "serving",
            undefined,
        ]);
        assert.deepStrictEqual(router.values.router.epp.image, { registry: "ghcr.io/llm-d", repository: "llm-d-router-endpoint-picker", tag: "v0.10.0", pullPolicy: "IfNotPresent" });
        assert.match(router.values.router.epp.pluginsCustomConfig["pd-config.yaml"], /^apiVersion: llm-d\.ai\/v1alpha1\n/);
        assert.deepStrictEqual(router.values.router.modelServers.matchLabels, { "llm-d.ai/guide": "pd-disaggregation", "app.kubernetes.io/instance": "router-llama" });
        assert.deepStrictEqual(router.values.provider, { name: "gke" });
        assert.deepStrictEqual(router.values.httpRoute, { create: false });
    });

    it("the route sends every path on the install's Gateway to the router's InferencePool v1, once the model servers serve", async () => {
        const rec = await plan(v010({ hardware: "h200-ib", releasePostfix: "llama" }));
        const route = rec.get(ROUTE, "pd-route").inputs as any;
        assert.strictEqual(route.metadata.name, "llm-d-llama-disaggregation", "the 0.2 route's name: moving a stack updates it in place");
        assert.deepStrictEqual(route.spec.rules[0].backendRefs, [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: "router-llama" }]);
        assert.deepStrictEqual(route.spec.parentRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "llm-d-llama-inference-gateway" }]);
        const gateway = rec.get(GATEWAY, "pd-gateway").inputs as any;
        assert.deepStrictEqual([gateway.metadata.name, gateway.spec.gatewayClassName], ["llm-d-llama-inference-gateway", "istio"]);
        // The route switches to the new pool only once its pods serve (what a stack moving from 0.2 relies on).
        assert.deepStrictEqual(dependsOn(rec, rec.get(ROUTE, "pd-route")), ["pd-decode", "pd-gateway", "pd-prefill", "pd-router"]);
    });

    it("prefill and decode run the pinned upstream vLLM image with NIXL, decode behind the native disagg sidecar", async () => {
        const rec = await plan(v010({ hardware: "h200-ib" }));
        const pod = (role: string) => (rec.get(DEPLOYMENT, `pd-${role}`).inputs as any).spec.template.spec;
        for (const role of ["prefill", "decode"]) {
            const [vllm] = pod(role).containers;
            assert.strictEqual(vllm.image, "docker.io/vllm/vllm-openai:v0.26.0");
            assert.ok(vllm.args.includes('{"kv_connector":"NixlConnector", "kv_role":"kv_both"}'));
            assert.deepStrictEqual(vllm.env.find((e: any) => e.name === "VLLM_NIXL_SIDE_CHANNEL_HOST"), {
                name: "VLLM_NIXL_SIDE_CHANNEL_HOST",
                valueFrom: { fieldRef: { fieldPath: "status.podIP" } },
            });
            assert.deepStrictEqual(vllm.env.find((e: any) => e.name === "HF_TOKEN").valueFrom, { secretKeyRef: { name: "llm-d-hf-token", key: "HF_TOKEN" } });
        }
        const [sidecar] = pod("decode").initContainers;
        assert.deepStrictEqual([sidecar.image, sidecar.restartPolicy, sidecar.args[1]], ["ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.10.0", "Always", "--kv-connector=nixlv2"]);
        assert.strictEqual(pod("prefill").initContainers, undefined);
    });

    it("the model servers wait for the namespace, their ServiceAccount, the token and on xpu the GPU plugin; not for the router", async () => {
        const rec = await plan(v010({ hardware: "xpu" }));
        for (const role of ["prefill", "decode"]) {
            assert.deepStrictEqual(dependsOn(rec, rec.get(DEPLOYMENT, `pd-${role}`)), ["pd-hf-token", "pd-intel-gpu-plugin", "pd-namespace", "pd-vllm-sa"]);
        }
        assert.ok(rec.resources.some((r) => r.type === DAEMONSET && r.name === "pd-intel-gpu-plugin"));
        const decode = rec.get(DEPLOYMENT, "pd-decode").inputs as any;
        assert.strictEqual(decode.spec.template.spec.containers[0].image, "ghcr.io/llm-d/llm-d-xpu:v0.9.0");
        assert.strictEqual(decode.spec.template.spec.containers[0].resources.limits["gpu.intel.com/i915"], "2");
    });

    it("standalone: the llm-d-router-standalone chart, no Gateway and no route; clients port-forward to the EPP Service", async () => {
        let stack: PDStackClass | undefined;
        const rec = await plan(() => {
            stack = new PDStack("pd", { hfToken: TOKEN, llmdVersion: "0.9", hardware: "h200-ib", gateway: "standalone" });
        });
        assert.deepStrictEqual(rec.resources.filter((r) => r.type === GATEWAY || r.type === ROUTE || r.type === CONFIG_MAP), []);
        const router = rec.get(RELEASE, "pd-router").inputs as any;
        assert.deepStrictEqual([router.chart, router.version, Object.keys(router.values)], ["oci://ghcr.io/llm-d/charts/llm-d-router-standalone", "v0.10.0", ["router"]]);
        assert.strictEqual(await resolveOutput(stack!.portForwardCommand), "kubectl port-forward -n llm-d-pd service/router-pd-epp 8000:80");
    });

    it("outputs: the router release in routerReleaseName (pool and EPP), no infra, gaie or modelservice release output, the 0.9 gateway Service", async () => {
        let stack: PDStackClass | undefined;
        await plan(() => {
            stack = new PDStack("pd", { hfToken: TOKEN, llmdVersion: "0.9", hardware: "h200-ib" });
        });
        const s = stack!;
        assert.deepStrictEqual([s.infraReleaseName, s.gaieReleaseName, s.msReleaseName], [undefined, undefined, undefined]);
        assert.deepStrictEqual(await Promise.all([s.routerReleaseName, s.gatewayServiceName, s.portForwardCommand].map(resolveOutput)), [
            "router-pd",
            "llm-d-pd-inference-gateway-istio",
            "kubectl port-forward -n llm-d-pd service/llm-d-pd-inference-gateway-istio 8000:80",
        ]);
    });

    it("with the model cache, the model servers mount its claim read-only, offline, and wait for its download Job", async () => {
        const rec = await plan(v010({ hardware: "gke", modelCache: { enabled: true, storageClassName: "filestore-rwx" } }));
        const job = rec.resources.find((r) => r.type === "kubernetes:batch/v1:Job" && (r.inputs as any).metadata.labels["app.kubernetes.io/component"] === "model-download");
        assert.ok(job, "no download Job");
        const claimName = (job!.inputs as any).spec.template.spec.volumes[0].persistentVolumeClaim.claimName;
        for (const role of ["prefill", "decode"]) {
            const d = rec.get(DEPLOYMENT, `pd-${role}`);
            const podSpec = (d.inputs as any).spec.template.spec;
            const [vllm] = podSpec.containers;
            assert.strictEqual(vllm.args[0], "/model-cache/RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic");
            assert.ok(vllm.args.includes("--served-model-name=RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic"));
            assert.deepStrictEqual(vllm.env.find((e: any) => e.name === "HF_HUB_OFFLINE"), { name: "HF_HUB_OFFLINE", value: "1" });
            assert.deepStrictEqual(podSpec.volumes.find((v: any) => v.name === "model-storage").persistentVolumeClaim, { claimName, readOnly: true });
            assert.ok(dependsOn(rec, d).includes(job!.name), `${role} does not wait for the download Job`);
        }
    });

    it("the token stays a secret and appears in no 0.9 resource", async () => {
        const rec = await plan(v010({ hardware: "gke" }));
        for (const r of rec.resources) {
            assert.ok(!JSON.stringify(r.inputs).includes(TOKEN), `${r.name} shows the token`);
        }
    });

    for (const [args, message] of [
        [{ hardware: "h200-ib", gateway: "kgateway" }, 'PDStackArgs.gateway: gateway "kgateway" does not work with llmdVersion "0.9": kgateway is deprecated in llm-d 0.9'],
        [{ hardware: "h200-ib", gateway: "agentgateway", llmdVersion: "0.2" }, 'PDStackArgs.gateway: gateway "agentgateway" does not work with llmdVersion "0.2"'],
        [{ hardware: "gke", gateway: "standalone", llmdVersion: "0.2" }, 'PDStackArgs.gateway: gateway "standalone" does not work with llmdVersion "0.2"'],
        [{ hardware: "gke", llmdVersion: "0.3" }, "PDStackArgs.llmdVersion: must be one of 0.2, 0.9"],
        [{ hardware: "gke", llmdVersion: "0.2", autoscaling: { enabled: true, prometheusAddress: "http://prom:9090" } }, 'PDStackArgs.autoscaling.enabled: autoscaling does not work with llmdVersion "0.2": llm-d-modelservice v0.2.7 renders'],
    ] as const) {
        it(`rejects ${JSON.stringify(args)} before registering anything, saying why`, async () => {
            const rec = await ResourceRecorder.install();
            assert.throws(
                () => new PDStack("pd", { hfToken: TOKEN, llmdVersion: "0.9", ...(args as any) }),
                (e: Error) => e.message.includes(message),
            );
            await rec.settle();
            assert.deepStrictEqual(rec.resources, []);
        });
    }

    it("the gke gateway on other hardware names the gateways that work on 0.9", async () => {
        await ResourceRecorder.install();
        assert.throws(
            () => new PDStack("pd", { hfToken: TOKEN, llmdVersion: "0.9", hardware: "xpu", gateway: "gke" }),
            /gateway "gke" needs hardware "gke", but hardware is "xpu"; use gateway istio or agentgateway or standalone on xpu/,
        );
    });
});
