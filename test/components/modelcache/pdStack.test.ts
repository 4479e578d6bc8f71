/**
 * The model cache under mocks: what PDStack registers (the claim, the Job, the model service's
 * values), in which order `pulumi up` creates it, what `pulumi destroy` keeps, and the policies on it.
 */
import * as assert from "assert";
import type * as Pulumi from "@pulumi/pulumi";
import type { PDStack as PDStackClass } from "../../../components/pdstack/pdStack";
import type { PDStackArgs } from "../../../components/pdstack/args";
import { MODEL_CACHE_ACCESS, MODEL_CACHE_OFFLINE } from "../../../components/policies";
import { evaluatePolicies } from "../../../plan/policyEvaluator";
import { PlannedResource, ResourceRecorder } from "../../../plan/recorder";
import { JOB, PVC, RELEASE, ROUTE, TOKEN } from "../../support/tokens";

const LLAMA = "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic";

let PDStack: typeof PDStackClass;

async function record(args: Partial<PDStackArgs> & { hardware: string }, opts?: Pulumi.ComponentResourceOptions): Promise<ResourceRecorder> {
    const recorder = await ResourceRecorder.install();
    new PDStack("pd", { hfToken: TOKEN, ...args }, opts);
    await recorder.settle();
    return recorder;
}

const dependsOn = (rec: ResourceRecorder, r: PlannedResource) => {
    const names = new Map(rec.resources.map((x) => [x.urn, x.name]));
    return r.dependencyUrns.map((u) => names.get(u)!).sort();
};

/** Everything `r` waits for, directly or through its dependencies. */
function waitsFor(rec: ResourceRecorder, r: PlannedResource): Set<string> {
    const byUrn = new Map(rec.resources.map((x) => [x.urn, x]));
    const seen = new Set<string>();
    const walk = (x: PlannedResource) =>
        x.dependencyUrns.forEach((u) => {
            const d = byUrn.get(u)!;
            if (!seen.has(d.name)) {
                seen.add(d.name);
                walk(d);
            }
        });
    walk(r);
    return seen;
}

/** A transformation that rewrites the model service release's values, as a platform program might. */
function editModelService(edit: (values: any) => void): Pulumi.ResourceTransformation {
    return (args) => {
        if (args.type !== RELEASE || args.name !== "pd-ms") {
            return undefined;
        }
        const values = structuredClone(args.props.values);
        edit(values);
        return { props: { ...args.props, values }, opts: args.opts };
    };
}

