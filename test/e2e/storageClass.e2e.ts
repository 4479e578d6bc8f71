/**
 * `pulumi preview` of the llm-d-pd program checks the model cache's StorageClass on the cluster: the
 * test API server holds classes with GKE's provisioners (no provisioner runs: only the class objects
 * matter), and the real CLI previews a stack whose cache names each. A ReadWriteMany claim of the
 * Persistent Disk class fails the preview with one line naming the claim and the class, no stack trace;
 * the Filestore class, and ReadWriteOnce on the disk class, preview; a class that does not exist fails
 * the read, naming both.
 */
import * as assert from "assert";
import { resolveSpec } from "../../components/pdstack/spec";
import { e2eCluster } from "./support/hooks";
import { previewSteps } from "./support/pulumi";
import { E2E_LLMD_VERSION, e2eCrds, E2eStack } from "./support/stack";
import type { TestCluster } from "./support/cluster";

const STACK = "storage-class";
/** The classes the test creates: GKE's Persistent Disk and Filestore provisioners. */
const CLASSES = { "e2e-gce-pd": "pd.csi.storage.gke.io", "e2e-filestore": "filestore.csi.storage.gke.io" };

const stackConfig = (modelCache: Record<string, unknown>) => ({
    hardware: "h200-ib",
    llmdVersion: E2E_LLMD_VERSION,
    gateway: "istio",
    namespace: "e2e-storage-class",
    releasePostfix: "sc",
    modelCache: { enabled: true, ...modelCache },
});

/** The claim PDStack names for this cache (the key hashes the model and the cache's settings). */
const claimOf = (modelCache: Record<string, unknown>) => resolveSpec(stackConfig(modelCache), "llm-d-pd:").modelCache!.claimName;

describe("e2e: pulumi preview reads the model cache's StorageClass and refuses one that cannot serve the claim", function () {
    let cluster: TestCluster;
    let stack: E2eStack;

    before(async function () {
        cluster = e2eCluster();
        await cluster.applyCrds(e2eCrds());
        for (const [name, provisioner] of Object.entries(CLASSES)) {
            await cluster.addStorageClass(name, provisioner);
        }
        stack = await E2eStack.init("storage-class", STACK, cluster.kubeconfig);
    });

    after(async function () {
        for (const name of Object.keys(CLASSES)) {
            await cluster?.removeStorageClass(name);
        }
    });

    /** Writes the stack file with this cache (and the token, encrypted), then runs `pulumi preview`. */
    async function preview(modelCache: Record<string, unknown>, ...extra: string[]) {
        await stack.configure(stackConfig(modelCache));
        return stack.ws.run(["preview", ...stack.args, ...extra]);
    }

    it("ReadWriteMany on a Persistent Disk class: the preview fails with one line naming the claim, the class and its provisioner, and no stack trace", async () => {
        const cache = { storageClassName: "e2e-gce-pd" };
        const r = await preview(cache);
        assert.notStrictEqual(r.code, 0, r.output);
        const message =
            `PDStack "llm-d-pd": llm-d-pd:modelCache.storageClassName (PDStackArgs.modelCache.storageClassName): the model cache claim "${claimOf(cache)}" ` +
            'asks for ReadWriteMany, but StorageClass "e2e-gce-pd" has provisioner pd.csi.storage.gke.io (Compute Engine Persistent Disk), whose block ' +
            "disks mount read-write on one node at a time, so the claim would stay Pending; name a class whose provisioner serves ReadWriteMany " +
            "(on GKE, Filestore: filestore.csi.storage.gke.io, as the class standard-rwx), or set modelCache.accessMode: ReadWriteOnce (the vLLM pods then share one node)";
        const lines = r.output.split("\n").filter((l) => l.includes("asks for ReadWriteMany"));
        assert.ok(lines.length > 0, r.output);
        // The diagnostics list the error under the stack resource: `error: <message>`, the whole of its line.
        assert.ok(lines.some((l) => l.trim() === `error: ${message}`), `no line is the message alone:\n${r.output}`);
        assert.doesNotMatch(r.output, /^\s+at .+:\d+:\d+\)?$/m, "a stack trace is printed");
        assert.doesNotMatch(r.output, /unhandled exception|error serializing property/);
    });

    it("ReadWriteMany on a Filestore class, and ReadWriteOnce on the Persistent Disk class, preview: the claim is created on the class, after the read", async () => {
        for (const cache of [{ storageClassName: "e2e-filestore" }, { storageClassName: "e2e-gce-pd", accessMode: "ReadWriteOnce" }]) {
            const r = await preview(cache, "--json");
            assert.strictEqual(r.code, 0, r.output);
            const planned = previewSteps(r.stdout);
            assert.ok(
                planned.some(({ op, type, name }) => op === "read" && type === "kubernetes:storage.k8s.io/v1:StorageClass" && name === `llm-d-pd-storage-class-of-${claimOf(cache)}`),
                `no read of the class: ${JSON.stringify(planned)}`,
            );
            const claim = (JSON.parse(r.stdout).steps as any[]).find((s) => s.urn.endsWith("::llm-d-pd-model-cache"));
            assert.strictEqual(claim?.op, "create", JSON.stringify(planned));
            assert.strictEqual(claim.newState.inputs.spec.storageClassName, cache.storageClassName);
        }
    });

    it("a class that does not exist: the preview fails at the read, which names the claim and the class", async () => {
        const cache = { storageClassName: "e2e-missing" };
        const r = await preview(cache);
        assert.notStrictEqual(r.code, 0, r.output);
        assert.match(r.output, new RegExp(`StorageClass \\(llm-d-pd-storage-class-of-${claimOf(cache)}\\):\\n\\s+error: .*resource 'e2e-missing' does not exist`), r.output);
        assert.doesNotMatch(r.output, /^\s+at .+:\d+:\d+\)?$/m, "a stack trace is printed");
    });
});
