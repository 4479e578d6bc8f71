/**
 * The model cache's pure parts: the `modelCache` key (defaults, errors), the claim and the download
 * Job as built, the download script run for real in /bin/sh against a stand-in hub CLI, the values
 * the model service receives, and the GKE storage class.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { buildModelCacheStorageClass, MODEL_CACHE_STORAGE_CLASS } from "../../../components/gke/modelCacheStorageClass";
import {
    buildModelCacheClaim,
    buildModelDownloadJob,
    claimOfModelUri,
    COMPLETE_MARKER,
    DOWNLOAD_SCRIPT,
    ModelCacheSpec,
} from "../../../components/modelcache";
import { PDSpec, resolveSpec } from "../../../components/pdstack/spec";
import { buildModelServiceValues } from "../../../components/releases/llmd02/values";
import { imageReferenceProblem } from "../../../components/policies/pinnedVersions";
import { InputError } from "../../../components/validation";
import { withCreatedClusterStorageClass } from "../../../program/modelCache";
import { tempDir } from "../../support/planCli";

const LLAMA = "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic";
const spec = (input: Record<string, unknown>): PDSpec => resolveSpec(input, "llm-d-pd:");
const cacheOf = (input: Record<string, unknown>): ModelCacheSpec => {
    const cache = spec(input).modelCache;
    assert.ok(cache, "the cache is on");
    return cache;
};

function rejects(input: Record<string, unknown>, ...fragments: string[]): void {
    assert.throws(
        () => resolveSpec(input, "llm-d-pd:"),
        (e: unknown) => {
            assert.ok(e instanceof InputError, `expected InputError, got ${e}`);
            fragments.forEach((f) => assert.ok(e.message.includes(f), `message lacks ${JSON.stringify(f)}:\n${e.message}`));
            return true;
        },
    );
}

describe("model cache: the modelCache key", () => {
    it("is off by default, and off when enabled is false: no cache in the spec", () => {
        assert.strictEqual(spec({ hardware: "h200-ib" }).modelCache, undefined);
        assert.strictEqual(spec({ hardware: "h200-ib", modelCache: { enabled: false, size: "1Ti" } }).modelCache, undefined);
    });

    it("defaults to the model's size, ReadWriteMany, and deleting the claim on destroy", () => {
        const cache = cacheOf({ hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        assert.strictEqual(cache.repoId, LLAMA);
        assert.strictEqual(cache.size, "100Gi");
        assert.strictEqual(cache.accessMode, "ReadWriteMany");
        assert.strictEqual(cache.storageClassName, "filestore-rwx");
        assert.strictEqual(cache.retainOnDelete, false);
        assert.strictEqual(cache.path, LLAMA);
        assert.strictEqual(cache.uri, `pvc://${cache.claimName}/${LLAMA}`);
        assert.strictEqual(cacheOf({ hardware: "xpu", modelCache: { enabled: true, storageClassName: "filestore-rwx" } }).size, "10Gi");
    });

    it("keys the claim and the Job by model and cache settings: same input, same names; a new model or size, new ones", () => {
        const base = { hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx" } };
        const a = cacheOf(base);
        const again = cacheOf({ ...base, benchmarking: true, decode: { replicas: 2 } });
        assert.deepStrictEqual([again.claimName, again.jobName], [a.claimName, a.jobName], "what does not touch the model does not re-download");
        assert.match(a.claimName, /^model-cache-pd-[0-9a-f]{10}$/);
        assert.strictEqual(a.jobName, a.claimName.replace("model-cache-", "model-download-"));
        const other = cacheOf({ ...base, model: { uri: "hf://meta-llama/Llama-3.1-8B-Instruct", name: "llama-8b", size: "20Gi" } });
        const bigger = cacheOf({ hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx", size: "200Gi" } });
        const rwo = cacheOf({ hardware: "h200-ib", modelCache: { enabled: true, accessMode: "ReadWriteOnce" } });
        const names = new Set([a, other, bigger, rwo].map((c) => c.claimName));
        assert.strictEqual(names.size, 4, "each model or claim shape gets its own claim");
        assert.strictEqual(other.uri, `pvc://${other.claimName}/meta-llama/Llama-3.1-8B-Instruct`);
        assert.match(cacheOf({ ...base, releasePostfix: "llama" }).claimName, /^model-cache-llama-/);
    });

    it("creates no cache for a model already on a claim (pvc://): modelservice mounts that claim as it is", () => {
        const s = spec({ hardware: "gke", model: { uri: "pvc://team-models/llama", name: "llama" }, modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        assert.strictEqual(s.modelCache, undefined);
        assert.strictEqual((buildModelServiceValues(s) as any).modelArtifacts.uri, "pvc://team-models/llama");
    });

    it("refuses ReadWriteMany on the cluster's default class (a claim that would stay Pending), naming the fix", () => {
        for (const modelCache of [{ enabled: true }, { enabled: true, accessMode: "ReadWriteMany" }]) {
            rejects(
                { hardware: "h200-ib", modelCache },
                "llm-d-pd:modelCache.storageClassName: is required with accessMode ReadWriteMany (the default)",
                "offers only ReadWriteOnce, and the claim would stay Pending",
                "pdstack-model-cache on a GkeCluster",
                "or set accessMode: ReadWriteOnce",
            );
        }
        assert.strictEqual(cacheOf({ hardware: "h200-ib", modelCache: { enabled: true, accessMode: "ReadWriteOnce" } }).storageClassName, undefined, "ReadWriteOnce may use the default class");
        assert.strictEqual(spec({ hardware: "h200-ib", modelCache: { enabled: false } }).modelCache, undefined, "nothing to refuse when the cache is off");
    });

    it("rejects bad settings, naming the key, the value and what is allowed", () => {
        rejects({ hardware: "gke", modelCache: { enabled: true, storageClassName: "filestore-rwx", accessMode: "ReadOnlyMany" } }, "llm-d-pd:modelCache.accessMode: must be one of ReadWriteMany, ReadWriteOnce", '"ReadOnlyMany"');
        rejects({ hardware: "gke", modelCache: { enabled: true, storageClassName: "filestore-rwx", size: "lots" } }, "llm-d-pd:modelCache.size", "Kubernetes quantity", '"lots"');
        rejects({ hardware: "gke", modelCache: { enabled: true, storageClassName: "filestore-rwx", size: "50Gi" } }, "llm-d-pd:modelCache.size: is smaller than the model's size 100Gi", '"50Gi"');
        rejects({ hardware: "gke", modelCache: { enabled: true, storageClassName: "Fast_SSD" } }, "llm-d-pd:modelCache.storageClassName: must be a StorageClass name");
        rejects({ hardware: "gke", modelCache: { enabled: "yes" } }, "llm-d-pd:modelCache.enabled: must be true or false");
        rejects({ hardware: "gke", modelCache: { enabled: true, storageClassName: "filestore-rwx", claim: "x" } }, "llm-d-pd:modelCache.claim: is not a known key", "known keys: enabled, storageClassName, size, accessMode, retainOnDelete");
        rejects({ hardware: "gke", model: { uri: "hf://../../etc", name: "x" }, modelCache: { enabled: true, storageClassName: "filestore-rwx" } }, "llm-d-pd:model.uri: does not name a Hugging Face repository");
    });
});

describe("model cache: the claim and the download Job", () => {
    const cache = cacheOf({ hardware: "h200-ib", modelCache: { enabled: true, storageClassName: "filestore-rwx", retainOnDelete: true } });

    it("claims the cache's size with its access mode and class, and is not awaited by the provider (the Job is)", () => {
        const claim = buildModelCacheClaim(cache) as any;
        assert.strictEqual(claim.metadata.name, cache.claimName);
        assert.strictEqual(claim.metadata.namespace, "llm-d-pd");
        assert.deepStrictEqual(claim.spec.accessModes, ["ReadWriteMany"]);
        assert.deepStrictEqual(claim.spec.resources, { requests: { storage: "100Gi" } });
        assert.strictEqual(claim.spec.storageClassName, "filestore-rwx");
        assert.strictEqual(claim.metadata.annotations["pulumi.com/skipAwait"], "true");
        const noClass = buildModelCacheClaim(cacheOf({ hardware: "h200-ib", modelCache: { enabled: true, accessMode: "ReadWriteOnce" } })) as any;
        assert.ok(!("storageClassName" in noClass.spec), "no class: the cluster's default");
    });

    it("runs the pinned vLLM image, takes the token by secretKeyRef, and writes the model into the claim", () => {
        const job = buildModelDownloadJob(cache) as any;
        const pod = job.spec.template.spec;
        const c = pod.containers[0];
        assert.strictEqual(c.image, "ghcr.io/llm-d/llm-d:v0.2.0");
        assert.strictEqual(imageReferenceProblem(c.image), undefined, "the image is pinned");
        assert.deepStrictEqual(c.env.find((e: any) => e.name === "HF_TOKEN"), { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "llm-d-hf-token", key: "HF_TOKEN" } } });
        assert.ok(c.env.every((e: any) => e.name !== "HF_TOKEN" || !("value" in e)), "no literal token");
        assert.deepStrictEqual(c.command, ["/bin/sh", "-c", DOWNLOAD_SCRIPT]);
        assert.deepStrictEqual(c.env.filter((e: any) => e.name.startsWith("MODEL_")), [
            { name: "MODEL_REPO", value: LLAMA },
            { name: "MODEL_DIR", value: `/model-cache/${LLAMA}` },
        ]);
        assert.deepStrictEqual(c.volumeMounts, [{ name: "model-cache", mountPath: "/model-cache" }]);
        assert.deepStrictEqual(pod.volumes, [{ name: "model-cache", persistentVolumeClaim: { claimName: cache.claimName } }]);
        assert.strictEqual(pod.restartPolicy, "Never");
        assert.deepStrictEqual(c.securityContext.capabilities, { drop: ["ALL"] });
        assert.strictEqual(c.securityContext.allowPrivilegeEscalation, false);
        const existing = buildModelDownloadJob(cacheOf({ hardware: "h200-ib", existingHfTokenSecret: "team-hf", modelCache: { enabled: true, storageClassName: "filestore-rwx" } })) as any;
        assert.strictEqual(existing.spec.template.spec.containers[0].env.find((e: any) => e.name === "HF_TOKEN").valueFrom.secretKeyRef.name, "team-hf");
    });

    it("bounds retries and sizes its deadline to the model: 20 minutes of setup plus the bytes at 25 MB/s", () => {
        const job = buildModelDownloadJob(cache) as any;
        assert.strictEqual(job.spec.backoffLimit, 3);
        const bytes = 100 * 2 ** 30;
        assert.strictEqual(job.spec.activeDeadlineSeconds, 1200 + Math.ceil(bytes / 25e6)); // 5495 s for 100Gi
        assert.strictEqual(job.metadata.annotations["pulumi.com/timeoutSeconds"], String(job.spec.activeDeadlineSeconds + 60));
        const small = buildModelDownloadJob(cacheOf({ hardware: "xpu", modelCache: { enabled: true, storageClassName: "filestore-rwx" } })) as any;
        assert.strictEqual(small.spec.activeDeadlineSeconds, 1200 + Math.ceil((10 * 2 ** 30) / 25e6));
        const roomy = buildModelDownloadJob(cacheOf({ hardware: "xpu", modelCache: { enabled: true, storageClassName: "filestore-rwx", size: "1Ti" } })) as any;
        assert.strictEqual(roomy.spec.activeDeadlineSeconds, small.spec.activeDeadlineSeconds, "the deadline follows the model, not the claim");
    });
});

describe("model cache: the download script, run in /bin/sh with a stand-in hub CLI", () => {
    /** Runs the script with MODEL_* set and on PATH only `bin` (the stand-in CLIs) and `mkdir`, so no real hub CLI is found. */
    function run(bin: string, cache: string, repo = "org/model") {
        const tools = path.join(path.dirname(bin), "tools");
        if (!fs.existsSync(tools)) {
            fs.mkdirSync(tools);
            fs.symlinkSync(spawnSync("/bin/sh", ["-c", "command -v mkdir"], { encoding: "utf8" }).stdout.trim(), path.join(tools, "mkdir"));
        }
        const env = { PATH: `${bin}:${tools}`, MODEL_REPO: repo, MODEL_DIR: path.join(cache, repo), CALLS: path.join(cache, "calls") };
        return spawnSync("/bin/sh", ["-c", DOWNLOAD_SCRIPT], { env, encoding: "utf8", timeout: 10_000 });
    }
    /** A stand-in CLI that records its arguments and writes a model file into --local-dir (or fails). */
    function standIn(bin: string, name: string, fail = false): void {
        fs.mkdirSync(bin, { recursive: true });
        const body = fail
            ? 'echo "$0 $*" >> "$CALLS"; echo "401 Unauthorized" >&2; exit 1'
            : 'echo "$0 $*" >> "$CALLS"; while [ $# -gt 0 ]; do if [ "$1" = --local-dir ]; then echo "{}" > "$2/config.json"; fi; shift; done';
        fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    }
    const calls = (cache: string) => (fs.existsSync(path.join(cache, "calls")) ? fs.readFileSync(path.join(cache, "calls"), "utf8").trim().split("\n") : []);

    it("downloads with `hf download <repo> --local-dir <dir>`, marks the model complete, and a second run downloads nothing", () => {
        const dir = tempDir("pdstack-cache-");
        const bin = path.join(dir, "bin");
        const cache = path.join(dir, "cache");
        standIn(bin, "hf");
        let r = run(bin, cache);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(calls(cache), [`${path.join(bin, "hf")} download org/model --local-dir ${path.join(cache, "org/model")}`]);
        assert.ok(fs.existsSync(path.join(cache, "org/model/config.json")));
        assert.strictEqual(fs.readFileSync(path.join(cache, "org/model", COMPLETE_MARKER), "utf8").trim(), "org/model");
        r = run(bin, cache);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /org\/model is already in the cache/);
        assert.strictEqual(calls(cache).length, 1, "the hub was not contacted again");
    });

    it("falls back to huggingface-cli where the image predates `hf`", () => {
        const dir = tempDir("pdstack-cache-");
        const bin = path.join(dir, "bin");
        const cache = path.join(dir, "cache");
        standIn(bin, "huggingface-cli");
        const r = run(bin, cache);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(calls(cache)[0], /huggingface-cli download org\/model --local-dir /);
    });

    it("fails, without marking the model complete, when the download fails (the Job retries it)", () => {
        const dir = tempDir("pdstack-cache-");
        const bin = path.join(dir, "bin");
        const cache = path.join(dir, "cache");
        standIn(bin, "hf", true);
        const r = run(bin, cache);
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr, /401 Unauthorized/);
        assert.ok(!fs.existsSync(path.join(cache, "org/model", COMPLETE_MARKER)));
    });
});

