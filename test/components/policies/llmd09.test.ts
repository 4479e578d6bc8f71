/**
 * The pack on llm-d 0.9 installs: nothing wrong with what PDStack registers (each hardware, each
 * gateway mode), and the rules every release shares (pd-nixl-wiring, pd-accelerator-resources,
 * pd-accelerator-budget, pd-model-cache-offline, pd-model-cache-access) on model-server Deployments a
 * program's transformation changed, read as Deployments: no modelservice values shape in between.
 */
import * as assert from "assert";
import { acceleratorResourceVerdicts } from "../../../components/policies/acceleratorResources";
import { RELEASE_PROFILES } from "../../../components/releases";
import { PlannedResource } from "../../../plan/recorder";
import { evaluatePolicies, policyResources } from "../../../plan/policyEvaluator";
import { mandatory, mutate, one, record } from "../../support/policyFixture";
import { DEPLOYMENT, PVC } from "../../support/tokens";

const WIRING = "pd-nixl-wiring";
const RESOURCES = "pd-accelerator-resources";
const OFFLINE = "pd-model-cache-offline";
const ACCESS = "pd-model-cache-access";

const deployment = (rs: PlannedResource[], role: "prefill" | "decode"): any => {
    const d = rs.find((r) => r.type === DEPLOYMENT && r.name === `llm-d-pd-${role}`);
    assert.ok(d, `no ${role} Deployment`);
    return d.inputs;
};
const pod = (rs: PlannedResource[], role: "prefill" | "decode") => deployment(rs, role).spec.template.spec;
const vllm = (rs: PlannedResource[], role: "prefill" | "decode") => pod(rs, role).containers[0];
const sidecar = (rs: PlannedResource[]) => pod(rs, "decode").initContainers[0];
const replaceArg = (c: any, prefix: string, value: string) => {
    c.args = c.args.map((a: string) => (a.startsWith(prefix) ? value : a));
};

