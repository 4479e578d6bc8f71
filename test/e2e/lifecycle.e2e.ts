/**
 * `pulumi up`, `up` again (no changes), a change that replaces, and `pulumi destroy` of the llm-d-pd
 * program on llm-d E2E_LLMD_VERSION against the test API server, whose own validation (OpenAPI
 * schemas, the CRDs' structural schemas and CEL rules, admission) is the oracle for every object.
 * Chart-less (test/e2e/program): the router release installs an empty chart; everything else is as
 * the program registers it.
 */
import * as assert from "assert";
import { e2eCluster } from "./support/hooks";
import { previewSteps } from "./support/pulumi";
import { E2E_HF_TOKEN, E2E_LLMD_VERSION, e2eCrds, E2eStack } from "./support/stack";
import type { TestCluster } from "./support/cluster";

const NAMESPACE = "e2e-pd";
const STACK = "lifecycle";
/** The fake GPU nodes: H200 machines with InfiniBand, as hardware h200-ib expects. */
const GPU_NODES = ["gpu-node-a", "gpu-node-b", "gpu-node-c", "gpu-node-d"];

const baseConfig = (postfix: string) => ({
    hardware: "h200-ib",
    llmdVersion: E2E_LLMD_VERSION,
    gateway: "istio",
    // The namespace is the test's (createNamespace false): a namespace the stack deleted would take the
    // retained claim with it, and the test could not tell Pulumi's retainOnDelete from the namespace controller.
    namespace: NAMESPACE,
    createNamespace: false,
    releasePostfix: postfix,
    modelCache: { enabled: true, storageClassName: "e2e-rwx", retainOnDelete: true },
    // KEDA owns the replica counts (installKeda off: the program checks the cluster's ScaledObject CRD);
    // nothing scrapes here, KEDA only needs an address for its triggers.
    autoscaling: { enabled: true, prometheusAddress: "http://prometheus.e2e-monitoring.svc:9090" },
});

/** Names of the objects of one kind in the namespace (or cluster-wide). */
async function names(cluster: TestCluster, listPath: string): Promise<string[]> {
    const r = await cluster.request("GET", listPath);
    if (r.status === 404) {
        return [];
    }
    assert.strictEqual(r.status, 200, `GET ${listPath}: ${JSON.stringify(r.body).slice(0, 300)}`);
    return (r.body.items as any[]).map((o) => o.metadata.name).sort();
}

const ns = `/api/v1/namespaces/${NAMESPACE}`;
const apps = `/apis/apps/v1/namespaces/${NAMESPACE}`;
const KINDS = {
    deployments: `${apps}/deployments`,
    configmaps: `${ns}/configmaps`,
    secrets: `${ns}/secrets`,
    serviceaccounts: `${ns}/serviceaccounts`,
    pvcs: `${ns}/persistentvolumeclaims`,
    jobs: `/apis/batch/v1/namespaces/${NAMESPACE}/jobs`,
    gateways: `/apis/gateway.networking.k8s.io/v1/namespaces/${NAMESPACE}/gateways`,
    httproutes: `/apis/gateway.networking.k8s.io/v1/namespaces/${NAMESPACE}/httproutes`,
    scaledobjects: `/apis/keda.sh/v1alpha1/namespaces/${NAMESPACE}/scaledobjects`,
};

/**
 * Steps that change nothing: `read` is what the program looks up on the cluster on every run, the ScaledObject CRD
 * (installKeda off) and the model cache's StorageClass.
 */
const NO_CHANGE = ["same", "read"];

/** The steps of a `pulumi preview --json`, by operation: the names of the resources of each. */
function stepsByOp(previewJson: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const step of previewSteps(previewJson)) {
        (out[step.op] ??= []).push(step.name);
    }
    return out;
}

