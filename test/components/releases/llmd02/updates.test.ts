/**
 * Day one and day two on a live cluster (issue 13): Helm waits for vLLM to serve, a change that rolls
 * the vLLM pods replaces the model service delete first, and renames replace every release delete first.
 */
import * as assert from "assert";
import type { PDStack as PDStackClass } from "../../../../components/pdstack/pdStack";
import { PDSpec, resolveSpec } from "../../../../components/pdstack/spec";
import { DECODE_VLLM_PORT, MODEL_SERVER_PORT, ROLES } from "../../../../components/releases/vllm";
import {
    buildModelServiceValues,
    VLLM_HEALTH_PATH,
    vllmProbes,
    withModelServiceAdditions,
} from "../../../../components/releases/llmd02/values/modelservice";
import { MODEL_SERVICE_IN_PLACE_VALUES, modelServiceReplaceOnChanges } from "../../../../components/releases/llmd02/updates";
import { ResourceRecorder } from "../../../../plan/recorder";
import { RELEASE } from "../../../support/tokens";

const spec = (input: Record<string, unknown>): PDSpec => resolveSpec(input, "test:");
const vllm = (values: any, role: string) => values[role].containers.find((c: any) => c.name === "vllm");

/** Paths where two values differ, spelled as the kubernetes provider's detailed diff spells them (`a.b[0].c`). */
function changedPaths(a: unknown, b: unknown, path = ""): string[] {
    if (Array.isArray(a) && Array.isArray(b)) {
        return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => changedPaths(a[i], b[i], `${path}[${i}]`)).flat();
    }
    if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].flatMap((k) => changedPaths((a as any)[k], (b as any)[k], path ? `${path}.${k}` : k));
    }
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

/** Pulumi's `PropertyPath.Contains`: `prefix` names `path` or one of its ancestors. */
function contains(prefix: string, path: string): boolean {
    const split = (p: string) => p.replace(/\[(\d+)\]/g, ".$1").split(".");
    const [pre, full] = [split(prefix), split(path)];
    return pre.length <= full.length && pre.every((seg, i) => seg === "*" || seg === full[i]);
}

/** What the engine does with the model service release when its spec changes from `before` to `after`. */
function msChange(before: Record<string, unknown>, after: Record<string, unknown>): "replace" | "update" | "none" {
    const [old, neu] = [buildModelServiceValues(spec(before)), buildModelServiceValues(spec(after))];
    const diff = changedPaths(old, neu).map((p) => `values.${p}`);
    if (diff.length === 0) {
        return "none";
    }
    const replaceOnChanges = modelServiceReplaceOnChanges(neu);
    return diff.some((d) => replaceOnChanges.some((r) => contains(r, d))) ? "replace" : "update";
}

