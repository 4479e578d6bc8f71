import * as assert from "assert";
// The provider module of @pulumi/gcp, not its index, whose types name every GCP service (2,000 more files to check).
import type * as GcpProvider from "@pulumi/gcp/provider";
import * as YAML from "yaml";
import type { GkeCluster as GkeClusterClass } from "../../../components/gke/gkeCluster";
import { resolveGkeClusterSpec } from "../../../components/gke/spec";
import { buildGkeKubeconfig } from "../../../components/gke/kubeconfig";
import { ResourceRecorder } from "../../../plan/recorder";
import { evaluatePolicies } from "../../../plan/policyEvaluator";
import { planInProcess, writeStackFile } from "../../support/planCli";
import { compareGkeVersions, OfferedVersions, pickMasterVersion } from "../../../components/gke/engineVersions";
import { GKE_INFERENCE_POOL_V1 } from "../../../components/releases/llmd09/controlPlane";

let gcp: typeof GcpProvider;
let GkeCluster: typeof GkeClusterClass;

function expectInputError(fn: () => unknown, ...patterns: RegExp[]): void {
    assert.throws(fn, (e: Error) => {
        assert.strictEqual(e.name, "InputError", e.message);
        patterns.forEach((p) => assert.match(e.message, p));
        return true;
    });
}

