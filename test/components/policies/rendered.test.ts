/**
 * The pack's release checks on rendered objects (components/policies/renderedObjects.ts), on objects
 * written here as `helm template` would print them: which objects are read (a chart's, not PDStack's
 * own), how the verdicts name them, the sidecar conventions of a chart no profile installs, and the
 * name rules without repeating what the plan's check of the releases said. The real helm runs in
 * test/render/policies.test.ts.
 */
import * as assert from "assert";
import { renderedObjectVerdicts as verdictsOf, RenderedObjectLike } from "../../../components/policies/renderedObjects";
import { evaluatePolicies, policyResources } from "../../../plan/policyEvaluator";
import { podTemplatesOf } from "../../../render/checks/podTemplates";
import { PlannedResource, ResourceRecorder } from "../../../plan/recorder";
import { mutate, record } from "../../support/policyFixture";
import { DEPLOYMENT, RELEASE } from "../../support/tokens";

type Obj = Record<string, any>;

const everyPolicy = () => ({});

/** The verdicts on rendered objects, with their pod templates as render/ reads them. */
const renderedObjectVerdicts = (objects: RenderedObjectLike[], resources: Parameters<typeof verdictsOf>[2], configOf: Parameters<typeof verdictsOf>[3]) =>
    verdictsOf(objects, podTemplatesOf(objects), resources, configOf);

function deployment(source: string, name: string, role: "prefill" | "decode", spec: Obj): RenderedObjectLike {
    return {
        source,
        apiVersion: "apps/v1",
        kind: "Deployment",
        namespace: "team",
        name,
        manifest: {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name, namespace: "team" },
            spec: { replicas: 1, template: { metadata: { labels: { "llm-d.ai/role": role } }, spec } },
        },
    };
}

function vllmContainer(port: number): Obj {
    return {
        name: "server",
        image: "registry.example/vllm:v1",
        command: ["vllm", "serve"],
        args: ["org/model", `--port=${port}`, "--tensor-parallel-size=1", "--kv-transfer-config", '{"kv_connector":"NixlConnector","kv_role":"kv_both"}'],
        env: [{ name: "VLLM_NIXL_SIDE_CHANNEL_HOST", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }],
        resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, requests: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" } },
        readinessProbe: { httpGet: { path: "/health", port } },
    };
}

/** A Helm release of a chart no release profile installs, as a program registers it. */
async function userRelease(): Promise<PlannedResource[]> {
    const k8s = await import("@pulumi/kubernetes");
    const recorder = await ResourceRecorder.record(() => {
        new k8s.helm.v3.Release("user", { name: "user-servers", chart: "my-servers", version: "1.0.0", namespace: "team", values: { replicas: 1 } });
    });
    return recorder.resources;
}

