import * as assert from "assert";
import type * as K8s from "@pulumi/kubernetes";
import type { PDStack as PDStackClass } from "../components/pdstack/pdStack";
import { ResourceRecorder } from "../plan/recorder";

const TOKEN = "hf_TestTokenThatMustNeverAppearInPlainText0123";
let k8s: typeof K8s;
let PDStack: typeof PDStackClass;

describe("several PDStacks in one program", () => {
    before(async () => {
        await ResourceRecorder.install();
        k8s = await import("@pulumi/kubernetes");
        PDStack = (await import("../components/pdstack/pdStack")).PDStack;
    });

    it("two installs on one cluster with distinct postfixes get distinct names everywhere", async () => {
        const rec = await ResourceRecorder.install();
        const cluster = new k8s.Provider("cluster", { kubeconfig: "fake" });
        new PDStack("llama", { hardware: "gke", hfToken: TOKEN, namespace: "llama", releasePostfix: "llama" }, { provider: cluster });
        new PDStack("qwen", { hardware: "gke", hfToken: TOKEN, namespace: "qwen", releasePostfix: "qwen" }, { provider: cluster });
        await rec.settle();
        const releases = rec.ofType("kubernetes:helm.sh/v3:Release").map((r) => `${(r.inputs as any).namespace}/${(r.inputs as any).name}`);
        assert.deepStrictEqual(releases.sort(), ["llama/gaie-llama", "llama/infra-llama", "llama/ms-llama", "qwen/gaie-qwen", "qwen/infra-qwen", "qwen/ms-qwen"]);
        const routes = rec.ofType("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").map((r) => (r.inputs as any).metadata.name);
        assert.deepStrictEqual(routes.sort(), ["llm-d-llama-disaggregation", "llm-d-qwen-disaggregation"]);
        const providerUrn = rec.get("pulumi:providers:kubernetes", "cluster").urn;
        for (const r of rec.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
            assert.strictEqual(r.providerUrn, providerUrn, `${r.name} ignores the provider given to its PDStack`);
        }
    });

    it("rejects a second install with the same postfix on the same cluster, naming the colliding ClusterRole", async () => {
        const rec = await ResourceRecorder.install();
        const cluster = new k8s.Provider("cluster", { kubeconfig: "fake" });
        new PDStack("a", { hardware: "gke", hfToken: TOKEN, namespace: "team-a" }, { provider: cluster });
        assert.throws(
            () => new PDStack("b", { hardware: "gke", hfToken: TOKEN, namespace: "team-b" }, { provider: cluster }),
            (e: Error) => {
                assert.match(e.message, /PDStack "b": releasePostfix "pd" in namespace "team-b" collides with PDStack "a" in namespace "team-a"/);
                assert.match(e.message, /ClusterRole and ClusterRoleBinding "gaie-pd-epp"/);
                return true;
            },
        );
        await rec.settle();
        assert.strictEqual(rec.resources.filter((r) => r.type === "pdstack:index:PDStack").length, 1, "the rejected PDStack registered nothing");
    });

    it("allows the same postfix on different clusters", async () => {
        const rec = await ResourceRecorder.install();
        const east = new k8s.Provider("east", { kubeconfig: "fake-east" });
        const west = new k8s.Provider("west", { kubeconfig: "fake-west" });
        new PDStack("east", { hardware: "gke", hfToken: TOKEN }, { provider: east });
        new PDStack("west", { hardware: "gke", hfToken: TOKEN }, { provider: west });
        await rec.settle();
        assert.strictEqual(rec.ofType("kubernetes:helm.sh/v3:Release").length, 6);
    });

    it("installs the Intel GPU plugin once per cluster; later xpu installs wait for that one", async () => {
        const rec = await ResourceRecorder.install();
        const cluster = new k8s.Provider("cluster", { kubeconfig: "fake" });
        new PDStack("one", { hardware: "xpu", hfToken: TOKEN, namespace: "one", releasePostfix: "one" }, { provider: cluster });
        new PDStack("two", { hardware: "xpu", hfToken: TOKEN, namespace: "two", releasePostfix: "two" }, { provider: cluster });
        await rec.settle();
        const plugins = rec.ofType("kubernetes:apps/v1:DaemonSet");
        assert.deepStrictEqual(plugins.map((p) => p.name), ["one-intel-gpu-plugin"]);
        const twoMs = rec.get("kubernetes:helm.sh/v3:Release", "two-ms");
        assert.ok(twoMs.dependencyUrns.includes(plugins[0].urn), "the second install's model service must wait for the plugin");
    });
});
