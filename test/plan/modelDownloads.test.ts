/**
 * The offline plan's figures on the model cache: hub downloads and bytes per deploy, with and
 * without the cache, and the critical path to the vLLM pods; through the CLI, as a user runs it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT_DIR, planInProcess, writeStackFile } from "../support/planCli";

const GI = 2 ** 30;
const CACHE_ON = { enabled: true, storageClassName: "filestore-rwx" };

/** The shipped h200-ib stack file with `extra` keys added. */
function h200ib(extra: Record<string, unknown> = {}): string {
    const shipped: Record<string, unknown> = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.h200-ib.yaml"), "utf8")).config;
    return writeStackFile("h200c", { ...shipped, ...extra });
}

async function planJson(...args: string[]): Promise<any> {
    const run = await planInProcess(...args, "--json");
    assert.strictEqual(run.status, 0, run.stderr);
    return run.json();
}

describe("offline plan: model downloads and the critical path", () => {
    let cached: any;
    let shipped: any;
    before(async () => {
        cached = await planJson("--stack", "h200c", "--config-file", h200ib({ modelCache: CACHE_ON }));
        shipped = await planJson("--stack", "h200-ib");
    });

    it("h200-ib with the cache on: 1 hub download instead of 5", () => {
        assert.deepStrictEqual(cached.modelDownloads, {
            fromHub: 1,
            bytes: 100 * GI,
            withCache: { fromHub: 1, bytes: 100 * GI },
            withoutCache: { fromHub: 5, bytes: 500 * GI },
        });
        assert.deepStrictEqual(cached.violations, []);
    });

    it("plans the claim on the named class and notes that pulumi preview checks the class on the cluster, which the plan does not read", () => {
        const claim = cached.resources.find((r: any) => r.name === "llm-d-pd-model-cache");
        assert.strictEqual(claim.inputs.spec.storageClassName, "filestore-rwx");
        const classNotes = (plan: any) => plan.notes.filter((n: string) => n.startsWith("StorageClass"));
        assert.deepStrictEqual(classNotes(cached), [
            'StorageClass "filestore-rwx" of the model cache: pulumi preview reads it from the cluster and refuses a ReadWriteMany claim of a class of block disks; the plan reads no cluster',
        ]);
        assert.deepStrictEqual(classNotes(shipped), [], "no cache, no read");
    });

    it("h200-ib as shipped (no cache): 5 downloads, one per vLLM pod, and 1 with the cache", () => {
        assert.strictEqual(shipped.modelDownloads.fromHub, 5);
        assert.strictEqual(shipped.modelDownloads.bytes, 500 * GI);
        assert.deepStrictEqual(shipped.modelDownloads.withCache, { fromHub: 1, bytes: 100 * GI });
    });

    it("the Job and the claim come before the model service, on the critical path to the vLLM pods", () => {
        assert.deepStrictEqual(
            cached.criticalPath.map((s: any) => s.resource),
            ["llm-d-pd-namespace", "llm-d-pd-model-cache", "llm-d-pd-model-cache-bind", "llm-d-pd-model-download", "llm-d-pd-ms"],
        );
        assert.match(cached.criticalPath[2].waitsFor, /^the model cache's claim bound and mounted \(up to 1260s\)$/);
        assert.match(cached.criticalPath[3].waitsFor, /^the model downloaded into the cache \(up to \d+s\)$/);
        const ms = cached.resources.find((r: any) => r.name === "llm-d-pd-ms");
        assert.ok(ms.dependsOn.includes("llm-d-pd-model-download"));
        const claim = cached.resources.find((r: any) => r.name === "llm-d-pd-model-cache").inputs.metadata.name;
        assert.strictEqual(ms.inputs.values.modelArtifacts.uri, `pvc://${claim}/RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic`);
        for (const role of ["prefill", "decode"]) {
            assert.ok(ms.inputs.values[role].containers.every((c: any) => c.mountModelVolume === true), `${role} mounts the claim`);
        }
    });

    it("without the cache the critical path is namespace, Secret, model service: no wait for infra or gaie", () => {
        assert.deepStrictEqual(
            shipped.criticalPath.map((s: any) => s.resource),
            ["llm-d-pd-namespace", "llm-d-pd-hf-token", "llm-d-pd-ms"],
        );
        const ms = shipped.resources.find((r: any) => r.name === "llm-d-pd-ms");
        assert.ok(!ms.dependsOn.includes("llm-d-pd-infra") && !ms.dependsOn.includes("llm-d-pd-gaie"));
    });

    it("counts per stack: xpu downloads its 10Gi model in each of its 3 pods; a pvc:// model downloads nothing", async () => {
        const xpu = await planJson("--stack", "xpu");
        assert.deepStrictEqual(xpu.modelDownloads, {
            fromHub: 3,
            bytes: 30 * GI,
            withCache: { fromHub: 1, bytes: 10 * GI },
            withoutCache: { fromHub: 3, bytes: 30 * GI },
        });
        const onClaim = await planJson("--stack", "claim", "--config-file", writeStackFile("claim", { hardware: "gke", model: { uri: "pvc://models/llama", name: "llama" } }));
        assert.deepStrictEqual(onClaim.modelDownloads, { fromHub: 0, bytes: 0, withCache: { fromHub: 0, bytes: 0 }, withoutCache: { fromHub: 0, bytes: 0 } });
    });

    it("counts llm-d 0.9's prefill and decode Deployments as model servers too", async () => {
        const off = await planJson("--stack", "v010", "--config-file", writeStackFile("v010", { hardware: "h200-ib", llmdVersion: "0.9" }));
        assert.deepStrictEqual(off.modelDownloads, {
            fromHub: 5,
            bytes: 500 * GI,
            withCache: { fromHub: 1, bytes: 100 * GI },
            withoutCache: { fromHub: 5, bytes: 500 * GI },
        });
        const on = await planJson("--stack", "v010c", "--config-file", writeStackFile("v010c", { hardware: "h200-ib", llmdVersion: "0.9", modelCache: CACHE_ON }));
        assert.strictEqual(on.modelDownloads.fromHub, 1);
        assert.strictEqual(on.modelDownloads.withoutCache.fromHub, 5);
        const path = on.criticalPath.map((s: any) => s.resource);
        assert.deepStrictEqual(path.slice(0, 4), ["llm-d-pd-namespace", "llm-d-pd-model-cache", "llm-d-pd-model-cache-bind", "llm-d-pd-model-download"]);
        assert.match(path[4], /^llm-d-pd-(prefill|decode)$/);
    });

    it("prints the downloads and the critical path in the text plan", async () => {
        let run = await planInProcess("--stack", "h200c", "--config-file", h200ib({ modelCache: CACHE_ON }));
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /^Model downloads from the hub per deploy: 1 \(up to 100Gi\) with the model cache; 5 \(up to 500Gi\) without it \(one per vLLM pod\)$/m);
        assert.match(run.stdout, /^ {2}4\. kubernetes:batch\/v1:Job {2}llm-d-pd-model-download: the model downloaded into the cache/m);
        run = await planInProcess("--stack", "h200-ib");
        assert.match(run.stdout, /^Model downloads from the hub per deploy: 5 \(up to 500Gi\), one per vLLM pod; 1 \(up to 100Gi\) with modelCache\.enabled$/m);
        assert.match(run.stdout, /^ {2}3\. kubernetes:helm\.sh\/v3:Release {2}llm-d-pd-ms: the vLLM pods start here/m);
    });

    it("on a GKE cluster the stack creates, `modelCache: {enabled: true}` is enough: the claim uses the cluster's Filestore class", async () => {
        const plan = await planJson(
            "--stack",
            "gkec",
            "--config-file",
            writeStackFile("gkec", {
                hardware: "gke",
                "gcp:project": "my-project",
                gkeCluster: { create: true, region: "us-central1", reservation: "h200-resv" },
                modelCache: { enabled: true },
            }),
        );
        const sc = plan.resources.find((r: any) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass");
        const claim = plan.resources.find((r: any) => r.name === "llm-d-pd-model-cache");
        assert.strictEqual(claim.inputs.spec.storageClassName, sc.inputs.metadata.name);
        assert.deepStrictEqual(claim.inputs.spec.accessModes, ["ReadWriteMany"]);
        assert.strictEqual(sc.inputs.parameters.network, "llm-d-pd-gke-net");
        assert.strictEqual(plan.modelDownloads.fromHub, 1);
        assert.deepStrictEqual(plan.violations, []);
        assert.ok(!plan.notes.some((n: string) => n.includes("StorageClass")), "the cluster's own class is not read (it does not exist before the first pulumi up)");
    });
});