describe(`e2e: pulumi up / up / replace / destroy of llm-d ${E2E_LLMD_VERSION} on the test API server`, function () {
    let cluster: TestCluster;
    let stack: E2eStack;

    before(async function () {
        cluster = e2eCluster();
        await cluster.applyCrds(e2eCrds());
        for (const node of GPU_NODES) {
            await cluster.addNode(node, { "nvidia.com/gpu": "8", "rdma/ib": "8" }, { "nvidia.com/gpu.product": "NVIDIA-H200" });
        }
        const created = await cluster.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
        assert.strictEqual(created.status, 201, JSON.stringify(created.body));
        // The model cache's class, which preview reads (no provisioner: the volumes below are made by hand).
        await cluster.addStorageClass("e2e-rwx", "kubernetes.io/no-provisioner");
        // Volumes for the model cache claims (the first install's, and the replacement's), so that the claims
        // bind and the pods that mount them can be scheduled: the cluster has no provisioner.
        for (const pv of ["e2e-model-cache-1", "e2e-model-cache-2"]) {
            const r = await cluster.request("POST", "/api/v1/persistentvolumes", {
                apiVersion: "v1",
                kind: "PersistentVolume",
                metadata: { name: pv },
                spec: { capacity: { storage: "2Ti" }, accessModes: ["ReadWriteMany", "ReadWriteOnce"], storageClassName: "e2e-rwx", persistentVolumeReclaimPolicy: "Retain", hostPath: { path: `/tmp/${pv}` } },
            });
            assert.strictEqual(r.status, 201, JSON.stringify(r.body));
        }
        stack = await E2eStack.init("lifecycle", STACK, cluster.kubeconfig);
        await stack.configure(baseConfig("e2e"));
    });

    it("pulumi up creates every object, and the API server accepts each", async () => {
        const up = await stack.ws.ok(["up", "--yes", "--skip-preview", ...stack.args]);
        assert.doesNotMatch(up.stdout, new RegExp(E2E_HF_TOKEN), "the token leaked into the output");
        const deployments = await names(cluster, KINDS.deployments);
        assert.strictEqual(deployments.filter((d) => /prefill/.test(d)).length, 1, `no prefill Deployment: ${deployments}`);
        assert.strictEqual(deployments.filter((d) => /decode/.test(d)).length, 1, `no decode Deployment: ${deployments}`);
        assert.ok((await names(cluster, KINDS.gateways)).length === 1, "no Gateway");
        assert.ok((await names(cluster, KINDS.httproutes)).length === 1, "no HTTPRoute");
        assert.ok((await names(cluster, KINDS.pvcs)).length === 1, "no model cache claim");
        // The model cache's Jobs: the one that mounts the claim first (`<claim>-bind`), and the download.
        const jobs = await names(cluster, KINDS.jobs);
        assert.deepStrictEqual(jobs.map((j) => (j.endsWith("-bind") ? "bind" : j.startsWith("model-download-") ? "download" : j)).sort(), ["bind", "download"], `${jobs}`);
        assert.ok((await names(cluster, KINDS.configmaps)).some((c) => /gateway/.test(c)), "no gateway parameters ConfigMap");
        const scaled = await cluster.get(KINDS.scaledobjects);
        assert.deepStrictEqual(
            scaled.items.map((o: any) => o.spec.scaleTargetRef.name).sort(),
            deployments.filter((d) => /prefill|decode/.test(d)).sort(),
            "one ScaledObject per role, each targeting its Deployment",
        );
        const secret = await cluster.get(`${ns}/secrets/llm-d-hf-token`);
        assert.strictEqual(Buffer.from(secret.data.HF_TOKEN, "base64").toString(), E2E_HF_TOKEN);
        const outputs = JSON.parse((await stack.ws.ok(["stack", "output", "--json", "--stack", STACK])).stdout);
        assert.strictEqual(outputs.namespace, NAMESPACE);
    });

    it("the scheduler places the prefill and decode pods on the fake GPU nodes", async () => {
        const deadline = Date.now() + 120_000;
        let pods: any[] = [];
        while (Date.now() < deadline) {
            pods = (await cluster.get(`${ns}/pods`)).items.filter((p: any) => /prefill|decode/.test(p.metadata.name));
            if (pods.length > 0 && pods.every((p) => p.spec.nodeName)) {
                break;
            }
            await new Promise((r) => setTimeout(r, 1000));
        }
        assert.ok(pods.length >= 2, `no prefill/decode pods were created:\n${cluster.logs()}`);
        const unbound = pods.filter((p) => !p.spec.nodeName);
        assert.deepStrictEqual(
            unbound.map((p) => `${p.metadata.name}: ${JSON.stringify(p.status?.conditions ?? [])}`),
            [],
            "pods the scheduler did not place",
        );
        for (const p of pods) {
            assert.ok(GPU_NODES.includes(p.spec.nodeName), `${p.metadata.name} on ${p.spec.nodeName}`);
            const limits = p.spec.containers.find((c: any) => c.resources?.limits?.["nvidia.com/gpu"])?.resources.limits;
            assert.ok(limits && limits["rdma/ib"], `${p.metadata.name} requests no GPU with rdma/ib`);
        }
    });

    it("a second pulumi up changes nothing", async () => {
        const preview = await stack.ws.ok(["preview", "--json", ...stack.args]);
        const ops = stepsByOp(preview.stdout);
        assert.deepStrictEqual(Object.keys(ops).filter((op) => !NO_CHANGE.includes(op)), [], `changes planned: ${JSON.stringify(ops)}`);
        await stack.ws.ok(["up", "--yes", "--skip-preview", "--expect-no-changes", ...stack.args]);
    });

    it("a replica count KEDA's HPA set survives the next pulumi up", async () => {
        const prefill = (await names(cluster, KINDS.deployments)).find((d) => /prefill/.test(d))!;
        // What the HPA KEDA creates does: write the scale subresource, as its own field manager.
        const scale = await cluster.request("PATCH", `${KINDS.deployments}/${prefill}/scale?fieldManager=e2e-hpa`, { spec: { replicas: 3 } }, "application/merge-patch+json");
        assert.strictEqual(scale.status, 200, JSON.stringify(scale.body).slice(0, 300));
        const ops = stepsByOp((await stack.ws.ok(["preview", "--json", ...stack.args])).stdout);
        assert.deepStrictEqual(Object.keys(ops).filter((op) => !NO_CHANGE.includes(op)), [], `changes planned: ${JSON.stringify(ops)}`);
        await stack.ws.ok(["up", "--yes", "--skip-preview", ...stack.args]);
        assert.strictEqual((await cluster.get(`${KINDS.deployments}/${prefill}`)).spec.replicas, 3, "pulumi up reset the scaler's replica count");
        // A change Pulumi applies to the Deployment (the startup probe's window follows readyTimeoutSeconds)
        // leaves the replica count to the scaler too: PDStack does not own spec.replicas when KEDA does.
        await stack.configure({ ...baseConfig("e2e"), readyTimeoutSeconds: 1800 });
        const before = (await cluster.get(`${KINDS.deployments}/${prefill}`)).spec.template.spec.containers[0].startupProbe.failureThreshold;
        await stack.ws.ok(["up", "--yes", "--skip-preview", ...stack.args]);
        const updated = await cluster.get(`${KINDS.deployments}/${prefill}`);
        assert.notStrictEqual(updated.spec.template.spec.containers[0].startupProbe.failureThreshold, before, "pulumi up did not update the Deployment");
        assert.strictEqual(updated.spec.replicas, 3, "updating the Deployment reset the scaler's replica count");
    });

    it("a new releasePostfix replaces the named objects: new ones created, old ones gone", async () => {
        const before = await names(cluster, KINDS.deployments);
        await stack.configure(baseConfig("e2f"));
        const ops = stepsByOp((await stack.ws.ok(["preview", "--json", ...stack.args])).stdout);
        const replaced = [...(ops.replace ?? []), ...(ops["create-replacement"] ?? [])];
        assert.ok(replaced.some((n) => /prefill/.test(n)) && replaced.some((n) => /decode/.test(n)), `prefill and decode are not replaced: ${JSON.stringify(ops)}`);
        await stack.ws.ok(["up", "--yes", "--skip-preview", ...stack.args]);
        // The old Deployments go once their pods do (Pulumi skipped its await; the test plays the kubelet).
        let after = await names(cluster, KINDS.deployments);
        for (const deadline = Date.now() + 120_000; after.some((d) => before.includes(d)) && Date.now() < deadline; after = await names(cluster, KINDS.deployments)) {
            await cluster.finishTerminatingPods(NAMESPACE);
            await new Promise((r) => setTimeout(r, 1000));
        }
        assert.strictEqual(after.length, 2, `Deployments after the replace: ${after}`);
        assert.deepStrictEqual(after.filter((d) => before.includes(d)), [], `old Deployments left: ${after}`);
        assert.ok(after.every((d) => d.includes("e2f")), `new Deployments are not named for the new postfix: ${after}`);
    });

    it("pulumi destroy removes every object but the retained model cache claim", async () => {
        const claims = await names(cluster, KINDS.pvcs);
        await stack.ws.ok(["destroy", "--yes", "--skip-preview", ...stack.args]);
        // Pulumi skipped its await, so the garbage collector may still be removing what depends on the deleted
        // objects; pods bound to the fake nodes end only when a kubelet says so, which the test does for it.
        const leftovers = async () => {
            const left: string[] = [];
            for (const [kind, listPath] of Object.entries(KINDS)) {
                // What the API server itself keeps in every namespace is not the stack's.
                const stackObjects = (await names(cluster, listPath)).filter((n) => !(kind === "serviceaccounts" && n === "default") && !(kind === "configmaps" && n === "kube-root-ca.crt"));
                left.push(...(kind === "pvcs" ? [] : stackObjects.map((n) => `${kind}/${n}`)));
            }
            return left;
        };
        const deadline = Date.now() + 120_000;
        let left = await leftovers();
        while (left.length > 0 && Date.now() < deadline) {
            await cluster.finishTerminatingPods(NAMESPACE);
            await new Promise((r) => setTimeout(r, 1000));
            left = await leftovers();
        }
        assert.deepStrictEqual(left, [], "objects left after destroy");
        assert.ok(claims.length >= 1, "no claim before destroy");
        assert.deepStrictEqual(await names(cluster, KINDS.pvcs), claims, "the claim (retainOnDelete) was deleted");
        const state = JSON.parse((await stack.ws.ok(["stack", "export", "--stack", STACK])).stdout);
        assert.deepStrictEqual(state.deployment.resources ?? [], [], "resources left in the stack state");
    });
});
