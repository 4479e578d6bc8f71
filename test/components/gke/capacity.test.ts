/**
 * GkeCluster on day one and day two (issue 13): H200 capacity is reservation-bound, so a pool without
 * a reservation or Spot is rejected before anything is created; GPU node upgrades need no extra node.
 */
import * as assert from "assert";
import type { GkeCluster as GkeClusterClass } from "../../../components/gke/gkeCluster";
import { gpuCapacityProblem, GPU_TYPES, resolveGkeClusterSpec } from "../../../components/gke/spec";
import { ResourceRecorder } from "../../../plan/recorder";
import { planInProcess, writeStackFile } from "../../support/planCli";
import { NODE_POOL } from "../../support/tokens";


function inputError(fn: () => unknown): string {
    try {
        fn();
    } catch (e) {
        assert.strictEqual((e as Error).name, "InputError", (e as Error).message);
        return (e as Error).message;
    }
    assert.fail("no error");
}

describe("GkeCluster GPU capacity and node upgrades", () => {
    describe("H200 (a3-ultragpu-8g) is reservation-bound", () => {
        it("is the one GPU type Compute Engine does not sell on demand", () => {
            assert.deepStrictEqual(
                Object.entries(GPU_TYPES).map(([type, gpu]) => [type, gpu.machineType, gpu.onDemand]),
                [["nvidia-h200-141gb", "a3-ultragpu-8g", false], ["nvidia-h100-80gb", "a3-highgpu-8g", true]],
            );
        });

        it("rejects an H200 pool with neither reservation nor spot, naming the key and every fix", () => {
            const message = inputError(() => resolveGkeClusterSpec("llm", { region: "us-east5", gpuZones: ["us-east5-a", "us-east5-b"] }));
            assert.strictEqual(message.split("\n").length, 2, message);
            assert.match(
                message,
                /^invalid GkeCluster configuration:\n {2}GkeClusterArgs\.reservation: nvidia-h200-141gb \(a3-ultragpu-8g\) is not sold on demand, so its node pool cannot be created: set reservation to a reservation of a3-ultragpu-8g in us-east5-a, us-east5-b, or spot: true \(Spot VMs, which GCP may preempt\), or gpuType nvidia-h100-80gb$/,
            );
        });

        it("accepts H200 with a reservation or with spot, and H100 with neither", () => {
            assert.strictEqual(resolveGkeClusterSpec("llm", { region: "us-east5", reservation: "h200-resv" }).reservation, "h200-resv");
            assert.strictEqual(resolveGkeClusterSpec("llm", { region: "us-east5", spot: true }).spot, true);
            const h100 = resolveGkeClusterSpec("llm", { region: "us-east5", gpuType: "nvidia-h100-80gb" });
            assert.deepStrictEqual([h100.reservation, h100.spot], [undefined, false]);
        });

        it("rejects spot together with a reservation: Spot nodes consume none", () => {
            const message = inputError(() => resolveGkeClusterSpec("llm", { region: "us-east5", reservation: "h200-resv", spot: true }));
            assert.match(message, /GkeClusterArgs\.spot: Spot nodes consume no reservation: give reservation \("h200-resv"\) or spot: true, not both \(got true\)/);
            assert.deepStrictEqual(gpuCapacityProblem({ region: "us-east5", gpuType: "nvidia-h100-80gb", reservation: "r", spot: true })?.key, "spot");
        });

        it("the stack config is rejected by the offline plan before anything is created, with the llm-d-pd: key", async () => {
            const file = writeStackFile("gke-h200-no-capacity", { hardware: "gke", gkeCluster: { create: true, region: "us-central1" } });
            const run = await planInProcess("--stack", "gke-h200-no-capacity", "--config-file", file, "--json");
            assert.strictEqual(run.status, 1);
            assert.strictEqual(run.stdout, "");
            assert.match(run.stderr, /llm-d-pd:gkeCluster\.reservation: nvidia-h200-141gb \(a3-ultragpu-8g\) is not sold on demand.* in us-central1-b, or spot: true/);
            assert.doesNotMatch(run.stderr, /\n\s+at /, "one message, no stack trace");
        });
    });

    describe("under mocks", () => {
        let GkeCluster: typeof GkeClusterClass;
        before(async () => {
            await ResourceRecorder.install();
            GkeCluster = (await import("../../../components/gke/gkeCluster")).GkeCluster;
        });

        it("registers nothing for an H200 cluster without capacity", async () => {
            const rec = await ResourceRecorder.install();
            assert.throws(() => new GkeCluster("llm", { region: "us-central1", project: "p" }), /GkeClusterArgs\.reservation: /);
            await rec.settle();
            assert.deepStrictEqual(rec.resources, []);
        });

        it("a Spot pool asks for Spot VMs and consumes no reservation", async () => {
            const rec = await ResourceRecorder.install();
            new GkeCluster("llm", { region: "us-central1", project: "p", spot: true });
            await rec.settle();
            const config = (rec.get(NODE_POOL, "llm-gpu").inputs as any).nodeConfig;
            assert.strictEqual(config.spot, true);
            assert.strictEqual(config.reservationAffinity, undefined);
            assert.strictEqual((rec.get(NODE_POOL, "llm-system").inputs as any).nodeConfig.spot, undefined, "the gateway and scheduler stay on standard VMs");
        });

        it("upgrades the GPU pool one node at a time without a surge node (maxSurge 0)", async () => {
            const rec = await ResourceRecorder.install();
            new GkeCluster("llm", { region: "us-central1", project: "p", reservation: "h200-resv" });
            await rec.settle();
            const gpu = rec.get(NODE_POOL, "llm-gpu").inputs as any;
            assert.deepStrictEqual(gpu.upgradeSettings, { strategy: "SURGE", maxSurge: 0, maxUnavailable: 1 });
            assert.strictEqual(gpu.nodeConfig.spot, undefined);
            assert.strictEqual((rec.get(NODE_POOL, "llm-system").inputs as any).upgradeSettings, undefined, "the CPU pool keeps GKE's default surge");
        });
    });
});
