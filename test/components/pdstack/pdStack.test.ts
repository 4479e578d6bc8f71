import * as assert from "assert";
import type * as K8s from "@pulumi/kubernetes";
import type * as Pulumi from "@pulumi/pulumi";
import type { PDStack as PDStackClass } from "../../../components/pdstack/pdStack";
import type { PDStackArgs } from "../../../components/pdstack/args";
import { PlannedResource, ResourceRecorder, resolveOutput } from "../../../plan/recorder";
import { DAEMONSET, NAMESPACE, RELEASE, ROUTE, SECRET, TOKEN } from "../../support/tokens";


let pulumi: typeof Pulumi;
let k8s: typeof K8s;
let PDStack: typeof PDStackClass;

/** Constructs PDStacks under fresh mocks and returns what they registered. */
const plan = (build: () => void): Promise<ResourceRecorder> => ResourceRecorder.record(build);

const deployed = (args: Partial<PDStackArgs> & { hardware: string }, name = "pd") => () => {
    new PDStack(name, { hfToken: TOKEN, ...args });
};

const byName = (resources: PlannedResource[]) => new Map(resources.map((r) => [r.urn, r.name]));
const dependsOn = (rec: ResourceRecorder, r: PlannedResource) => r.dependencyUrns.map((u) => byName(rec.resources).get(u));