describe("the pack's release checks on rendered objects", () => {
    it("reads the role Deployments of a chart no profile installs, with every release's sidecar convention, and names the rendered objects", async () => {
        const resources = policyResources(await userRelease());
        const source = "helm:user-servers";
        const prefill = deployment(source, "user-servers-prefill", "prefill", { containers: [vllmContainer(8000)] });
        const decodeSpec = (sidecarArgs: string[]) => ({
            initContainers: [{ name: "routing-proxy", image: "registry.example/sidecar:v1", args: sidecarArgs, restartPolicy: "Always" }],
            containers: [vllmContainer(8200)],
        });
        // llm-d 0.2's sidecar flags and llm-d 0.9's both pass: the chart is no profile's, so either convention may be its.
        for (const args of [["--connector=nixlv2", "--vllm-port=8200"], ["--kv-connector=nixlv2", "--model-server-port=8200"]]) {
            const decode = deployment(source, "user-servers-decode", "decode", decodeSpec(args));
            assert.deepStrictEqual(renderedObjectVerdicts([prefill, decode], resources, everyPolicy), [], args.join(" "));
        }
        const decode = deployment(source, "user-servers-decode", "decode", decodeSpec(["--connector=lmcache", "--vllm-port=8300"]));
        const verdicts = renderedObjectVerdicts([prefill, decode], resources, everyPolicy);
        assert.deepStrictEqual(
            verdicts.map((v) => [v.policy, v.resource, v.message.replace(/:.*/s, "")]),
            [
                ["pd-nixl-wiring", "Deployment team/user-servers-decode", 'Deployment "user-servers-decode" of Helm release "user-servers" (namespace team), sidecar "routing-proxy"'],
                ["pd-nixl-wiring", "Deployment team/user-servers-decode", 'Deployment "user-servers-decode" of Helm release "user-servers" (namespace team), sidecar "routing-proxy"'],
            ],
        );
        assert.match(verdicts[0].message, /--connector is "lmcache": with vLLM's NixlConnector the sidecar must fetch the KV cache with "nixl" or "nixlv2"/);
        assert.match(verdicts[1].message, /forwards to port 8300 but decode's vLLM listens on 8200: every request fails; give the sidecar --vllm-port=8200 or vLLM --port=8300$/);

        const alone = renderedObjectVerdicts([decode], resources, everyPolicy).map((v) => v.message);
        assert.ok(alone.includes('model servers of Helm release "user-servers" (namespace team): no prefill Deployment (pods with llm-d.ai/role=prefill): P/D needs both prefill and decode pods (PDStack always creates both)'), alone.join("\n"));
        assert.deepStrictEqual(renderedObjectVerdicts([decode], resources, (p) => (p === "pd-nixl-wiring" ? undefined : {})), [], "a disabled policy does not run");
    });

    it("checks the probes a chart gives its vLLM containers (pd-model-server-probes)", async () => {
        const resources = policyResources(await userRelease());
        const source = "helm:user-servers";
        const prefill = deployment(source, "user-servers-prefill", "prefill", { containers: [{ ...vllmContainer(8000), readinessProbe: undefined }] });
        const decodeContainer = { ...vllmContainer(8200), readinessProbe: { httpGet: { path: "/health", port: 8000 } } };
        const decode = deployment(source, "user-servers-decode", "decode", {
            initContainers: [{ name: "routing-proxy", image: "registry.example/sidecar:v1", args: ["--connector=nixlv2", "--vllm-port=8200"], restartPolicy: "Always" }],
            containers: [decodeContainer],
        });
        const verdicts = renderedObjectVerdicts([prefill, decode], resources, everyPolicy);
        assert.deepStrictEqual(
            verdicts.map((v) => [v.policy, v.resource, v.message.replace(/probe.*/s, "")]),
            [
                ["pd-model-server-probes", "Deployment team/user-servers-prefill", 'Deployment "user-servers-prefill" of Helm release "user-servers" (namespace team), prefill container "server": no startupProbe or readinessProbe: the pod counts as Ready, joins the InferencePool and ends Helm\'s and Pulumi\'s wait as soon as the container starts, while vLLM is still loading the model, so the requests routed to it fail; add an httpGet '],
                ["pd-model-server-probes", "Deployment team/user-servers-decode", 'Deployment "user-servers-decode" of Helm release "user-servers" (namespace team), decode container "server": readinessProbe '],
            ],
        );
        assert.match(verdicts[1].message, /readinessProbe probes port 8000, which the container does not serve \(it serves 8200\): the readiness probe never passes/);
    });

    it("leaves the objects PDStack registers itself to the plan's checks", async () => {
        const rs = mutate(await record({ hardware: "gke", llmdVersion: "0.9" }), (r) => {
            const d = r.find((x) => x.type === DEPLOYMENT && x.name === "llm-d-pd-decode")!.inputs as Obj;
            delete d.spec.template.spec.containers[0].resources.limits.cpu;
        });
        const own = rs
            .filter((r) => r.type === DEPLOYMENT)
            .map((r) => ({ ...deployment("pdstack", (r.inputs as Obj).metadata.name, "decode", {}), manifest: r.inputs as Obj, namespace: "llm-d-pd" }));
        const planned = (await evaluatePolicies(rs)).filter((v) => v.policy === "pd-accelerator-resources");
        assert.deepStrictEqual(planned.map((v) => v.resource), ["llm-d-pd-decode"], "the plan reports it, on the Deployment");
        assert.deepStrictEqual(renderedObjectVerdicts(own, policyResources(rs), everyPolicy), [], "and --render does not repeat it");
    });

    it("checks the names of every object a chart renders, without repeating what the check of its release said", async () => {
        const postfix = "p".repeat(17);
        const rs = mutate(await record({ hardware: "gke" }), (r) => {
            const ms = r.find((x) => x.type === RELEASE && String((x.inputs as Obj).chart).endsWith("llm-d-modelservice"))!.inputs as Obj;
            ms.name = `ms-${postfix}`;
        });
        const resources = policyResources(rs);
        const source = `helm:ms-${postfix}`;
        const prefill = { ...deployment(source, `ms-${postfix}-llm-d-modelservice-prefill`, "prefill", {}), namespace: "llm-d-pd" };
        const serviceName = `ms-${postfix}-llm-d-modelservice-decode-metrics-endpoints`;
        const service = { source, apiVersion: "v1", kind: "Service", namespace: "llm-d-pd", name: serviceName, manifest: { apiVersion: "v1", kind: "Service", metadata: { name: serviceName } } };
        const names = renderedObjectVerdicts([prefill, service], resources, (p) => (p === "pd-name-lengths" ? {} : undefined));
        assert.deepStrictEqual(
            names.map((v) => [v.policy, v.resource]),
            [["pd-name-lengths", `Service llm-d-pd/${serviceName}`]],
            "the prefill pod hostname is the release's own verdict already; the Service's name is news",
        );
        assert.ok(
            names[0].message.startsWith(`Service "${serviceName}" of Helm release "ms-${postfix}" (namespace llm-d-pd): Service name "${serviceName}" is 64 characters; a DNS label may have 63`),
            names[0].message,
        );
        // Without the release's own verdict (a name of modelservice's form would not be checked there), the pod hostname is reported on the Deployment.
        const renamed = { ...deployment(source, `x${"p".repeat(46)}-prefill`, "prefill", {}), namespace: "llm-d-pd" };
        const hostname = renderedObjectVerdicts([renamed], resources, (p) => (p === "pd-name-lengths" ? {} : undefined));
        assert.strictEqual(hostname.length, 1);
        assert.match(hostname[0].message, /^Deployment "xp{46}-prefill" of Helm release "ms-p{17}" \(namespace llm-d-pd\): prefill pod hostname "xp{46}-prefill-h{10}-r{5}" is 72 characters; the limit is 63 /);
    });
});
