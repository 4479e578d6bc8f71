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
import { JOB, PVC, RELEASE, ROUTE, STORAGE_CLASS, TOKEN } from "../../support/tokens";

const LLAMA = "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic";

let PDStack: typeof PDStackClass;

async function record(args: Partial<PDStackArgs> & { hardware: string }, opts?: Pulumi.ComponentResourceOptions): Promise<ResourceRecorder> {
    const recorder = await ResourceRecorder.install();
    new PDStack("pd", { hfToken: TOKEN, ...args }, opts);
    await recorder.settle();
    return recorder;
}

/** What `r` depends on, by name: a resource the program registered, or an object it read (the StorageClass). */
const dependsOn = (rec: ResourceRecorder, r: PlannedResource) => {
    const names = new Map(rec.resources.map((x) => [x.urn, x.name]));
    return r.dependencyUrns.map((u) => names.get(u) ?? u.split("::").pop()!).sort();
};

/** Everything `r` waits for, directly or through its dependencies (an object read from the cluster by name, as it depends on nothing). */
function waitsFor(rec: ResourceRecorder, r: PlannedResource): Set<string> {
    const byUrn = new Map(rec.resources.map((x) => [x.urn, x]));
    const seen = new Set<string>();
    const walk = (x: PlannedResource) =>
        x.dependencyUrns.forEach((u) => {
            const d = byUrn.get(u);
            const name = d?.name ?? u.split("::").pop()!;
            if (!seen.has(name)) {
                seen.add(name);
                if (d) {
                    walk(d);
                }
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
        const claimName = (rec.get(PVC, "pd-model-cache").inputs as any).metadata.name;
        assert.deepStrictEqual(dependsOn(rec, rec.get(PVC, "pd-model-cache")), ["pd-namespace", `pd-storage-class-of-${claimName}`], "the claim waits for its class, read from the cluster");
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

describe("model cache: the claim's StorageClass, read from the cluster at preview", () => {
    const GCE_PD = "pd.csi.storage.gke.io";
    const FILESTORE = "filestore.csi.storage.gke.io";
    /** The cluster's classes, as GKE names them, with their provisioners. */
    const GKE_CLASSES: Record<string, string> = { "standard-rwo": GCE_PD, "standard-rwx": FILESTORE };
    let ClusterClaims: typeof import("../../../components/cluster").ClusterClaims;
    let resolveSpec: typeof import("../../../components/pdstack/spec").resolveSpec;

    before(async () => {
        await ResourceRecorder.install();
        PDStack = (await import("../../../components/pdstack/pdStack")).PDStack;
        ClusterClaims = (await import("../../../components/cluster")).ClusterClaims;
        resolveSpec = (await import("../../../components/pdstack/spec")).resolveSpec;
    });

    const install = () => ResourceRecorder.install("llm-d-pd", "plan", { storageClassProvisioner: (name) => GKE_CLASSES[name] });
    const claimNameOf = (modelCache: Record<string, unknown>) => resolveSpec({ hardware: "gke", modelCache }, "PDStackArgs").modelCache!.claimName;

    /**
     * Constructs the PDStack and returns the error it fails with. The error comes from the claim's
     * `storageClassName` Output, as an unhandled rejection (what the Node.js language host prints, then
     * fails the run); its dependents wait for the claim forever, so the recorder is not settled.
     */
    async function refusal(rec: ResourceRecorder, modelCache: Record<string, unknown>): Promise<Error> {
        const errors: unknown[] = [];
        const collect = (e: unknown) => errors.push(e);
        process.on("unhandledRejection", collect);
        try {
            new PDStack("pd", { hfToken: TOKEN, hardware: "gke", modelCache: modelCache as PDStackArgs["modelCache"] });
            for (let turn = 0; turn < 200 && errors.length === 0; turn++) {
                await new Promise((r) => setTimeout(r, 5));
            }
        } finally {
            process.off("unhandledRejection", collect);
        }
        assert.ok(errors.length > 0, `no error; registered: ${rec.resources.map((r) => r.name)}`);
        assert.ok(errors.every((e) => e === errors[0]), "one error, reported once");
        return errors[0] as Error;
    }

    it("refuses a ReadWriteMany cache on a class of block disks before the claim is registered, in one line naming the key, the claim, the class and its provisioner", async () => {
        const rec = await install();
        const cache = { enabled: true, storageClassName: "standard-rwo" };
        const error = await refusal(rec, cache);
        assert.ok(error instanceof (await import("@pulumi/pulumi")).RunError, "a RunError: the language host prints its message alone, without a stack trace");
        assert.strictEqual(error.stack, error.message, "thrown after the program's module ran: the host prints its stack");
        assert.strictEqual(
            error.message,
            `PDStack "pd": llm-d-pd:modelCache.storageClassName (PDStackArgs.modelCache.storageClassName): the model cache claim "${claimNameOf(cache)}" asks ` +
                `for ReadWriteMany, but StorageClass "standard-rwo" has provisioner pd.csi.storage.gke.io (Compute Engine Persistent Disk), whose block ` +
                "disks mount read-write on one node at a time, so the claim would stay Pending; name a class whose provisioner serves ReadWriteMany " +
                "(on GKE, Filestore: filestore.csi.storage.gke.io, as the class standard-rwx), or set modelCache.accessMode: ReadWriteOnce (the vLLM pods then share one node)",
        );
        assert.deepStrictEqual(rec.reads, [{ type: STORAGE_CLASS, name: `pd-storage-class-of-${claimNameOf(cache)}`, id: "standard-rwo" }]);
        assert.deepStrictEqual(rec.ofType(PVC), [], "the claim is not registered");
        assert.deepStrictEqual(rec.ofType(JOB), [], "nor the Jobs on it");
    });

    it("accepts a ReadWriteMany cache on a Filestore class, and a ReadWriteOnce cache on a class of block disks: the claim gets the class", async () => {
        for (const cache of [
            { enabled: true, storageClassName: "standard-rwx" },
            { enabled: true, storageClassName: "standard-rwo", accessMode: "ReadWriteOnce" },
        ]) {
            const rec = await install();
            new PDStack("pd", { hfToken: TOKEN, hardware: "gke", modelCache: cache as PDStackArgs["modelCache"] });
            await rec.settle();
            const claim = rec.get(PVC, "pd-model-cache").inputs as any;
            assert.strictEqual(claim.spec.storageClassName, cache.storageClassName, JSON.stringify(cache));
            assert.deepStrictEqual(rec.reads.map((r) => [r.type, r.id]), [[STORAGE_CLASS, cache.storageClassName]], JSON.stringify(cache));
            assert.strictEqual(rec.ofType(JOB).length, 2, "the bind and download Jobs follow");
        }
    });

    it("a class that does not exist fails the read, which names the claim and the class, and the claim is not registered", async () => {
        const rec = await install();
        const cache = { enabled: true, storageClassName: "fast-nfs" };
        const error = await refusal(rec, cache);
        // Under mocks as under the engine: "resource '<class>' does not exist", on the read named for the claim.
        assert.strictEqual(
            error.message,
            `failed to read resource #fast-nfs 'pd-storage-class-of-${claimNameOf(cache)}' [${STORAGE_CLASS}]: resource 'fast-nfs' does not exist`,
        );
        assert.deepStrictEqual(rec.ofType(PVC), []);
    });

    it("reads no class for a cache without one (ReadWriteOnce on the default class), nor for a class the program creates on the cluster", async () => {
        let rec = await install();
        new PDStack("pd", { hfToken: TOKEN, hardware: "gke", modelCache: { enabled: true, accessMode: "ReadWriteOnce" } });
        await rec.settle();
        assert.deepStrictEqual(rec.reads, []);
        assert.strictEqual((rec.get(PVC, "pd-model-cache").inputs as any).spec.storageClassName, undefined);
        // A GkeCluster records its Filestore class on its claims: the class does not exist before the first `pulumi up` creates it.
        rec = await install();
        const claims = new ClusterClaims("created");
        claims.recordStorageClass("pdstack-model-cache", FILESTORE);
        new PDStack("pd", { hfToken: TOKEN, hardware: "gke", modelCache: { enabled: true, storageClassName: "pdstack-model-cache" } }, { clusterClaims: claims });
        await rec.settle();
        assert.deepStrictEqual(rec.reads, []);
        const claim = rec.get(PVC, "pd-model-cache");
        assert.strictEqual((claim.inputs as any).spec.storageClassName, "pdstack-model-cache");
        assert.deepStrictEqual(dependsOn(rec, claim), ["pd-namespace"]);
    });
});