describe("PDStack under mocks", () => {
    before(async () => {
        await ResourceRecorder.install();
        pulumi = await import("@pulumi/pulumi");
        k8s = await import("@pulumi/kubernetes");
        PDStack = (await import("../../../components/pdstack/pdStack")).PDStack;
    });

    it("deploys namespace, token Secret, the three releases and the route, parented to the component", async () => {
        const rec = await plan(deployed({ hardware: "h200-ib" }));
        const kinds = rec.resources.map((r) => `${r.type} ${r.name}`);
        assert.deepStrictEqual(kinds.sort(), [
            `${NAMESPACE} pd-namespace`,
            `${SECRET} pd-hf-token`,
            `${ROUTE} pd-route`,
            `${RELEASE} pd-gaie`,
            `${RELEASE} pd-infra`,
            `${RELEASE} pd-ms`,
            "pdstack:index:PDStack pd",
        ].sort());
        const component = rec.get("pdstack:index:PDStack", "pd");
        for (const r of rec.resources.filter((r) => r !== component)) {
            assert.strictEqual(r.parentUrn, component.urn, `${r.name} is not a child of the component`);
        }
    });

    it("releases carry the reference's names, charts, repositories, versions and namespace", async () => {
        const rec = await plan(deployed({ hardware: "gke", namespace: "serving", releasePostfix: "llama" }));
        const release = (n: string) => rec.get(RELEASE, n).inputs as any;
        assert.deepStrictEqual(
            ["pd-infra", "pd-gaie", "pd-ms"].map((n) => [release(n).name, release(n).chart, release(n).version, release(n).repositoryOpts?.repo, release(n).namespace]),
            [
                ["infra-llama", "llm-d-infra", "v1.2.4", "https://llm-d-incubation.github.io/llm-d-infra/", "serving"],
                ["gaie-llama", "oci://registry.k8s.io/gateway-api-inference-extension/charts/inferencepool", "v0.5.1", undefined, "serving"],
                ["ms-llama", "llm-d-modelservice", "v0.2.7", "https://llm-d-incubation.github.io/llm-d-modelservice/", "serving"],
            ],
        );
        assert.strictEqual(release("pd-infra").values.gateway.destinationRule.host, "gaie-llama-epp.serving.svc.cluster.local");
        assert.strictEqual(release("pd-ms").values.routing.inferencePool.name, "gaie-llama");
        const route = rec.get(ROUTE, "pd-route").inputs as any;
        assert.strictEqual(route.metadata.name, "llm-d-llama-disaggregation");
        assert.strictEqual(route.metadata.namespace, "serving");
        assert.strictEqual(route.spec.rules[0].timeouts, undefined, "GKE's gateway rejects route timeouts");
    });

    it("creates in dependency order namespace -> infra -> gaie -> route; ms waits only for the namespace and the Secret", async () => {
        const rec = await plan(deployed({ hardware: "h200-ib" }));
        assert.deepStrictEqual(dependsOn(rec, rec.get(SECRET, "pd-hf-token")), ["pd-namespace"]);
        assert.deepStrictEqual(dependsOn(rec, rec.get(RELEASE, "pd-infra")), ["pd-namespace"]);
        assert.deepStrictEqual(dependsOn(rec, rec.get(RELEASE, "pd-gaie")).sort(), ["pd-infra", "pd-namespace"]);
        assert.deepStrictEqual(dependsOn(rec, rec.get(RELEASE, "pd-ms")).sort(), ["pd-hf-token", "pd-namespace"]);
        assert.deepStrictEqual(dependsOn(rec, rec.get(ROUTE, "pd-route")).sort(), ["pd-gaie", "pd-infra", "pd-namespace"]);
    });

    it("waits for the vLLM pods for readyTimeoutSeconds (default one hour), the control releases for 10 minutes", async () => {
        let rec = await plan(deployed({ hardware: "h200-ib" }));
        const ms = rec.get(RELEASE, "pd-ms").inputs as any;
        assert.strictEqual(ms.timeout, 3600);
        assert.ok(!ms.skipAwait, "the model service release must wait for readiness");
        assert.strictEqual((rec.get(RELEASE, "pd-infra").inputs as any).timeout, 600);
        rec = await plan(deployed({ hardware: "xpu", readyTimeoutSeconds: 1200 }));
        assert.strictEqual((rec.get(RELEASE, "pd-ms").inputs as any).timeout, 1200);
    });

    it("keeps the HF token a secret end to end: Secret input, never in values, outputs or other inputs", async () => {
        let stack!: PDStackClass;
        const rec = await plan(() => {
            stack = new PDStack("pd", { hardware: "xpu", hfToken: TOKEN });
        });
        const secret = rec.get(SECRET, "pd-hf-token");
        assert.deepStrictEqual(secret.secretInputs, ["stringData"]);
        assert.strictEqual(secret.inputs.stringData, "[secret]");
        assert.deepStrictEqual(secret.rawInputs.stringData, { HF_TOKEN: TOKEN });
        assert.deepStrictEqual((secret.inputs as any).metadata, { name: "llm-d-hf-token", namespace: "llm-d-pd" });
        for (const r of rec.resources) {
            assert.ok(!JSON.stringify(r.inputs).includes(TOKEN), `${r.name} shows the token`);
        }
        const outputs = await Promise.all(
            [stack.namespace, stack.portForwardCommand, stack.curlCommand, stack.servedModelName, stack.msReleaseName].map(resolveOutput),
        );
        assert.ok(!JSON.stringify(outputs).includes(TOKEN));
        assert.strictEqual((rec.get(RELEASE, "pd-ms").inputs as any).values.modelArtifacts.authSecretName, "llm-d-hf-token");
    });

    it("a plain-string token is still stored as a secret", async () => {
        const rec = await plan(deployed({ hardware: "gke", hfToken: pulumi.output(TOKEN) as any }));
        assert.deepStrictEqual(rec.get(SECRET, "pd-hf-token").secretInputs, ["stringData"]);
    });

    it("uses an existing Secret instead of creating one, and an existing namespace", async () => {
        const rec = await plan(() => {
            new PDStack("pd", { hardware: "gke", existingHfTokenSecret: "team-hf", createNamespace: false, namespace: "shared" });
        });
        assert.strictEqual(rec.ofType(SECRET).length, 0);
        assert.strictEqual(rec.ofType(NAMESPACE).length, 0);
        assert.strictEqual((rec.get(RELEASE, "pd-ms").inputs as any).values.modelArtifacts.authSecretName, "team-hf");
        assert.strictEqual((rec.get(RELEASE, "pd-ms").inputs as any).namespace, "shared");
    });

    it("installs the Intel GPU plugin only on xpu, before the model service, and not when switched off", async () => {
        let rec = await plan(deployed({ hardware: "xpu" }));
        const plugin = rec.get(DAEMONSET, "pd-intel-gpu-plugin");
        assert.strictEqual((plugin.inputs as any).metadata.name, "intel-gpu-plugin");
        assert.ok(dependsOn(rec, rec.get(RELEASE, "pd-ms")).includes("pd-intel-gpu-plugin"));
        for (const hardware of ["h200-ib", "gke"]) {
            rec = await plan(deployed({ hardware }));
            assert.strictEqual(rec.ofType(DAEMONSET).length, 0, hardware);
        }
        rec = await plan(deployed({ hardware: "xpu", installIntelGpuPlugin: false }));
        assert.strictEqual(rec.ofType(DAEMONSET).length, 0);
    });

    it("exposes the names and the commands to reach the model", async () => {
        let stack!: PDStackClass;
        await plan(() => {
            stack = new PDStack("pd", { hardware: "h200-ib", hfToken: TOKEN, namespace: "llm", releasePostfix: "x1" });
        });
        const [ns, infra, gaie, ms, svc, model, pf, curl] = await Promise.all(
            [stack.namespace, stack.infraReleaseName, stack.gaieReleaseName, stack.msReleaseName, stack.gatewayServiceName, stack.servedModelName, stack.portForwardCommand, stack.curlCommand].map(resolveOutput),
        );
        assert.deepStrictEqual([ns, infra, gaie, ms, svc, model], ["llm", "infra-x1", "gaie-x1", "ms-x1", "infra-x1-inference-gateway-istio", "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic"]);
        assert.strictEqual(pf, "kubectl port-forward -n llm service/infra-x1-inference-gateway-istio 8000:80");
        assert.match(curl as string, /^curl -s http:\/\/localhost:8000\/v1\/completions .*"model":"RedHatAI\/Llama-3.3-70B-Instruct-FP8-dynamic"/);
    });

    it("rejects bad args before registering anything", async () => {
        const rec = await ResourceRecorder.install();
        assert.throws(() => new PDStack("pd", { hardware: "h100" }), /PDStackArgs\.hardware: must be one of h200-ib, gke, xpu \(got "h100"\)/);
        assert.throws(() => new PDStack("pd", { hardware: "gke" }), /PDStackArgs\.hfToken: is required unless existingHfTokenSecret/);
        assert.throws(() => new PDStack("pd", { hardware: "gke", hfToken: TOKEN, existingHfTokenSecret: "x" }), /either hfToken or existingHfTokenSecret/);
        await rec.settle();
        assert.deepStrictEqual(rec.resources, []);
    });

    it("passes its provider to every child", async () => {
        const rec = await plan(() => {
            const cluster = new k8s.Provider("cluster", { kubeconfig: "fake" });
            new PDStack("pd", { hardware: "xpu", hfToken: TOKEN }, { providers: [cluster] });
        });
        const provider = rec.get("pulumi:providers:kubernetes", "cluster");
        for (const r of rec.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
            assert.strictEqual(r.providerUrn, provider.urn, `${r.name} does not use the cluster's provider`);
        }
    });

    it("passes the resource options a platform program sets (protect, transformations) to every child", async () => {
        const rec = await plan(() => {
            // `transformations` run in the program; the newer engine-side `transforms` need the Pulumi engine.
            const labelEverything: Pulumi.ResourceTransformation = (args) =>
                args.type.startsWith("kubernetes:") && args.props.metadata
                    ? { props: { ...args.props, metadata: { ...args.props.metadata, labels: { team: "ml-platform" } } }, opts: args.opts }
                    : undefined;
            new PDStack("pd", { hardware: "gke", hfToken: TOKEN }, { protect: true, transformations: [labelEverything] });
        });
        const children = rec.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.strictEqual(children.length, 6);
        for (const r of children) {
            assert.strictEqual(r.protect, true, `${r.name} is not protected`);
        }
        for (const r of children.filter((r) => (r.inputs as any).metadata)) {
            assert.deepStrictEqual((r.inputs as any).metadata.labels, { team: "ml-platform" }, `${r.name} missed the transform`);
        }
    });
});
