/**
 * Every number PDStack and GkeCluster put into an object stays within the limit of its field, and
 * the VPC's ranges are real, non-overlapping CIDRs: what the API server or GCP would refuse is
 * refused at construction, naming the key (issue 18 item 3).
 */
import * as assert from "assert";
import { resolveGkeClusterSpec } from "../../../components/gke/spec";
import { resolveSpec } from "../../../components/pdstack/spec";
import { MAX_DEADLINE_SECONDS } from "../../../components/pdstack/rules";
import { INT32_MAX, parseIpv4Cidr, rangesOverlap } from "../../../components/validation";

function refusal(fn: () => unknown): string[] {
    try {
        fn();
    } catch (e) {
        assert.strictEqual((e as Error).name, "InputError", (e as Error).stack);
        return (e as Error).message.split("\n").slice(1).map((l) => l.trim());
    }
    return assert.fail("expected an InputError");
}

const INT32 = `must be at most ${INT32_MAX}, the limit of the int32 field it sets (Kubernetes and GCP refuse more)`;

describe("limits of the fields PDStack and GkeCluster set", () => {
    it("refuses counts above int32 (probe failureThreshold from readyTimeoutSeconds, replicas, KEDA replica counts)", () => {
        assert.deepStrictEqual(
            refusal(() =>
                resolveSpec(
                    {
                        hardware: "xpu",
                        readyTimeoutSeconds: Number.MAX_SAFE_INTEGER,
                        prefill: { replicas: 2 ** 31 },
                        maxModelLen: 1e300,
                        autoscaling: { enabled: true, decode: { minReplicas: 1e300, maxReplicas: 2 ** 31 } },
                    },
                    "PDStackArgs",
                ),
            ),
            [
                `PDStackArgs.maxModelLen: ${INT32} (got 1e+300)`,
                `PDStackArgs.prefill.replicas: ${INT32} (got 2147483648)`,
                `PDStackArgs.readyTimeoutSeconds: ${INT32} (got 9007199254740991)`,
                `PDStackArgs.autoscaling.decode.minReplicas: ${INT32} (got 1e+300)`,
                `PDStackArgs.autoscaling.decode.maxReplicas: ${INT32} (got 2147483648)`,
            ],
        );
        assert.strictEqual(resolveSpec({ hardware: "xpu", readyTimeoutSeconds: INT32_MAX }, "PDStackArgs").readyTimeoutSeconds, INT32_MAX);
    });

    it("refuses NaN and Infinity, which JSON would write as null", () => {
        assert.deepStrictEqual(refusal(() => resolveSpec({ hardware: "xpu", maxModelLen: Infinity, prefill: { replicas: NaN } }, "PDStackArgs")), [
            "PDStackArgs.maxModelLen: must be a positive integer (got Infinity)",
            "PDStackArgs.prefill.replicas: must be a positive integer (got NaN)",
        ]);
    });

    it("refuses a model size that makes the download Job's activeDeadlineSeconds unwritable", () => {
        const size = `${"9".repeat(30)}Ei`;
        const [line] = refusal(() => resolveSpec({ hardware: "xpu", model: { uri: "hf://a/b", name: "b", size }, modelCache: { enabled: true, storageClassName: "rwx" } }, "PDStackArgs"));
        assert.match(line, new RegExp(`^PDStackArgs\\.model\\.size: model size ${size} makes the model download Job's activeDeadlineSeconds \\d\\.\\d\\de\\+\\d+, above the field's limit ${MAX_DEADLINE_SECONDS} `));
        const fine = resolveSpec({ hardware: "xpu", model: { uri: "hf://a/b", name: "b", size: "10Ti" }, modelCache: { enabled: true, storageClassName: "rwx" } }, "PDStackArgs");
        assert.ok(Number.isSafeInteger(fine.modelCache!.deadlineSeconds));
    });

    it("refuses GKE node counts and disk sizes above int32", () => {
        assert.deepStrictEqual(refusal(() => resolveGkeClusterSpec("c", { region: "us-central1", gpuType: "nvidia-h100-80gb", gpuNodeCount: 2 ** 31, gpuDiskSizeGb: 2 ** 33 })), [
            `GkeClusterArgs.gpuNodeCount: ${INT32} (got 2147483648)`,
            `GkeClusterArgs.gpuDiskSizeGb: ${INT32} (got 8589934592)`,
        ]);
    });

    it("refuses CIDRs that are not IPv4 ranges, and ranges of the VPC that overlap", () => {
        const cidr = "must be an IPv4 CIDR such as 10.0.0.0/20 (four numbers 0-255, a prefix 0-32)";
        assert.deepStrictEqual(refusal(() => resolveGkeClusterSpec("c", { region: "us-central1", gpuType: "nvidia-h100-80gb", nodesCidr: "999.999.999.999/32", podsCidr: "10.0.0.0/33", servicesCidr: "010.1.0.0/20" })), [
            `GkeClusterArgs.nodesCidr: ${cidr} (got "999.999.999.999/32")`,
            `GkeClusterArgs.podsCidr: ${cidr} (got "10.0.0.0/33")`,
            `GkeClusterArgs.servicesCidr: ${cidr} (got "010.1.0.0/20")`,
        ]);
        assert.deepStrictEqual(refusal(() => resolveGkeClusterSpec("c", { region: "us-central1", gpuType: "nvidia-h100-80gb", podsCidr: "10.0.0.0/8" })), [
            `GkeClusterArgs.podsCidr: overlaps nodesCidr 10.0.0.0/20 (the default): the VPC's ranges must not overlap; pick a range outside it (got "10.0.0.0/8")`,
            `GkeClusterArgs.podsCidr: overlaps servicesCidr 10.8.0.0/20 (the default): the VPC's ranges must not overlap; pick a range outside it (got "10.0.0.0/8")`,
            `GkeClusterArgs.podsCidr: overlaps proxyOnlyCidr 10.129.0.0/23 (the default): the VPC's ranges must not overlap; pick a range outside it (got "10.0.0.0/8")`,
        ]);
        const ok = resolveGkeClusterSpec("c", { region: "us-central1", gpuType: "nvidia-h100-80gb", nodesCidr: "192.168.0.0/20", podsCidr: "172.16.0.0/14" });
        assert.strictEqual(ok.cidrs.pods, "172.16.0.0/14");
    });

    it("parses CIDRs and overlaps as GCP counts them", () => {
        assert.deepStrictEqual(parseIpv4Cidr("10.4.0.0/14"), { first: 10 * 2 ** 24 + 4 * 2 ** 16, prefix: 14 });
        assert.deepStrictEqual(parseIpv4Cidr("0.0.0.0/0"), { first: 0, prefix: 0 });
        assert.strictEqual(parseIpv4Cidr("10.0.0/8"), undefined);
        const r = (s: string) => parseIpv4Cidr(s)!;
        assert.ok(rangesOverlap(r("10.4.0.0/14"), r("10.7.255.0/24")));
        assert.ok(!rangesOverlap(r("10.4.0.0/14"), r("10.8.0.0/20")));
    });
});