describe("GkeCluster", () => {
    describe("args and defaults", () => {
        it("defaults to one a3-ultragpu-8g node of 8 H200 in the region's -b zone, named after the component", () => {
            const spec = resolveGkeClusterSpec("llm-d", { region: "us-central1", reservation: "h200-resv" });
            assert.strictEqual(spec.clusterName, "llm-d");
            assert.strictEqual(spec.gpuType, "nvidia-h200-141gb");
            assert.deepStrictEqual(spec.gpu, { machineType: "a3-ultragpu-8g", gpusPerNode: 8, diskType: "hyperdisk-balanced", onDemand: false });
            assert.deepStrictEqual(spec.gpuZones, ["us-central1-b"]);
            assert.strictEqual(spec.gpuNodeCount, 1);
            assert.strictEqual(spec.totalGpus, 8);
            assert.strictEqual(spec.project, undefined, "the gcp provider's project is used");
        });

        it("takes the machine type from the GPU type, and counts GPUs per node, node and zone", () => {
            const spec = resolveGkeClusterSpec("c", { region: "europe-west4", gpuType: "nvidia-h100-80gb", gpuNodeCount: 2, gpuZones: ["europe-west4-a", "europe-west4-b"] });
            assert.strictEqual(spec.gpu.machineType, "a3-highgpu-8g");
            assert.strictEqual(spec.totalGpus, 32);
        });

        it("rejects an unknown GPU type, zero nodes and a missing region, naming each arg", () => {
            expectInputError(() => resolveGkeClusterSpec("c", { region: "us-central1", gpuType: "nvidia-a100-80gb" }), /GkeClusterArgs\.gpuType: must be one of nvidia-h200-141gb, nvidia-h100-80gb \(got "nvidia-a100-80gb"\)/);
            expectInputError(() => resolveGkeClusterSpec("c", { region: "us-central1", gpuNodeCount: 0 }), /GkeClusterArgs\.gpuNodeCount: must be a positive integer \(got 0\)/);
            expectInputError(() => resolveGkeClusterSpec("c", {}), /GkeClusterArgs\.region: is required/);
            expectInputError(() => resolveGkeClusterSpec("c", { region: "US Central" }), /GkeClusterArgs\.region: must be a GCP region such as us-central1 \(got "US Central"\)/);
            expectInputError(() => resolveGkeClusterSpec("c", { region: "us-central1", gpuZone: "x" }), /GkeClusterArgs\.gpuZone: is not a known key; known keys: region, project/);
        });

        it("rejects GPU zones outside the region, and a component name that cannot name a cluster", () => {
            expectInputError(() => resolveGkeClusterSpec("c", { region: "us-central1", gpuZones: ["us-east4-b"] }), /GkeClusterArgs\.gpuZones\[0\]: must be a zone of region us-central1/);
            expectInputError(() => resolveGkeClusterSpec("LLM_cluster", { region: "us-central1", spot: true }), /GkeClusterArgs\.clusterName: is not set, and the component name "LLM_cluster" is not a GKE cluster name/);
            assert.strictEqual(resolveGkeClusterSpec("LLM_cluster", { region: "us-central1", clusterName: "llm", spot: true }).clusterName, "llm");
        });
    });

    it("writes a kubeconfig that authenticates with the gke-gcloud-auth-plugin exec plugin", () => {
        const kc = YAML.parse(buildGkeKubeconfig({ project: "p", region: "us-central1", clusterName: "c", endpoint: "203.0.113.1", clusterCaCertificate: "Q0E=" }));
        assert.strictEqual(kc["current-context"], "gke_p_us-central1_c");
        assert.deepStrictEqual(kc.clusters[0].cluster, { server: "https://203.0.113.1", "certificate-authority-data": "Q0E=" });
        assert.strictEqual(kc.users[0].user.exec.command, "gke-gcloud-auth-plugin");
        assert.strictEqual(kc.users[0].user.exec.apiVersion, "client.authentication.k8s.io/v1beta1");
        assert.strictEqual(kc.users[0].user.token, undefined);
    });

    describe("under mocks", () => {
        let rec: ResourceRecorder;
        let cluster: GkeClusterClass;

        before(async () => {
            rec = await ResourceRecorder.install();
            gcp = await import("@pulumi/gcp/provider");
            GkeCluster = (await import("../../../components/gke/gkeCluster")).GkeCluster;
            const google = new gcp.Provider("google", { project: "platform-prod" });
            cluster = new GkeCluster("llm", { region: "us-east5", project: "platform-prod", gpuNodeCount: 2, reservation: "h200-resv" }, { providers: [google] });
            await rec.settle();
        });

        const inputs = (type: string, name: string) => rec.get(type, name).inputs as any;

        it("enables the compute, container, Filestore and Network Services APIs and leaves them on at destroy", () => {
            const services = rec.ofType("gcp:projects/service:Service").map((r) => r.inputs as any);
            assert.deepStrictEqual(services.map((s) => s.service).sort(), ["compute.googleapis.com", "container.googleapis.com", "file.googleapis.com", "networkservices.googleapis.com"]);
            services.forEach((s) => assert.strictEqual(s.disableOnDestroy, false));
        });

        it("builds a VPC-native regional cluster with the Gateway API (standard channel) and HTTP load balancing", () => {
            const c = inputs("gcp:container/cluster:Cluster", "llm-cluster");
            assert.strictEqual(c.name, "llm");
            assert.strictEqual(c.location, "us-east5");
            assert.strictEqual(c.project, "platform-prod");
            assert.strictEqual(c.networkingMode, "VPC_NATIVE");
            assert.deepStrictEqual(c.ipAllocationPolicy, { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
            assert.deepStrictEqual(c.gatewayApiConfig, { channel: "CHANNEL_STANDARD" });
            assert.deepStrictEqual(c.addonsConfig.httpLoadBalancing, { disabled: false });
            assert.strictEqual(c.removeDefaultNodePool, true);
            assert.strictEqual(c.deletionProtection, false, "pulumi destroy must be able to delete the cluster");
            const nodes = inputs("gcp:compute/subnetwork:Subnetwork", "llm-nodes");
            assert.deepStrictEqual(nodes.secondaryIpRanges.map((r: any) => r.rangeName), ["pods", "services"]);
            assert.strictEqual(inputs("gcp:compute/network:Network", "llm-network").autoCreateSubnetworks, false);
        });

        it("creates the proxy-only subnet the regional gateway needs, in the cluster's region, before the cluster", () => {
            const proxy = rec.get("gcp:compute/subnetwork:Subnetwork", "llm-proxy-only");
            assert.strictEqual((proxy.inputs as any).purpose, "REGIONAL_MANAGED_PROXY");
            assert.strictEqual((proxy.inputs as any).role, "ACTIVE");
            assert.strictEqual((proxy.inputs as any).region, "us-east5");
            assert.ok(rec.get("gcp:container/cluster:Cluster", "llm-cluster").dependencyUrns.includes(proxy.urn));
        });

        it("adds a GPU node pool with the H200 machine, accelerators with GKE-installed drivers, and the reservation", () => {
            const pool = inputs("gcp:container/nodePool:NodePool", "llm-gpu");
            assert.strictEqual(pool.cluster, "llm");
            assert.strictEqual(pool.location, "us-east5");
            assert.deepStrictEqual(pool.nodeLocations, ["us-east5-b"]);
            assert.strictEqual(pool.nodeCount, 2);
            assert.strictEqual(pool.nodeConfig.machineType, "a3-ultragpu-8g");
            assert.deepStrictEqual(pool.nodeConfig.guestAccelerators, [{ type: "nvidia-h200-141gb", count: 8, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }]);
            assert.deepStrictEqual(pool.nodeConfig.reservationAffinity, { consumeReservationType: "SPECIFIC_RESERVATION", key: "compute.googleapis.com/reservation-name", values: ["h200-resv"] });
            const system = inputs("gcp:container/nodePool:NodePool", "llm-system");
            assert.strictEqual(system.nodeConfig.guestAccelerators, undefined, "the gateway and scheduler run on a node without GPUs");
        });

        it("gives the gcp provider passed to the component to every GCP child", () => {
            const google = rec.get("pulumi:providers:gcp", "google").urn;
            for (const r of rec.resources.filter((r) => r.type.startsWith("gcp:"))) {
                assert.strictEqual(r.providerUrn, google, `${r.name} does not use the given gcp provider`);
            }
        });

        it("exposes a secret kubeconfig and a Kubernetes provider built from it, ready once both pools are", async () => {
            const provider = rec.get("pulumi:providers:kubernetes", "llm-k8s");
            assert.deepStrictEqual(provider.secretInputs, ["kubeconfig"]);
            const kc = YAML.parse((provider.rawInputs as any).kubeconfig);
            assert.strictEqual(kc["current-context"], "gke_platform-prod_us-east5_llm");
            assert.strictEqual(kc.users[0].user.exec.command, "gke-gcloud-auth-plugin");
            for (const pool of ["llm-system", "llm-gpu"]) {
                assert.ok(provider.dependencyUrns.includes(rec.get("gcp:container/nodePool:NodePool", pool).urn), `provider does not wait for ${pool}`);
            }
            const secret = await new Promise<boolean>((resolve) => (cluster.kubeconfig as any).isSecret.then(resolve));
            assert.strictEqual(secret, true);
        });

        it("records its model cache class on its claims with the provisioner it creates it with, so that PDStacks on it need not read it", () => {
            const sc = inputs("kubernetes:storage.k8s.io/v1:StorageClass", "llm-model-cache");
            assert.strictEqual(cluster.clusterClaims.storageClassProvisioner(sc.metadata.name), sc.provisioner);
            assert.strictEqual(sc.provisioner, "filestore.csi.storage.gke.io");
            assert.strictEqual(cluster.clusterClaims.storageClassProvisioner("standard-rwx"), undefined, "GKE's own classes are read from the cluster");
        });

        it("fails pd-accelerator-budget when the PDStacks on it request more GPUs than its node pool has", async () => {
            const fresh = await ResourceRecorder.install();
            const { PDStack } = await import("../../../components/pdstack/pdStack");
            const small = new GkeCluster("small", { region: "us-central1", project: "p", reservation: "h200-resv" });
            for (const team of ["a", "b"]) {
                new PDStack(team, { hardware: "gke", namespace: team, releasePostfix: team, hfToken: "hf_x" }, { provider: small.provider });
            }
            await fresh.settle();
            const violations = await evaluatePolicies(fresh.resources, { "pd-accelerator-budget": { maxAccelerators: 64 } });
            assert.deepStrictEqual(violations.filter((v) => v.level === "mandatory").map((v) => [v.policy, v.resource]), [["pd-accelerator-budget", "small"]]);
            assert.match(violations[0].message, /releases on GkeCluster "small" take 16 GPUs \(ms-a: .*= 8; ms-b: .*= 8; total 16\), but its GPU node pool offers 8: pods would stay Pending/);
            assert.match(violations[0].message, /llm-d-pd:gkeCluster\.gpuNodeCount/);
        });

        it("registers nothing when the args are invalid", async () => {
            const fresh = await ResourceRecorder.install();
            assert.throws(() => new GkeCluster("bad", { region: "us-central1", gpuNodeCount: 0 }), /gpuNodeCount/);
            await fresh.settle();
            assert.deepStrictEqual(fresh.resources, []);
        });
    });

    describe("the GKE version of a cluster for llm-d 0.9 (getEngineVersions)", () => {
        const MINIMUM = GKE_INFERENCE_POOL_V1.minimumVersion; // 1.34.0-gke.1626000
        /** A server config where REGULAR's default is below the minimum and its latest above; STABLE offers only 1.33. */
        const OFFERED: OfferedVersions = {
            releaseChannelDefaultVersion: { RAPID: "1.35.0-gke.1200000", REGULAR: "1.33.5-gke.1308000", STABLE: "1.33.4-gke.1172000" },
            releaseChannelLatestVersion: { RAPID: "1.35.1-gke.1396000", REGULAR: "1.34.1-gke.1829001", STABLE: "1.33.5-gke.1308000" },
        };
        const need = (channel: string) => ({ prefix: "GkeClusterArgs", cluster: "llm", region: "us-central1", channel, minimum: MINIMUM, reason: "is where GKE installs the InferencePool v1 CRD" });

        it("compares GKE versions by major, minor, patch and GKE build", () => {
            assert.ok(compareGkeVersions("1.34.0-gke.1626000", "1.34.0-gke.1625999") > 0);
            assert.ok(compareGkeVersions("1.34.0-gke.1626000", "1.33.12-gke.9999999") > 0);
            assert.ok(compareGkeVersions("1.34.1", "1.34.0-gke.1626000") > 0);
            assert.strictEqual(compareGkeVersions("1.34.0-gke.1626000", "1.34.0-gke.1626000"), 0);
        });

        it("takes the channel's default when it is recent enough, else the channel's latest", () => {
            assert.strictEqual(pickMasterVersion(OFFERED, need("RAPID")), "1.35.0-gke.1200000");
            assert.strictEqual(pickMasterVersion(OFFERED, need("REGULAR")), "1.34.1-gke.1829001");
        });

        it("refuses a channel that offers no version recent enough, naming what each channel offers and the channels that would do", () => {
            assert.throws(
                () => pickMasterVersion(OFFERED, need("STABLE")),
                (e: Error) => {
                    assert.strictEqual(e.name, "InputError");
                    assert.match(e.message, /^invalid GkeCluster "llm" version:\n  GkeClusterArgs\.releaseChannel: the STABLE channel in us-central1 does not offer GKE 1\.34\.0-gke\.1626000 or later/);
                    assert.match(e.message, /set releaseChannel to RAPID or REGULAR/);
                    assert.match(e.message, /Offered: RAPID offers 1\.35\.0-gke\.1200000 \(default\) to 1\.35\.1-gke\.1396000 \(latest\); REGULAR offers 1\.33\.5-gke\.1308000 \(default\) to 1\.34\.1-gke\.1829001 \(latest\); STABLE offers 1\.33\.4-gke\.1172000 \(default\) to 1\.33\.5-gke\.1308000 \(latest\)$/);
                    return true;
                },
            );
            const old: OfferedVersions = { releaseChannelDefaultVersion: { REGULAR: "1.33.5-gke.1308000" }, releaseChannelLatestVersion: { REGULAR: "1.33.5-gke.1308000" } };
            assert.throws(() => pickMasterVersion(old, need("REGULAR")), /no channel offers it in us-central1 yet: use llmdVersion 0\.2.*Offered: REGULAR offers 1\.33\.5-gke\.1308000$/s);
        });

        it("under mocks: asks GKE for the versions of the cluster's region and project through the component's gcp provider, and creates the cluster at the pick", async () => {
            const calls: { token: string; inputs: Record<string, unknown>; provider?: string }[] = [];
            const rec = await ResourceRecorder.install("llm-d-pd", "plan", {
                call: (args) => {
                    calls.push({ token: args.token, inputs: args.inputs, provider: args.provider });
                    return args.token === "gcp:container/getEngineVersions:getEngineVersions" ? { ...args.inputs, ...OFFERED } : args.inputs;
                },
            });
            const google = new gcp.Provider("google", { project: "platform-prod" });
            new GkeCluster("v09", { region: "us-central1", project: "platform-prod", spot: true, llmdVersion: "0.9" }, { providers: [google] });
            new GkeCluster("v02", { region: "us-central1", project: "platform-prod", spot: true }, { providers: [google] });
            await rec.settle();
            const engine = calls.filter((c) => c.token === "gcp:container/getEngineVersions:getEngineVersions");
            assert.strictEqual(engine.length, 1, "only the 0.9 cluster needs a minimum version");
            assert.deepStrictEqual(engine[0].inputs, { location: "us-central1", project: "platform-prod" });
            assert.match(engine[0].provider ?? "", /pulumi:providers:gcp::google::/);
            assert.strictEqual((rec.get("gcp:container/cluster:Cluster", "v09-cluster").inputs as any).minMasterVersion, "1.34.1-gke.1829001");
            assert.strictEqual((rec.get("gcp:container/cluster:Cluster", "v02-cluster").inputs as any).minMasterVersion, undefined);
        });
    });

    describe("the program's llm-d-pd:gkeCluster config (offline plan)", () => {
        it("creates the cluster first and deploys PDStack through its provider", async () => {
            const file = writeStackFile("gke-new", { hardware: "gke", gkeCluster: { create: true, region: "us-central1", project: "p", reservation: "h200-resv" } });
            const run = await planInProcess("--stack", "gke-new", "--config-file", file, "--json");
            assert.strictEqual(run.status, 0, run.stderr);
            const plan = run.json();
            const types = plan.resources.map((r: any) => r.type);
            for (const t of ["pdstack:index:GkeCluster", "gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool", "gcp:compute/subnetwork:Subnetwork"]) {
                assert.ok(types.includes(t), `${t} missing from the plan`);
            }
            const k8sResources = plan.resources.filter((r: any) => r.type.startsWith("kubernetes:"));
            const k8sNames = k8sResources.map((r: any) => r.name);
            // PDStack's namespace, secret, three releases and route, and the Inference Extension CRDs a created cluster gets.
            for (const n of ["llm-d-pd-namespace", "llm-d-pd-hf-token", "llm-d-pd-infra", "llm-d-pd-gaie", "llm-d-pd-ms", "llm-d-pd-route", "llm-d-pd-gke-gateway-inference-extension-crds"]) {
                assert.ok(k8sNames.includes(n), `${n} missing from the plan`);
            }
            k8sResources.forEach((r: any) => assert.strictEqual(r.provider, "llm-d-pd-gke-k8s", `${r.name} is not deployed through the new cluster`));
            assert.strictEqual(plan.outputs.kubeconfig, "[secret]");
            assert.strictEqual(plan.outputs.clusterName, "llm-d-pd-gke");
        });

        it("without create, targets the existing cluster of the kubernetes provider config", async () => {
            const file = writeStackFile("gke-existing", { hardware: "gke", gkeCluster: { create: false, region: "us-central1" } });
            const plan = (await planInProcess("--stack", "gke-existing", "--config-file", file, "--json")).json();
            assert.ok(!plan.resources.some((r: any) => r.type.startsWith("gcp:")));
            plan.resources.filter((r: any) => r.type.startsWith("kubernetes:")).forEach((r: any) => assert.strictEqual(r.provider, null));
        });

        it("rejects a created cluster for other hardware, and one with fewer GPUs than prefill and decode request", async () => {
            const xpu = writeStackFile("gke-xpu", { hardware: "xpu", gkeCluster: { create: true, region: "us-central1", reservation: "h200-resv" } });
            const run = await planInProcess("--stack", "gke-xpu", "--config-file", xpu);
            assert.strictEqual(run.status, 1);
            assert.strictEqual(run.stdout, "");
            assert.match(run.stderr, /llm-d-pd:gkeCluster\.create: .*set llm-d-pd:hardware to gke \(got "xpu"\)/);
            const small = writeStackFile("gke-small", { hardware: "gke", prefill: { replicas: 8 }, gkeCluster: { create: true, region: "us-central1", reservation: "h200-resv" } });
            const run2 = await planInProcess("--stack", "gke-small", "--config-file", small);
            assert.strictEqual(run2.status, 1);
            assert.match(run2.stderr, /llm-d-pd:gkeCluster\.gpuNodeCount: the cluster offers 8 GPUs \(1 x a3-ultragpu-8g in us-central1-b\) but prefill and decode request 12 \(prefill 8 × 1 \+ decode 1 × 4 = 12\); set gpuNodeCount to at least 2, or lower llm-d-pd:prefill \/ llm-d-pd:decode replicas/);
            const bad = writeStackFile("gke-bad", { hardware: "gke", gkeCluster: { create: true, region: "us-central1", gpuType: "tpu" } });
            assert.match((await planInProcess("--stack", "gke-bad", "--config-file", bad)).stderr, /llm-d-pd:gkeCluster\.gpuType: must be one of nvidia-h200-141gb, nvidia-h100-80gb \(got "tpu"\)/);
        });
    });
});