describe("model cache: what the model service receives", () => {
    it("serves the cache's claim read-only from every vLLM container, offline, without the token", () => {
        const s = spec({ hardware: "h200-ib", benchmarking: true, modelCache: { enabled: true, storageClassName: "filestore-rwx" } });
        const ms = buildModelServiceValues(s) as any;
        assert.deepStrictEqual(ms.modelArtifacts, { uri: `pvc://${s.modelCache!.claimName}/${LLAMA}`, size: "100Gi", name: LLAMA });
        // modelservice v0.2.7 mounts a pvc:// claim as the pods' model-storage volume with readOnly: true, in every
        // container with mountModelVolume, and serves /model-cache/<path> (templates/_helpers.tpl).
        assert.strictEqual(claimOfModelUri(ms.modelArtifacts.uri), s.modelCache!.claimName);
        for (const role of ["prefill", "decode"]) {
            for (const c of ms[role].containers) {
                assert.strictEqual(c.mountModelVolume, true, `${role} ${c.name}`);
                assert.deepStrictEqual(c.env.filter((e: any) => e.name === "HF_HUB_OFFLINE"), [{ name: "HF_HUB_OFFLINE", value: "1" }], `${role} ${c.name}`);
            }
        }
        assert.strictEqual(ms.routing.modelName, LLAMA, "the served model name is unchanged");
    });

    it("leaves the values of a stack without the cache exactly as before (upstream parity)", () => {
        const off = buildModelServiceValues(spec({ hardware: "h200-ib", benchmarking: true })) as any;
        const disabled = buildModelServiceValues(spec({ hardware: "h200-ib", benchmarking: true, modelCache: { enabled: false } }));
        assert.deepStrictEqual(disabled, off);
        assert.deepStrictEqual(off.modelArtifacts, { uri: `hf://${LLAMA}`, size: "100Gi", authSecretName: "llm-d-hf-token", name: LLAMA });
        assert.ok(JSON.stringify(off).indexOf("HF_HUB_OFFLINE") < 0);
    });
});

