/**
 * Several PDStacks of one program on one cluster share a ClusterClaims: colliding installs are
 * rejected when constructed, cluster-wide resources are installed once. Under mocks.
 */
import * as assert from "assert";
import type * as K8s from "@pulumi/kubernetes";
import type { ClusterClaims as ClusterClaimsClass } from "../../../components/cluster";
import type { PDStack as PDStackClass } from "../../../components/pdstack/pdStack";
import { ResourceRecorder } from "../../../plan/recorder";
import { TOKEN } from "../../support/tokens";

let k8s: typeof K8s;
let PDStack: typeof PDStackClass;
let ClusterClaims: typeof ClusterClaimsClass;

describe("several PDStacks in one program", () => {
    before(async () => {
        await ResourceRecorder.install();
        k8s = await import("@pulumi/kubernetes");
        PDStack = (await import("../../../components/pdstack/pdStack")).PDStack;
        ClusterClaims = (await import("../../../components/cluster")).ClusterClaims;
    });

    it("two installs on one cluster with distinct postfixes and namespaces get distinct names everywhere, on the claims' provider", async () => {
        const rec = await ResourceRecorder.install();
        const cluster = new ClusterClaims("cluster", new k8s.Provider("cluster", { kubeconfig: "fake" }));
        new PDStack("llama", { hardware: "gke", hfToken: TOKEN, namespace: "llama", releasePostfix: "llama" }, { clusterClaims: cluster });
        new PDStack("qwen", { hardware: "gke", hfToken: TOKEN, namespace: "qwen", releasePostfix: "qwen" }, { clusterClaims: cluster });
        await rec.settle();
        const releases = rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => `${(r.inputs as any).namespace}/${(r.inputs as any).name}`);
        assert.deepStrictEqual(releases.sort(), ["llama/gaie-llama", "llama/infra-llama", "llama/ms-llama", "qwen/gaie-qwen", "qwen/infra-qwen", "qwen/ms-qwen"]);
        const routes = rec.ofType("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").map((r) => (r.inputs as any).metadata.name);
        assert.deepStrictEqual(routes.sort(), ["llm-d-llama-disaggregation", "llm-d-qwen-disaggregation"]);
        const providerUrn = rec.get("pulumi:providers:kubernetes", "cluster").urn;
        for (const r of rec.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
            assert.strictEqual(r.providerUrn, providerUrn, `${r.name} is not deployed through the provider of the PDStack's clusterClaims`);
        }
    });

    it("rejects a second install with the same postfix on the same cluster, naming the colliding ClusterRole", async () => {
        const rec = await ResourceRecorder.install();
        const cluster = new ClusterClaims("cluster", new k8s.Provider("cluster", { kubeconfig: "fake" }));
        new PDStack("a", { hardware: "gke", hfToken: TOKEN, namespace: "team-a" }, { clusterClaims: cluster });
        assert.throws(
            () => new PDStack("b", { hardware: "gke", hfToken: TOKEN, namespace: "team-b" }, { clusterClaims: cluster }),
            (e: Error) => {
                assert.strictEqual(e.name, "InputError");
                assert.match(e.message, /PDStack "b": releasePostfix "pd" in namespace "team-b" collides with PDStack "a" in namespace "team-a"/);
                assert.match(e.message, /ClusterRole and ClusterRoleBinding "gaie-pd-epp"/);
                return true;
            },
        );
        await rec.settle();
        assert.strictEqual(rec.resources.filter((r) => r.type === "pdstack:index:PDStack").length, 1, "the rejected PDStack registered nothing");
    });

    it("rejects a second install in the same namespace, saying both pools would select each other's pods", async () => {
        const rec = await ResourceRecorder.install();
        const cluster = new ClusterClaims("cluster");
        new PDStack("llama", { hardware: "h200-ib", hfToken: TOKEN, namespace: "shared", releasePostfix: "llama" }, { clusterClaims: cluster });
        assert.throws(
            () => new PDStack("qwen", { hardware: "h200-ib", hfToken: TOKEN, namespace: "shared", releasePostfix: "qwen", createNamespace: false }, { clusterClaims: cluster }),
            (e: Error) => {
                assert.strictEqual(e.name, "InputError");
                assert.match(e.message, /PDStack "qwen": namespace "shared" is already used by PDStack "llama" \(releasePostfix "llama"\) on the same cluster/);
                assert.match(e.message, /llm-d\.ai\/inferenceServing: "true"/);
                assert.match(e.message, /Give each install on a cluster its own namespace/);
                return true;
            },
        );
        await rec.settle();
        assert.deepStrictEqual(rec.ofType("pdstack:index:PDStack").map((r) => r.name), ["llama"], "the rejected PDStack registered nothing");
        assert.strictEqual(rec.ofType("kubernetes:helm.sh/v3:Release").length, 3);
    });

    it("a rejected install claims nothing: the next one may take its postfix", async () => {
        await ResourceRecorder.install();
        const cluster = new ClusterClaims("cluster");
        new PDStack("a", { hardware: "gke", hfToken: TOKEN, namespace: "a", releasePostfix: "a" }, { clusterClaims: cluster });
        assert.throws(() => new PDStack("b", { hardware: "gke", hfToken: TOKEN, namespace: "a", releasePostfix: "b" }, { clusterClaims: cluster }), /namespace "a" is already used/);
        assert.doesNotThrow(() => new PDStack("c", { hardware: "gke", hfToken: TOKEN, namespace: "c", releasePostfix: "b" }, { clusterClaims: cluster }));
    });

    it("allows the same postfix and namespace on different clusters", async () => {
        const rec = await ResourceRecorder.install();
        const east = new ClusterClaims("east", new k8s.Provider("east", { kubeconfig: "fake-east" }));
        const west = new ClusterClaims("west", new k8s.Provider("west", { kubeconfig: "fake-west" }));
        new PDStack("east", { hardware: "gke", hfToken: TOKEN }, { clusterClaims: east });
        new PDStack("west", { hardware: "gke", hfToken: TOKEN }, { clusterClaims: west });
        await rec.settle();
        assert.strictEqual(rec.ofType("kubernetes:helm.sh/v3:Release").length, 6);
    });

    it("rejects a provider in the options that is not the claims' provider", async () => {
        const rec = await ResourceRecorder.install();
        const cluster = new ClusterClaims("prod", new k8s.Provider("prod", { kubeconfig: "fake-prod" }));
        const other = new k8s.Provider("other", { kubeconfig: "fake-other" });
        assert.throws(
            () => new PDStack("llama", { hardware: "gke", hfToken: TOKEN }, { provider: other, clusterClaims: cluster }),
            (e: Error) => {
                assert.strictEqual(e.name, "InputError");
                assert.match(e.message, /PDStack "llama": the Kubernetes provider in its options is not the provider of clusterClaims "prod"/);
                return true;
            },
        );
        assert.doesNotThrow(() => new PDStack("qwen", { hardware: "gke", hfToken: TOKEN, namespace: "qwen", releasePostfix: "qwen" }, { provider: cluster.provider, clusterClaims: cluster }));
        await rec.settle();
        assert.deepStrictEqual(rec.ofType("pdstack:index:PDStack").map((r) => r.name), ["qwen"]);
    });

    it("installs the Intel GPU plugin once per cluster; later xpu installs wait for that one", async () => {
        const rec = await ResourceRecorder.install();
        const cluster = new ClusterClaims("cluster", new k8s.Provider("cluster", { kubeconfig: "fake" }));
        new PDStack("one", { hardware: "xpu", hfToken: TOKEN, namespace: "one", releasePostfix: "one" }, { clusterClaims: cluster });
        new PDStack("two", { hardware: "xpu", hfToken: TOKEN, namespace: "two", releasePostfix: "two" }, { clusterClaims: cluster });
        await rec.settle();
        const plugins = rec.ofType("kubernetes:apps/v1:DaemonSet");
        assert.deepStrictEqual(plugins.map((p) => p.name), ["one-intel-gpu-plugin"]);
        const twoMs = rec.get("kubernetes:helm.sh/v3:Release", "two-ms");
        assert.ok(twoMs.dependencyUrns.includes(plugins[0].urn), "the second install's model service must wait for the plugin");
    });

    it("without clusterClaims a PDStack assumes it is alone on its cluster: it checks nothing against others and installs its own plugin", async () => {
        const rec = await ResourceRecorder.install();
        new PDStack("one", { hardware: "xpu", hfToken: TOKEN });
        assert.doesNotThrow(() => new PDStack("two", { hardware: "xpu", hfToken: TOKEN }));
        await rec.settle();
        assert.deepStrictEqual(rec.ofType("kubernetes:apps/v1:DaemonSet").map((p) => p.name).sort(), ["one-intel-gpu-plugin", "two-intel-gpu-plugin"]);
    });

    it("holds the StorageClasses the program creates on the cluster, one provisioner each", () => {
        const claims = new ClusterClaims("c");
        assert.strictEqual(claims.storageClassProvisioner("pdstack-model-cache"), undefined);
        claims.recordStorageClass("pdstack-model-cache", "filestore.csi.storage.gke.io");
        claims.recordStorageClass("pdstack-model-cache", "filestore.csi.storage.gke.io");
        assert.strictEqual(claims.storageClassProvisioner("pdstack-model-cache"), "filestore.csi.storage.gke.io");
        assert.throws(
            () => claims.recordStorageClass("pdstack-model-cache", "pd.csi.storage.gke.io"),
            /^Error: cluster "c": StorageClass "pdstack-model-cache" is already created by this program, with provisioner filestore\.csi\.storage\.gke\.io$/,
        );
        assert.strictEqual(new ClusterClaims("other").storageClassProvisioner("pdstack-model-cache"), undefined, "another cluster's claims hold their own");
    });
});