describe("policies on llm-d 0.9 installs", () => {
    let h200: PlannedResource[];
    let xpu: PlannedResource[];

    before(async () => {
        h200 = await record({ hardware: "h200-ib", llmdVersion: "0.9" });
        xpu = await record({ hardware: "xpu", llmdVersion: "0.9" });
    });

    for (const args of [
        { hardware: "h200-ib", llmdVersion: "0.9", benchmarking: true },
        { hardware: "gke", llmdVersion: "0.9" },
        { hardware: "xpu", llmdVersion: "0.9" },
        { hardware: "h200-ib", llmdVersion: "0.9", gateway: "agentgateway" },
        { hardware: "gke", llmdVersion: "0.9", gateway: "standalone", modelCache: { enabled: true, storageClassName: "filestore-rwx" } },
    ]) {
        it(`find nothing wrong with PDStack's own output: ${JSON.stringify(args)}`, async () => {
            assert.deepStrictEqual(await evaluatePolicies(await record(args)), []);
        });
    }

    it("requires NixlConnector on the model servers", async () => {
        const rs = mutate(h200, (r) => {
            const c = vllm(r, "prefill");
            c.args[c.args.indexOf("--kv-transfer-config") + 1] = '{"kv_connector":"LMCacheConnectorV1","kv_role":"kv_both"}';
        });
        one(
            await mandatory(rs, WIRING),
            'Deployment "vllm-pd-prefill", prefill container "modelserver": --kv-transfer-config has kv_connector "LMCacheConnectorV1", not "NixlConnector"',
        );
    });

    it("requires the pod IP as the NIXL side channel host on both roles", async () => {
        const rs = mutate(xpu, (r) => {
            vllm(r, "decode").env = vllm(r, "decode").env.filter((e: any) => e.name !== "VLLM_NIXL_SIDE_CHANNEL_HOST");
        });
        one(await mandatory(rs, WIRING), 'Deployment "vllm-pd-decode", decode container "modelserver": no env VLLM_NIXL_SIDE_CHANNEL_HOST');
    });

    it("requires the disaggregation sidecar on decode, as a native sidecar, with NIXL, forwarding to vLLM's port", async () => {
        const none = mutate(h200, (r) => {
            delete pod(r, "decode").initContainers;
        });
        one(await mandatory(none, WIRING), 'Deployment "vllm-pd-decode": no disaggregation sidecar');
        const plainInit = mutate(h200, (r) => {
            delete sidecar(r).restartPolicy;
        });
        one(await mandatory(plainInit, WIRING), 'sidecar "routing-proxy": an init container without restartPolicy: Always must exit before vLLM starts');
        const connector = mutate(h200, (r) => replaceArg(sidecar(r), "--kv-connector=", "--kv-connector=shared-storage"));
        one(await mandatory(connector, WIRING), '--kv-connector is "shared-storage"');
        const port = mutate(h200, (r) => sidecar(r).args.push("--model-server-port=8300"));
        one(await mandatory(port, WIRING), "forwards to port 8300 but decode's vLLM listens on 8200", "--model-server-port=8200");
    });

    it("fails a prefill wider than decode, different models and different images", async () => {
        const wide = mutate(xpu, (r) => replaceArg(vllm(r, "prefill"), "--tensor-parallel-size=", "--tensor-parallel-size=4"));
        one(await mandatory(wide, WIRING), "prefill tensor parallel size 4 is larger than decode's 2", "llm-d-pd:prefill tensorParallelSize to at most 2");
        const model = mutate(xpu, (r) => {
            vllm(r, "decode").args[0] = "Qwen/Qwen3-0.6B";
        });
        one(await mandatory(model, WIRING), 'prefill serves model "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B" but decode serves "Qwen/Qwen3-0.6B"');
        const image = mutate(xpu, (r) => {
            vllm(r, "decode").image = "ghcr.io/llm-d/llm-d-xpu:v0.6.0";
        });
        one(await mandatory(image, WIRING), 'prefill runs image "ghcr.io/llm-d/llm-d-xpu:v0.9.0" but decode runs "ghcr.io/llm-d/llm-d-xpu:v0.6.0"');
    });

    it("requires both roles", async () => {
        const rs = h200.filter((r) => !(r.type === DEPLOYMENT && r.name === "llm-d-pd-prefill"));
        one(await mandatory(rs, WIRING), 'model servers "router-pd" (namespace llm-d-pd): no prefill Deployment');
    });

    it("checks the Deployments' accelerators against the hardware and the tensor parallel size", async () => {
        const intel = mutate(h200, (r) => {
            const res = vllm(r, "decode").resources;
            res.limits["gpu.intel.com/i915"] = "4";
            res.requests["gpu.intel.com/i915"] = "4";
        });
        one(await mandatory(intel, RESOURCES), 'Deployment "vllm-pd-decode", decode container "modelserver": requests gpu.intel.com/i915, which hardware "h200-ib" (PDStack "llm-d-pd") does not have');
        const count = mutate(xpu, (r) => {
            const res = vllm(r, "decode").resources;
            res.limits["gpu.intel.com/i915"] = "1";
            res.requests["gpu.intel.com/i915"] = "1";
        });
        one(await mandatory(count, RESOURCES), "gpu.intel.com/i915 is 1 but the tensor parallel size is 2");
    });

    it("reads a 0.9 install from its Deployments: the containers are the Deployments' own, found where a user finds them", async () => {
        const resources = policyResources(h200);
        assert.deepStrictEqual(RELEASE_PROFILES["0.2"].checks.modelServers(resources), [], "no modelservice release, so 0.2's reader finds nothing");
        const installs = RELEASE_PROFILES["0.9"].checks.modelServers(resources);
        assert.strictEqual(installs.length, 1);
        const [install] = installs;
        assert.strictEqual(install.where, 'model servers "router-pd" (namespace llm-d-pd)');
        for (const role of ["prefill", "decode"] as const) {
            const r = install.roles[role]!;
            const d = resources.find((x) => x.type === DEPLOYMENT && x.name === `llm-d-pd-${role}`)!;
            assert.strictEqual(r.resource, d, "the role is its Deployment");
            assert.strictEqual(r.podSpec, d.props.spec.template.spec);
            assert.strictEqual(r.containers.length, 1);
            assert.strictEqual(r.containers[0].spec, d.props.spec.template.spec.containers[0], "the container is the Deployment's, not a copy shaped as values");
            assert.strictEqual(r.containers[0].path, "spec.template.spec.containers[0]");
            assert.ok(!("values" in d.props), "a Deployment has no values");
        }
        assert.deepStrictEqual(
            install.modelSources.map((s) => [s.where, s.kind, s.key]),
            [
                ['Deployment "vllm-pd-prefill"', "hub", 'volume "model-storage"'],
                ['Deployment "vllm-pd-decode"', "hub", 'volume "model-storage"'],
            ],
        );
        // The rule's verdict lands on the Deployment itself.
        const changed = policyResources(
            mutate(h200, (r) => {
                delete vllm(r, "decode").resources.limits.memory;
            }),
        );
        const verdicts = acceleratorResourceVerdicts(RELEASE_PROFILES["0.9"].checks.modelServers(changed)[0]);
        assert.strictEqual(verdicts.length, 1);
        assert.strictEqual(verdicts[0].resource!.name, "llm-d-pd-decode");
        assert.match(verdicts[0].message, /^Deployment "vllm-pd-decode", decode container "modelserver": no memory limit: /);
    });

    it("checks the model cache on the Deployments: the claim served, mounted, offline", async () => {
        const cached = await record({ hardware: "gke", llmdVersion: "0.9", modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        assert.deepStrictEqual(await mandatory(cached, OFFLINE), []);
        const claim = (cached.find((r) => r.type === PVC)!.inputs as any).metadata.name;
        const hub = mutate(cached, (r) => {
            const p = pod(r, "prefill");
            p.volumes = p.volumes.map((v: any) => (v.name === "model-storage" ? { name: "model-storage", emptyDir: {} } : v));
        });
        one(
            await mandatory(hub, OFFLINE),
            'Deployment "vllm-pd-prefill": volume "model-storage" is {"emptyDir":{}} although the model cache is on: every vLLM pod downloads the model from the hub',
            `serve the cache's claim, persistentVolumeClaim "${claim}" as volume "model-storage" (PDStack sets it when llm-d-pd:modelCache.enabled is true; restore PDStack's Deployments)`,
        );
        const other = mutate(cached, (r) => {
            pod(r, "decode").volumes.find((v: any) => v.name === "model-storage").persistentVolumeClaim.claimName = "other-claim";
        });
        one(await mandatory(other, OFFLINE), `Deployment "vllm-pd-decode": volume "model-storage" serves claim "other-claim", not the model cache's claim "${claim}"`);
        const unmounted = mutate(cached, (r) => {
            const c = vllm(r, "decode");
            c.volumeMounts = c.volumeMounts.filter((m: any) => m.name !== "model-storage");
            c.env = c.env.filter((e: any) => e.name !== "HF_HUB_OFFLINE");
        });
        const messages = await mandatory(unmounted, OFFLINE);
        assert.strictEqual(messages.length, 2, messages.join("\n"));
        assert.match(messages[0], /^Deployment "vllm-pd-decode", decode container "modelserver": no volumeMount of volume "model-storage": .*; mount volume "model-storage" at \/model-cache /);
        assert.match(messages[1], /^Deployment "vllm-pd-decode", decode container "modelserver": env HF_HUB_OFFLINE is not set, not "1"/);
    });

    it("checks who can attach the model claim: ReadWriteOnce under pods on several nodes, unless both roles pin one node", async () => {
        const rwo = await record({ hardware: "h200-ib", llmdVersion: "0.9", modelCache: { enabled: true, accessMode: "ReadWriteOnce" } });
        const m = one(
            await mandatory(rwo, ACCESS),
            'is ReadWriteOnce, but the 5 vLLM pods of model servers "router-pd" (namespace llm-d-pd) (prefill 4, decode 1) that mount it may be scheduled on different nodes',
        );
        assert.match(m, /^PersistentVolumeClaim "model-cache-pd-[0-9a-f]{10}" /);
        const pinned = mutate(rwo, (r) => {
            pod(r, "prefill").nodeSelector = { "kubernetes.io/hostname": "gpu-node-1" };
            pod(r, "decode").affinity = {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["gpu-node-1"] }] }],
                    },
                },
            };
        });
        assert.deepStrictEqual(await mandatory(pinned, ACCESS), [], "one node, by nodeSelector and by node affinity");
    });

    it("counts 0.9 installs in the accelerator budget", async () => {
        const rs = await record({ hardware: "h200-ib", llmdVersion: "0.9", decode: { replicas: 2 } });
        one(await mandatory(rs, "pd-accelerator-budget"), "the deployment takes 12 accelerators (prefill 4 × 1 + decode 2 × 4 = 12), above the budget of 8");
    });
});