describe("model cache on GKE", () => {
    it("a created GkeCluster offers a Filestore ReadWriteMany class in its VPC and GPU zones", () => {
        const sc = buildModelCacheStorageClass("llm-net", ["us-central1-b", "us-central1-c"]) as any;
        assert.strictEqual(sc.metadata.name, MODEL_CACHE_STORAGE_CLASS);
        assert.strictEqual(sc.provisioner, "filestore.csi.storage.gke.io");
        assert.deepStrictEqual(sc.parameters, { tier: "premium", network: "llm-net" });
        assert.deepStrictEqual(sc.allowedTopologies, [{ matchLabelExpressions: [{ key: "topology.gke.io/zone", values: ["us-central1-b", "us-central1-c"] }] }]);
        assert.strictEqual(sc.volumeBindingMode, "Immediate");
    });

    it("the program gives an enabled cache that names no class the created cluster's class, and nothing else", () => {
        const on = { hardware: "gke", modelCache: { enabled: true } };
        assert.strictEqual(withCreatedClusterStorageClass(on, true).modelCache!.storageClassName, MODEL_CACHE_STORAGE_CLASS);
        assert.deepStrictEqual(withCreatedClusterStorageClass(on, false), on, "an existing cluster: unchanged (then refused: ReadWriteMany needs a class)");
        const named = { hardware: "gke", modelCache: { enabled: true, storageClassName: "enterprise-rwx" } };
        assert.deepStrictEqual(withCreatedClusterStorageClass(named, true), named);
        const off = { hardware: "gke" };
        assert.deepStrictEqual(withCreatedClusterStorageClass(off, true), off);
    });
});