describe("day two: readiness, updates and renames", () => {
    describe("vLLM startup and readiness probes (Helm waits for vLLM to serve)", () => {
        for (const hardware of ["h200-ib", "gke", "xpu"]) {
            it(`${hardware}: each role's vLLM container is probed on /health at the port it serves on`, () => {
                const values = buildModelServiceValues(spec({ hardware })) as any;
                // modelservice v0.2.7 runs prefill's vLLM on routing.servicePort and decode's on
                // routing.proxy.targetPort, whose chart default (8200) PDStack leaves in place.
                assert.strictEqual(values.routing.servicePort, MODEL_SERVER_PORT);
                assert.strictEqual(values.routing.proxy.targetPort, undefined);
                const want = { prefill: MODEL_SERVER_PORT, decode: DECODE_VLLM_PORT };
                for (const role of ROLES) {
                    const c = vllm(values, role);
                    for (const probe of ["startupProbe", "readinessProbe"]) {
                        assert.deepStrictEqual(c[probe].httpGet, { path: VLLM_HEALTH_PATH, port: want[role] }, `${role} ${probe}`);
                    }
                    assert.strictEqual(c.ports[0].containerPort, want[role], `${role} declares the port it is probed on`);
                }
                assert.deepStrictEqual([want.prefill, want.decode], [8000, 8200]);
            });
        }

        it("the startup probe allows readyTimeoutSeconds, the time Helm waits, for the download and load", () => {
            for (const [readyTimeoutSeconds, failures] of [[3600, 360], [5400, 540], [95, 10], [1, 1]]) {
                const { startupProbe } = vllmProbes(spec({ hardware: "gke", readyTimeoutSeconds }), "decode");
                assert.strictEqual(startupProbe.failureThreshold, failures, `readyTimeoutSeconds ${readyTimeoutSeconds}`);
                const window = (startupProbe.failureThreshold as number) * (startupProbe.periodSeconds as number);
                assert.ok(window >= readyTimeoutSeconds && window < readyTimeoutSeconds + (startupProbe.periodSeconds as number));
            }
        });

        it("readiness takes a pod out of the pool after 30 s of failed /health checks", () => {
            const { readinessProbe } = vllmProbes(spec({ hardware: "h200-ib" }), "prefill");
            assert.deepStrictEqual(readinessProbe, { httpGet: { path: "/health", port: 8000 }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
        });

        it("withModelServiceAdditions adds the probes to the vllm containers and changes nothing else", () => {
            const s = spec({ hardware: "h200-ib" });
            const input = {
                multinode: false,
                decode: { replicas: 1, containers: [{ name: "vllm", image: "i" }, { name: "other", image: "o" }] },
                prefill: { replicas: 4, containers: [{ name: "vllm", image: "i" }] },
            };
            const snapshot = structuredClone(input);
            const out = withModelServiceAdditions(input, s) as any;
            assert.deepStrictEqual(input, snapshot, "the input is not mutated");
            assert.deepStrictEqual(out.decode.containers[0], { name: "vllm", image: "i", ...vllmProbes(s, "decode") });
            assert.deepStrictEqual(out.prefill.containers[0], { name: "vllm", image: "i", ...vllmProbes(s, "prefill") });
            assert.deepStrictEqual(out.decode.containers[1], { name: "other", image: "o" });
            for (const role of ROLES) {
                out[role].containers.forEach((c: any) => {
                    delete c.startupProbe;
                    delete c.readinessProbe;
                });
            }
            assert.deepStrictEqual(out, snapshot);
        });
    });

    describe("model service updates: replaced delete first when the vLLM pods change", () => {
        it("a new model, image, tensor parallelism, context length or timeout replaces the release", () => {
            const base = { hardware: "h200-ib" };
            assert.strictEqual(msChange(base, { ...base, model: { uri: "hf://Qwen/Qwen3-32B", name: "Qwen/Qwen3-32B" } }), "replace");
            assert.strictEqual(msChange(base, { ...base, vllmImage: "ghcr.io/llm-d/llm-d:v0.2.1" }), "replace");
            assert.strictEqual(msChange(base, { ...base, decode: { tensorParallelSize: 8 } }), "replace");
            assert.strictEqual(msChange(base, { ...base, maxModelLen: 8192 }), "replace");
            assert.strictEqual(msChange(base, { ...base, prefill: { resources: { limits: { memory: "96Gi" } } } }), "replace");
            assert.strictEqual(msChange(base, { ...base, readyTimeoutSeconds: 5400 }), "replace", "the startup probe is part of the pod");
            assert.strictEqual(msChange(base, { ...base, benchmarking: true }), "replace", "the sidecar's -v flag is part of the decode pod");
        });

        it("scaling a role, or a change outside the pods, updates the release in place", () => {
            const base = { hardware: "h200-ib" };
            assert.strictEqual(msChange(base, { ...base, prefill: { replicas: 6 } }), "update");
            assert.strictEqual(msChange(base, { ...base, decode: { replicas: 2 } }), "update");
            assert.strictEqual(msChange(base, base), "none");
        });

        it("replaces on the chart and every values key except the listed in-place ones", () => {
            const values = buildModelServiceValues(spec({ hardware: "gke" }));
            const paths = modelServiceReplaceOnChanges(values);
            for (const p of ["chart", "version", "values.modelArtifacts", "values.multinode", "values.routing.servicePort", "values.routing.proxy"]) {
                assert.ok(paths.includes(p), p);
            }
            for (const role of ROLES) {
                for (const p of ["containers", "volumes"]) {
                    assert.ok(paths.includes(`values.${role}.${p}`), `${role}.${p}`);
                }
            }
            MODEL_SERVICE_IN_PLACE_VALUES.forEach((p) => assert.ok(!paths.some((r) => contains(r, p)), `${p} would replace`));
            const withNewKey = modelServiceReplaceOnChanges({ ...values, decode: { ...(values.decode as object), newKey: 1 }, newTop: 1 });
            assert.deepStrictEqual(withNewKey.filter((p) => !paths.includes(p)).sort(), ["values.decode.newKey", "values.newTop"], "a key PDStack starts to set counts as reaching the pods");
        });
    });

    describe("resource options under mocks", () => {
        let PDStack: typeof PDStackClass;
        before(async () => {
            await ResourceRecorder.install();
            PDStack = (await import("../../../../components/pdstack/pdStack")).PDStack;
        });

        it("every release is replaced delete first; the model service also on pod-template changes, and it gets the probes", async () => {
            const rec = await ResourceRecorder.install();
            new PDStack("pd", { hardware: "h200-ib", namespace: "team-a", releasePostfix: "llama", hfToken: "hf_x" });
            await rec.settle();
            const release = (n: string) => rec.get(RELEASE, n);
            for (const n of ["pd-infra", "pd-gaie", "pd-ms"]) {
                assert.strictEqual(release(n).deleteBeforeReplace, true, n);
            }
            assert.deepStrictEqual(release("pd-infra").replaceOnChanges, [], "renames replace through the provider's name/namespace rule");
            assert.deepStrictEqual(release("pd-gaie").replaceOnChanges, []);
            assert.deepStrictEqual(release("pd-ms").replaceOnChanges, modelServiceReplaceOnChanges((release("pd-ms").inputs as any).values));
            const values = (release("pd-ms").inputs as any).values;
            assert.deepStrictEqual(
                ROLES.map((role) => [role, vllm(values, role).startupProbe.httpGet.port, vllm(values, role).startupProbe.failureThreshold, vllm(values, role).readinessProbe.httpGet.path]),
                [["prefill", 8000, 360, "/health"], ["decode", 8200, 360, "/health"]],
                "the release receives both roles' probes",
            );
            // Namespaced objects of a new name or namespace do not collide with the old ones: created first.
            for (const r of rec.resources.filter((r) => r.type !== RELEASE)) {
                assert.strictEqual(r.deleteBeforeReplace, false, r.name);
            }
        });
    });
});