describe("model cache under mocks", () => {
    before(async () => {
        await ResourceRecorder.install();
        PDStack = (await import("../../../components/pdstack/pdStack")).PDStack;
    });

    it("registers the claim and the download Job, and points the model service at the claim", async () => {
        const rec = await record({ hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        const claim = rec.get(PVC, "pd-model-cache").inputs as any;
        const job = rec.get(JOB, "pd-model-download").inputs as any;
        assert.match(claim.metadata.name, /^model-cache-pd-[0-9a-f]{10}$/);
        assert.deepStrictEqual(claim.spec.accessModes, ["ReadWriteMany"]);
        assert.deepStrictEqual(claim.spec.resources.requests, { storage: "100Gi" });
        assert.strictEqual(job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, claim.metadata.name);
        assert.strictEqual(job.spec.template.spec.containers[0].image, "ghcr.io/llm-d/llm-d:v0.2.0");
        const values = (rec.get(RELEASE, "pd-ms").inputs as any).values;
        assert.strictEqual(values.modelArtifacts.uri, `pvc://${claim.metadata.name}/${LLAMA}`);
        assert.strictEqual(values.modelArtifacts.authSecretName, undefined, "the vLLM pods no longer need the token");
        for (const role of ["prefill", "decode"]) {
            const c = values[role].containers[0];
            assert.strictEqual(c.mountModelVolume, true, role);
            assert.ok(c.env.some((e: any) => e.name === "HF_HUB_OFFLINE" && e.value === "1"), role);
        }
        for (const r of rec.resources) {
            assert.ok(!JSON.stringify(r.inputs).includes(TOKEN), `${r.name} shows the token`);
        }
    });

    it("orders the deploy: claim, then the bind Job, then the download Job (with the Secret), then the model service; the route still waits for infra and gaie", async () => {
        const rec = await record({ hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        assert.deepStrictEqual(dependsOn(rec, rec.get(PVC, "pd-model-cache")), ["pd-namespace"]);
        assert.deepStrictEqual(dependsOn(rec, rec.get(JOB, "pd-model-cache-bind")), ["pd-model-cache", "pd-namespace"]);
        assert.deepStrictEqual(dependsOn(rec, rec.get(JOB, "pd-model-download")), ["pd-hf-token", "pd-model-cache", "pd-model-cache-bind", "pd-namespace"]);
        const ms = rec.get(RELEASE, "pd-ms");
        assert.deepStrictEqual(dependsOn(rec, ms), ["pd-model-download", "pd-namespace"]);
        const before = waitsFor(rec, ms);
        for (const n of ["pd-model-cache", "pd-model-cache-bind", "pd-model-download", "pd-hf-token", "pd-namespace"]) {
            assert.ok(before.has(n), `the model service does not wait for ${n}`);
        }
        assert.ok(!before.has("pd-infra") && !before.has("pd-gaie"), "the model service waits for infra or gaie");
        assert.deepStrictEqual(dependsOn(rec, rec.get(ROUTE, "pd-route")), ["pd-gaie", "pd-infra", "pd-namespace"]);
    });

    it("fails a claim that does not bind within the setup time, naming the claim and its class, before any download starts", async () => {
        const rec = await record({ hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        const claim = rec.get(PVC, "pd-model-cache").inputs as any;
        const bind = rec.get(JOB, "pd-model-cache-bind").inputs as any;
        const download = rec.get(JOB, "pd-model-download").inputs as any;
        // The provider's error names the Job, the claim's name with "-bind", and its Pending pod's reason.
        assert.strictEqual(bind.metadata.name, `${claim.metadata.name}-bind`);
        assert.strictEqual(bind.metadata.annotations["pdstack.io/model-cache-claim"], claim.metadata.name);
        assert.strictEqual(bind.metadata.annotations["pdstack.io/model-cache-storage-class"], "filestore-rwx");
        // Bounded by the setup time (20 minutes), not by the download's deadline (about 1.5 hours for 100Gi).
        assert.strictEqual(bind.spec.activeDeadlineSeconds, 1200);
        assert.strictEqual(bind.metadata.annotations["pulumi.com/timeoutSeconds"], "1260");
        assert.ok(download.spec.activeDeadlineSeconds > 5000, "the download's own deadline is the long one");
        assert.strictEqual(bind.spec.backoffLimit, 0);
        const pod = bind.spec.template.spec;
        assert.deepStrictEqual(pod.volumes, [{ name: "model-cache", persistentVolumeClaim: { claimName: claim.metadata.name } }]);
        assert.deepStrictEqual(pod.containers[0].volumeMounts, [{ name: "model-cache", mountPath: "/model-cache" }]);
        assert.strictEqual(pod.containers[0].image, download.spec.template.spec.containers[0].image, "the node caches one image for both Jobs");
        assert.ok(!pod.containers[0].env.some((e: any) => e.name === "HF_TOKEN"), "binding needs no token");
        assert.notStrictEqual(bind.metadata.labels["app.kubernetes.io/component"], download.metadata.labels["app.kubernetes.io/component"], "the plan and the policies find the download Job by its label");
    });

    it("without the cache, the model service depends on neither infra nor gaie, and nothing else changes", async () => {
        for (const hardware of ["h200-ib", "gke", "xpu"]) {
            const rec = await record({ hardware });
            const ms = waitsFor(rec, rec.get(RELEASE, "pd-ms"));
            assert.ok(!ms.has("pd-infra") && !ms.has("pd-gaie"), hardware);
            assert.strictEqual(rec.ofType(PVC).length + rec.ofType(JOB).length, 0, hardware);
        }
    });

    it("waits for the Job (the provider awaits Jobs) no longer than its deadline plus a minute", async () => {
        const rec = await record({ hardware: "xpu", modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        const job = rec.get(JOB, "pd-model-download").inputs as any;
        assert.strictEqual(Number(job.metadata.annotations["pulumi.com/timeoutSeconds"]), job.spec.activeDeadlineSeconds + 60);
        assert.strictEqual(job.metadata.annotations["pulumi.com/skipAwait"], undefined, "the Job is awaited");
    });

    it("keeps the claim on destroy only when asked (retainOnDelete)", async () => {
        let rec = await record({ hardware: "gke", modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        assert.strictEqual(rec.get(PVC, "pd-model-cache").retainOnDelete, false);
        rec = await record({ hardware: "gke", modelCache: { enabled: true, storageClassName: "filestore-rwx", retainOnDelete: true } });
        assert.strictEqual(rec.get(PVC, "pd-model-cache").retainOnDelete, true);
        assert.strictEqual(rec.get(JOB, "pd-model-download").retainOnDelete, false, "only the data is kept");
    });

    it("a pvc:// model needs no claim and no Job; an existing token Secret is what the Job reads", async () => {
        let rec = await record({ hardware: "gke", model: { uri: "pvc://team-models/llama", name: "llama" }, modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        assert.strictEqual(rec.ofType(PVC).length + rec.ofType(JOB).length, 0);
        rec = await ResourceRecorder.install();
        new PDStack("pd", { hardware: "gke", existingHfTokenSecret: "team-hf", modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        await rec.settle();
        const job = rec.get(JOB, "pd-model-download");
        assert.deepStrictEqual(dependsOn(rec, job), ["pd-model-cache", "pd-model-cache-bind", "pd-namespace"]);
        assert.strictEqual((job.inputs as any).spec.template.spec.containers[0].env.find((e: any) => e.name === "HF_TOKEN").valueFrom.secretKeyRef.name, "team-hf");
    });

    it("reports the cache as an input of the component, for preview and the policies", async () => {
        const rec = await record({ hardware: "gke", modelCache: { enabled: true, accessMode: "ReadWriteOnce", storageClassName: "standard-rwo" } });
        const summary = (rec.get("pdstack:index:PDStack", "pd").inputs as any).modelCache;
        assert.deepStrictEqual(
            { enabled: summary.enabled, accessMode: summary.accessMode, storageClassName: summary.storageClassName, claimName: summary.claimName },
            { enabled: true, accessMode: "ReadWriteOnce", storageClassName: "standard-rwo", claimName: (rec.get(PVC, "pd-model-cache").inputs as any).metadata.name },
        );
        assert.strictEqual((await record({ hardware: "gke" })).get("pdstack:index:PDStack", "pd").inputs.modelCache, undefined);
    });

    describe("policies", () => {
        const violations = async (rec: ResourceRecorder, policy: string) => (await evaluatePolicies(rec.resources)).filter((v) => v.policy === policy);

        it("pass a stack with the cache on, and one without it", async () => {
            for (const args of [{ hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx" } }, { hardware: "xpu" }]) {
                assert.deepStrictEqual(await evaluatePolicies((await record(args)).resources), [], JSON.stringify(args));
            }
        });

        it(`${MODEL_CACHE_OFFLINE}: a model service that would download from the hub although the cache is on is a mandatory violation`, async () => {
            let rec = await record({ hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx" } }, { transformations: [editModelService((v) => (v.modelArtifacts.uri = `hf://${LLAMA}`))] });
            let found = await violations(rec, MODEL_CACHE_OFFLINE);
            assert.strictEqual(found.length, 1, JSON.stringify(found));
            assert.strictEqual(found[0].level, "mandatory");
            assert.match(found[0].message, /modelArtifacts\.uri is "hf:\/\/RedHatAI\/Llama-3\.3-70B-Instruct-FP8-dynamic" although the model cache is on: every vLLM pod downloads the model from the hub/);
            rec = await record(
                { hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx" } },
                {
                    transformations: [
                        editModelService((v) => {
                            v.decode.containers[0].env = v.decode.containers[0].env.filter((e: any) => e.name !== "HF_HUB_OFFLINE");
                            v.prefill.containers[0].mountModelVolume = false;
                        }),
                    ],
                },
            );
            found = await violations(rec, MODEL_CACHE_OFFLINE);
            assert.deepStrictEqual(
                found.map((v) => v.message.replace(/:.*/s, "")),
                ['Helm release "ms-pd" (namespace llm-d-pd), prefill container "vllm"', 'Helm release "ms-pd" (namespace llm-d-pd), decode container "vllm"'],
            );
            assert.match(found[0].message, /mountModelVolume is not true/);
            assert.match(found[1].message, /env HF_HUB_OFFLINE is not set, not "1": a file missing from the cache would be downloaded from the hub by every pod/);
        });

        it(`${MODEL_CACHE_OFFLINE}: finds the cache by its Job, as under pulumi preview (where a component shows its outputs), and names another claim`, async () => {
            const rec = await record({ hardware: "gke", modelCache: { enabled: true, storageClassName: "filestore-rwx" } }, { transformations: [editModelService((v) => (v.modelArtifacts.uri = "pvc://other-claim/llama"))] });
            const stack = rec.get("pdstack:index:PDStack", "pd");
            delete (stack.inputs as any).modelCache;
            const found = await violations(rec, MODEL_CACHE_OFFLINE);
            assert.strictEqual(found.length, 1);
            assert.match(found[0].message, /modelArtifacts\.uri serves claim "other-claim", not the model cache's claim "model-cache-pd-[0-9a-f]{10}", which Job "model-download-pd-[0-9a-f]{10}" fills/);
        });

        it(`${MODEL_CACHE_ACCESS}: a ReadWriteOnce cache mounted by pods that may land on several nodes is a mandatory violation`, async () => {
            let rec = await record({ hardware: "h200-ib", modelCache: { enabled: true, accessMode: "ReadWriteOnce" } });
            let found = await violations(rec, MODEL_CACHE_ACCESS);
            assert.strictEqual(found.length, 1);
            assert.strictEqual(found[0].level, "mandatory");
            assert.strictEqual(found[0].resource, "pd-model-cache");
            assert.match(
                found[0].message,
                /^PersistentVolumeClaim "model-cache-pd-[0-9a-f]{10}" is ReadWriteOnce, but the 5 vLLM pods of Helm release "ms-pd" \(namespace llm-d-pd\) \(prefill 4, decode 1\) that mount it may be scheduled on different nodes: .*Multi-Attach error.*set llm-d-pd:modelCache\.accessMode \(PDStackArgs\.modelCache\.accessMode\) to ReadWriteMany/,
            );
            // 8 prefill GPUs and 4 decode GPUs cannot share one 8-GPU node: the pods must spread.
            rec = await record({ hardware: "h200-ib", prefill: { replicas: 8 }, modelCache: { enabled: true, accessMode: "ReadWriteOnce" } });
            found = await violations(rec, MODEL_CACHE_ACCESS);
            assert.match(found[0].message, /must be spread over several nodes \(12 accelerators; a node of hardware "h200-ib" \(PDStack "pd"\) has 8\)/);
        });

        it(`${MODEL_CACHE_ACCESS}: passes ReadWriteOnce when both roles are pinned to one node, and ReadWriteMany`, async () => {
            const pin = editModelService((v) => {
                for (const role of ["prefill", "decode"]) {
                    v[role].acceleratorTypes = { labelKey: "kubernetes.io/hostname", labelValues: ["gpu-node-1"] };
                }
            });
            let rec = await record({ hardware: "h200-ib", modelCache: { enabled: true, accessMode: "ReadWriteOnce" } }, { transformations: [pin] });
            assert.deepStrictEqual(await violations(rec, MODEL_CACHE_ACCESS), []);
            const splitPin = editModelService((v) => {
                v.prefill.extraConfig = { nodeSelector: { "kubernetes.io/hostname": "gpu-node-1" } };
                v.decode.extraConfig = { nodeSelector: { "kubernetes.io/hostname": "gpu-node-2" } };
            });
            rec = await record({ hardware: "h200-ib", modelCache: { enabled: true, accessMode: "ReadWriteOnce" } }, { transformations: [splitPin] });
            assert.strictEqual((await violations(rec, MODEL_CACHE_ACCESS)).length, 1, "two nodes: the claim cannot attach to both");
            rec = await record({ hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
            assert.deepStrictEqual(await violations(rec, MODEL_CACHE_ACCESS), []);
        });
    });
});
