/**
 * Each policy of the llm-d-pd pack on inputs that pass and inputs that fail. Inputs are what the real
 * PDStack registers under mocks (recorded once per hardware in `before`), cloned and mutated per test,
 * then run through `evaluatePolicies` as the plan runs them.
 */
import * as assert from "assert";
import type { PDStack as PDStackClass } from "../components/pdstack/pdStack";
import type { PDStackArgs } from "../components/pdstack/args";
import { PlannedResource, ResourceRecorder } from "../plan/recorder";
import { evaluatePolicies, PolicyViolation } from "../plan/policyEvaluator";
import { parseQuantity } from "../components/validation/quantity";
import { chartVersionProblem, imageReferenceProblem } from "../components/policies/versions";
import { workloadFitProblem } from "../components/policies/workload";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const TOKEN = "hf_TestTokenThatMustNeverAppearInPlainText0123";
/** A token-shaped string that is not the one PDStack is given. */
const LEAKED = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

let PDStack: typeof PDStackClass;

/** What one PDStack registers under fresh mocks. */
async function record(args: Partial<PDStackArgs> & { hardware: string }, ...more: (Partial<PDStackArgs> & { hardware: string; name: string })[]): Promise<PlannedResource[]> {
    const recorder = await ResourceRecorder.install();
    new PDStack("llm-d-pd", { hfToken: TOKEN, ...args });
    for (const { name, ...rest } of more) {
        new PDStack(name, { hfToken: TOKEN, ...rest });
    }
    return structuredClone(await recorder.settle());
}

const isChart = (r: PlannedResource, chart: string) => r.type === RELEASE && String((r.inputs as any).chart).endsWith(chart);
const find = (rs: PlannedResource[], pred: (r: PlannedResource) => boolean): any => {
    const r = rs.find(pred);
    assert.ok(r, "resource not found");
    return r;
};
const ms = (rs: PlannedResource[]) => find(rs, (r) => isChart(r, "llm-d-modelservice"));
const msValues = (rs: PlannedResource[]) => ms(rs).inputs.values;
const gaie = (rs: PlannedResource[]) => find(rs, (r) => isChart(r, "inferencepool"));
const infra = (rs: PlannedResource[]) => find(rs, (r) => isChart(r, "llm-d-infra"));
const ofType = (rs: PlannedResource[], type: string) => find(rs, (r) => r.type === type);
const vllm = (rs: PlannedResource[], role: "prefill" | "decode") => msValues(rs)[role].containers[0];

/** A deep copy of `base`, changed by `change`. */
function mutate(base: PlannedResource[], change: (rs: PlannedResource[]) => void): PlannedResource[] {
    const copy = structuredClone(base);
    change(copy);
    return copy;
}

async function violations(rs: PlannedResource[], policy?: string, config?: Record<string, unknown>): Promise<PolicyViolation[]> {
    const all = await evaluatePolicies(rs, config);
    return policy ? all.filter((v) => v.policy === policy) : all;
}

/** The messages of one policy, asserting they all are mandatory. */
async function mandatory(rs: PlannedResource[], policy: string, config?: Record<string, unknown>): Promise<string[]> {
    const vs = await violations(rs, policy, config);
    for (const v of vs) {
        assert.strictEqual(v.level, "mandatory", v.message);
    }
    return vs.map((v) => v.message);
}

/** Asserts exactly one message, matching every pattern. */
function one(messages: string[], ...patterns: (RegExp | string)[]): string {
    assert.strictEqual(messages.length, 1, `expected one violation, got ${messages.length}:\n${messages.join("\n")}`);
    for (const p of patterns) {
        if (typeof p === "string") {
            assert.ok(messages[0].includes(p), `message lacks ${JSON.stringify(p)}:\n${messages[0]}`);
        } else {
            assert.match(messages[0], p);
        }
    }
    return messages[0];
}

describe("policy pack llm-d-pd: each policy", () => {
    let xpu: PlannedResource[];
    let h200: PlannedResource[];
    let gke: PlannedResource[];

    before(async () => {
        await ResourceRecorder.install();
        PDStack = (await import("../components/pdstack/pdStack")).PDStack;
        xpu = await record({ hardware: "xpu" });
        h200 = await record({ hardware: "h200-ib", benchmarking: true });
        gke = await record({ hardware: "gke" });
    });

    it("finds nothing wrong with PDStack's own output on each hardware", async () => {
        for (const rs of [xpu, h200, gke]) {
            assert.deepStrictEqual(await violations(rs), []);
        }
    });

    describe("pd-name-lengths", () => {
        const P = "pd-name-lengths";

        it("passes a 16-character postfix and fails a 17-character one on the prefill pod hostname, naming the longest that fits", async () => {
            assert.deepStrictEqual(await mandatory(await record({ hardware: "gke", releasePostfix: "p".repeat(16) }), P), []);
            const rs = await record({ hardware: "gke", releasePostfix: "p".repeat(17) });
            const m = one(
                await mandatory(rs, P),
                `Helm release "ms-${"p".repeat(17)}" (namespace llm-d-pd): prefill pod hostname`,
                "is 64 characters; the limit is 63",
                'release postfix "ppppppppppppppppp" is 17 characters; the longest postfix that fits is 16 characters',
                "set llm-d-pd:releasePostfix (PDStackArgs.releasePostfix) to at most 16 characters",
            );
            assert.ok(!m.includes("decode pod hostname"), "decode's hostname (46 + 17 = 63) fits");
            const v = (await violations(rs, P))[0];
            assert.strictEqual(v.resource, "llm-d-pd-ms");
        });

        it("reports both hostnames once the postfix passes 17", async () => {
            const rs = await record({ hardware: "xpu", releasePostfix: "p".repeat(20) });
            one(await mandatory(rs, P), "decode pod hostname", "prefill pod hostname", "(a pod's hostname is its Deployment's name plus", "at most 16 characters");
        });

        it("checks a modelservice release not named ms-<postfix> from its own name", async () => {
            const rs = mutate(gke, (r) => {
                ms(r).inputs.name = "my-team-llama-3-3-70b-instruct-fp8-dynamic";
            });
            one(await mandatory(rs, P), 'Helm release "my-team-llama-3-3-70b-instruct-fp8-dynamic"', "decode pod hostname", 'shorten the Helm release name "my-team-llama-3-3-70b-instruct-fp8-dynamic"');
        });

        it("fails a Helm release name over 53 characters and a namespace that is not a DNS label", async () => {
            const rs = mutate(gke, (r) => {
                gaie(r).inputs.name = "g".repeat(54);
                infra(r).inputs.namespace = "Team_A";
            });
            const ms = await mandatory(rs, P);
            assert.strictEqual(ms.length, 2, ms.join("\n"));
            assert.match(ms.join("\n"), /Helm release name "g{54}" is 54 characters; Helm allows 53; shorten the release name/);
            assert.match(ms.join("\n"), /Helm release "infra-pd" \(namespace Team_A\): namespace "Team_A" is not a DNS label .*set llm-d-pd:namespace/);
        });

        it("checks the EPP FQDN the gateway's DestinationRule points at, label by label", async () => {
            const rs = mutate(h200, (r) => {
                infra(r).inputs.values.gateway.destinationRule.host = `gaie-pd-epp.${"n".repeat(64)}.svc.cluster.local`;
            });
            one(await mandatory(rs, P), 'Helm release "infra-pd"', `has the label "${"n".repeat(64)}" of 64 characters; each label may have 63`);
        });

        it("checks metadata.name of objects: Namespace as a DNS label, others as DNS subdomains", async () => {
            const rs = mutate(xpu, (r) => {
                ofType(r, "kubernetes:core/v1:Namespace").inputs.metadata.name = "n".repeat(64);
                ofType(r, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").inputs.metadata.name = "r".repeat(254);
            });
            const messages = (await mandatory(rs, P)).join("\n");
            assert.match(messages, /Namespace "n{64}": Namespace name "n{64}" is 64 characters; a DNS label may have 63; set llm-d-pd:namespace/);
            assert.match(messages, /HTTPRoute "r{254}": HTTPRoute name "r{254}" is 254 characters; a DNS subdomain may have 253/);
        });
    });

    describe("pd-accelerator-resources", () => {
        const P = "pd-accelerator-resources";
        const where = (role: string) => `Helm release "ms-pd" (namespace llm-d-pd), ${role} container "vllm"`;

        it("requires cpu and memory limits, naming the config key", async () => {
            const rs = mutate(h200, (r) => {
                delete vllm(r, "decode").resources.limits.cpu;
            });
            one(await mandatory(rs, P), `${where("decode")}: no cpu limit`, "set llm-d-pd:decode resources.limits.cpu (PDStackArgs.decode.resources.limits.cpu)");
            assert.strictEqual((await violations(rs, P))[0].resource, "llm-d-pd-ms");
        });

        it("compares requests with limits as Kubernetes quantities", async () => {
            assert.strictEqual(parseQuantity("500m"), 0.5);
            assert.strictEqual(parseQuantity("64Gi"), 64 * 2 ** 30);
            assert.strictEqual(parseQuantity("2k"), 2000);
            assert.strictEqual(parseQuantity("1e3"), 1000);
            assert.strictEqual(parseQuantity("1E"), 1e18);
            assert.strictEqual(parseQuantity(4), 4);
            assert.strictEqual(parseQuantity("4 cores"), undefined);
            const fits = mutate(xpu, (r) => {
                vllm(r, "prefill").resources.requests.cpu = "4000m";
                vllm(r, "prefill").resources.requests.memory = "24576Mi";
            });
            assert.deepStrictEqual(await mandatory(fits, P), []);
            const over = mutate(xpu, (r) => {
                vllm(r, "prefill").resources.requests.memory = "32Gi";
            });
            one(await mandatory(over, P), `${where("prefill")}: memory request 32Gi is above its limit 24Gi`, "set llm-d-pd:prefill resources.requests.memory");
        });

        it("requires extended resources' requests to equal their limits", async () => {
            const rs = mutate(h200, (r) => {
                vllm(r, "decode").resources.requests["nvidia.com/gpu"] = "2";
                delete vllm(r, "prefill").resources.limits["rdma/ib"];
            });
            const messages = (await mandatory(rs, P)).join("\n");
            assert.match(messages, /decode container "vllm": nvidia\.com\/gpu request 2 differs from its limit 4; .*requests must equal limits/);
            assert.match(messages, /prefill container "vllm": rdma\/ib is requested \(1\) without a limit/);
        });

        it("requires as many accelerators as the tensor parallel size (vLLM's default 1 without the flag)", async () => {
            const rs = mutate(xpu, (r) => {
                vllm(r, "decode").resources.limits["gpu.intel.com/i915"] = "1";
                vllm(r, "decode").resources.requests["gpu.intel.com/i915"] = "1";
            });
            one(await mandatory(rs, P), `${where("decode")}: gpu.intel.com/i915 is 1 but the tensor parallel size is 2`, "set llm-d-pd:decode tensorParallelSize");
            const noFlag = mutate(gke, (r) => {
                vllm(r, "prefill").resources.limits["nvidia.com/gpu"] = "2";
                vllm(r, "prefill").resources.requests["nvidia.com/gpu"] = "2";
            });
            one(await mandatory(noFlag, P), "nvidia.com/gpu is 2 but the tensor parallel size is 1 (no --tensor-parallel-size: vLLM's default)");
        });

        it("allows only the resources the PDStack's hardware has", async () => {
            const rdmaOnGke = mutate(gke, (r) => {
                vllm(r, "decode").resources.limits["rdma/ib"] = 1;
                vllm(r, "decode").resources.requests["rdma/ib"] = 1;
            });
            one(await mandatory(rdmaOnGke, P), `${where("decode")}: requests rdma/ib, which hardware "gke" (PDStack "llm-d-pd") does not have`, 'only hardware "h200-ib" has InfiniBand');
            const nvidiaOnXpu = mutate(xpu, (r) => {
                for (const side of ["limits", "requests"]) {
                    const res = vllm(r, "prefill").resources[side];
                    delete res["gpu.intel.com/i915"];
                    res["nvidia.com/gpu"] = "1";
                }
            });
            const messages = await mandatory(nvidiaOnXpu, P);
            assert.strictEqual(messages.length, 2, messages.join("\n"));
            assert.match(messages[0], /prefill container "vllm": requests nvidia\.com\/gpu, which hardware "xpu" \(PDStack "llm-d-pd"\) does not have: xpu nodes advertise gpu\.intel\.com\/i915/);
            assert.match(messages[1], /prefill container "vllm": requests no gpu\.intel\.com\/i915, which hardware "xpu" \(PDStack "llm-d-pd"\) needs/);
        });

        it("infers the hardware from the requested resources when the release has no PDStack parent", async () => {
            const orphan = mutate(xpu, (r) => {
                ms(r).parentUrn = null;
                vllm(r, "decode").resources.limits["rdma/ib"] = 1;
                vllm(r, "decode").resources.requests["rdma/ib"] = 1;
            });
            one(await mandatory(orphan, P), 'requests rdma/ib, which hardware "xpu" (inferred from the requested gpu.intel.com/i915 and rdma/ib) does not have');
            const noAccelerator = mutate(gke, (r) => {
                ms(r).parentUrn = null;
                for (const role of ["prefill", "decode"] as const) {
                    delete vllm(r, role).resources.limits["nvidia.com/gpu"];
                    delete vllm(r, role).resources.requests["nvidia.com/gpu"];
                }
            });
            const messages = await mandatory(noAccelerator, P);
            assert.strictEqual(messages.length, 2);
            assert.match(messages[1], /decode container "vllm": requests no accelerator \(nvidia\.com\/gpu or gpu\.intel\.com\/i915\); vLLM needs one per tensor-parallel rank \(4 here\)/);
        });

        it("fails a pod wider than one node of its hardware", async () => {
            const rs = await record({ hardware: "xpu", decode: { tensorParallelSize: 8 } });
            one(await mandatory(rs, P), `${where("decode")}: 8 gpu.intel.com/i915 per pod, but a node of hardware "xpu" (PDStack "llm-d-pd") has 4`, "at most 4");
        });
    });

    describe("pd-accelerator-budget", () => {
        const P = "pd-accelerator-budget";

        it("passes the seed's 8 accelerators and fails 12 with the breakdown and the budget", async () => {
            assert.deepStrictEqual(await mandatory(h200, P), []);
            const rs = await record({ hardware: "h200-ib", prefill: { replicas: 8 } });
            const vs = await violations(rs, P);
            assert.strictEqual(vs.length, 1);
            assert.strictEqual(vs[0].resource, null);
            assert.strictEqual(vs[0].level, "mandatory");
            assert.match(vs[0].message, /^the deployment takes 12 accelerators \(prefill 8 × 1 \+ decode 1 × 4 = 12\), above the budget of 8: /);
            assert.match(vs[0].message, /--policy-pack-config with \{"pd-accelerator-budget": \{"maxAccelerators": 12\}\}/);
            assert.deepStrictEqual(await violations(rs, P, { "pd-accelerator-budget": { maxAccelerators: 16 } }), []);
        });

        it("takes the budget from the policy config (default 8)", async () => {
            assert.deepStrictEqual(await violations(xpu, P, { "pd-accelerator-budget": { maxAccelerators: 4 } }), []);
            one(
                await mandatory(xpu, P, { "pd-accelerator-budget": { maxAccelerators: 3 } }),
                "the deployment takes 4 accelerators (prefill 2 × 1 + decode 1 × 2 = 4), above the budget of 3",
            );
        });

        it("sums every modelservice release of the program", async () => {
            const rs = await record({ hardware: "gke", namespace: "a", releasePostfix: "a" }, { name: "second", hardware: "gke", namespace: "b", releasePostfix: "b" });
            one(await mandatory(rs, P), "the deployment takes 16 accelerators (ms-a: prefill 4 × 1 + decode 1 × 4 = 8; ms-b: prefill 4 × 1 + decode 1 × 4 = 8; total 16), above the budget of 8");
        });
    });

    describe("pd-nixl-wiring", () => {
        const P = "pd-nixl-wiring";
        const where = (role: string) => `Helm release "ms-pd" (namespace llm-d-pd), ${role} container "vllm"`;
        const setArg = (c: any, flag: string, value: string) => {
            const i = c.args.indexOf(flag);
            if (i >= 0) {
                c.args[i + 1] = value;
            } else {
                c.args.push(flag, value);
            }
        };

        it("requires NixlConnector in --kv-transfer-config on both roles", async () => {
            const other = mutate(xpu, (r) => setArg(vllm(r, "prefill"), "--kv-transfer-config", '{"kv_connector":"LMCacheConnectorV1","kv_role":"kv_both"}'));
            one(await mandatory(other, P), `${where("prefill")}: --kv-transfer-config has kv_connector "LMCacheConnectorV1", not "NixlConnector"`);
            const missing = mutate(h200, (r) => {
                const c = vllm(r, "decode");
                c.args.splice(c.args.indexOf("--kv-transfer-config"), 2);
            });
            one(await mandatory(missing, P), `${where("decode")}: no --kv-transfer-config`);
            const broken = mutate(gke, (r) => setArg(vllm(r, "decode"), "--kv-transfer-config", "{kv_connector: NixlConnector}"));
            one(await mandatory(broken, P), `${where("decode")}: --kv-transfer-config {kv_connector: NixlConnector} is not valid JSON`);
        });

        it("requires the pod IP as the NIXL side channel host", async () => {
            const missing = mutate(xpu, (r) => {
                vllm(r, "decode").env = vllm(r, "decode").env.filter((e: any) => e.name !== "VLLM_NIXL_SIDE_CHANNEL_HOST");
            });
            one(await mandatory(missing, P), `${where("decode")}: no env VLLM_NIXL_SIDE_CHANNEL_HOST`);
            const fixed = mutate(xpu, (r) => {
                vllm(r, "prefill").env[0] = { name: "VLLM_NIXL_SIDE_CHANNEL_HOST", value: "10.0.0.7" };
            });
            one(await mandatory(fixed, P), `${where("prefill")}: env VLLM_NIXL_SIDE_CHANNEL_HOST does not come from the pod IP`);
        });

        it("fails a prefill wider than decode", async () => {
            const rs = mutate(xpu, (r) => setArg(vllm(r, "prefill"), "--tensor-parallel-size", "4"));
            const messages = await mandatory(rs, P);
            one(messages, "prefill tensor parallel size 4 is larger than decode's 2", "set llm-d-pd:prefill tensorParallelSize to at most 2");
        });

        it("requires the same model and image on both roles", async () => {
            const model = mutate(gke, (r) => setArg(vllm(r, "decode"), "--served-model-name", "llama-small"));
            one(await mandatory(model, P), 'prefill serves model "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic" but decode serves "llama-small"');
            const sameName = mutate(gke, (r) => {
                setArg(vllm(r, "decode"), "--served-model-name", "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic");
            });
            assert.deepStrictEqual(await mandatory(sameName, P), []);
            const image = mutate(gke, (r) => {
                vllm(r, "prefill").image = "ghcr.io/llm-d/llm-d:v0.2.1";
            });
            one(await mandatory(image, P), 'prefill runs image "ghcr.io/llm-d/llm-d:v0.2.1" but decode runs "ghcr.io/llm-d/llm-d:v0.2.0"', "llm-d-pd:vllmImage");
        });

        it("requires both roles, created, with at least one replica", async () => {
            const noCreate = mutate(xpu, (r) => {
                msValues(r).prefill.create = false;
            });
            one(await mandatory(noCreate, P), "prefill.create is false, not true");
            const chartDefault = mutate(xpu, (r) => {
                delete msValues(r).prefill.replicas;
            });
            one(await mandatory(chartDefault, P), "prefill has 0 replicas (the chart's default for prefill is 0)", "set llm-d-pd:prefill replicas to at least 1");
            const noDecode = mutate(xpu, (r) => {
                delete msValues(r).decode;
            });
            one(await mandatory(noDecode, P), "values have no decode role");
        });

        it("requires decode's routing sidecar with a NIXL connector", async () => {
            assert.deepStrictEqual(await mandatory(mutate(h200, (r) => (msValues(r).routing.proxy.connector = "nixl")), P), []);
            const rs = mutate(h200, (r) => {
                msValues(r).routing.proxy.connector = "lmcache";
                delete msValues(r).routing.proxy.image;
            });
            const messages = await mandatory(rs, P);
            assert.strictEqual(messages.length, 2, messages.join("\n"));
            assert.match(messages[0], /routing\.proxy\.connector is "lmcache": .* "nixl" or "nixlv2"/);
            assert.match(messages[1], /routing\.proxy\.image is not set/);
        });
    });

    describe("pd-no-plaintext-secrets", () => {
        const P = "pd-no-plaintext-secrets";

        it("accepts the token in a Secret's stringData, where it belongs", async () => {
            const rs = mutate(xpu, (r) => {
                ofType(r, "kubernetes:core/v1:Secret").inputs.stringData = { HF_TOKEN: LEAKED };
            });
            assert.deepStrictEqual(await mandatory(rs, P), []);
        });

        it("fails an HF token anywhere in Helm values, without repeating it", async () => {
            const rs = mutate(gke, (r) => {
                vllm(r, "decode").args.push(`--hf-token=${LEAKED}`);
            });
            const m = one(
                await mandatory(rs, P),
                'Helm release "ms-pd" (namespace llm-d-pd): values.decode.containers[0].args[10] holds what looks like a Hugging Face token in plain text (hf_… (39 characters))',
                "pulumi config set --secret llm-d-pd:hfToken <token>",
            );
            assert.ok(!m.includes(LEAKED.slice(3)), "the message must not carry the token");
        });

        it("requires HF_TOKEN env from valueFrom.secretKeyRef, in values and in object specs", async () => {
            const rs = mutate(xpu, (r) => {
                vllm(r, "prefill").env.push({ name: "HF_TOKEN", value: "[secret]" });
                vllm(r, "decode").env.push({ name: "HF_TOKEN", valueFrom: { configMapKeyRef: { name: "cm", key: "HF_TOKEN" } } });
                ofType(r, "kubernetes:apps/v1:DaemonSet").inputs.spec.template.spec.containers[0].env.push({ name: "HF_TOKEN", value: "x" });
            });
            const messages = await mandatory(rs, P);
            assert.strictEqual(messages.length, 3, messages.join("\n"));
            assert.match(messages[0], /^DaemonSet "intel-gpu-plugin": env HF_TOKEN at spec\.template\.spec\.containers\[0\]\.env\[2\] has a literal value/);
            assert.match(messages[1], /^Helm release "ms-pd" .*: env HF_TOKEN at values\.decode\.containers\[0\]\.env\[4\] does not come from valueFrom\.secretKeyRef/);
            assert.match(messages[2], /^Helm release "ms-pd" .*: env HF_TOKEN at values\.prefill\.containers\[0\]\.env\[4\] has a literal value/);
            const fine = mutate(xpu, (r) => {
                vllm(r, "decode").env.push({ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "llm-d-hf-token", key: "HF_TOKEN" } } });
            });
            assert.deepStrictEqual(await mandatory(fine, P), []);
        });

        it("fails other obvious credentials", async () => {
            const rs = mutate(gke, (r) => {
                ofType(r, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").inputs.metadata.annotations = { note: "ghp_" + "a".repeat(36) };
                vllm(r, "decode").env.push({ name: "OPENAI_API_KEY", value: "plain" });
            });
            const messages = (await mandatory(rs, P)).join("\n");
            assert.match(messages, /HTTPRoute "llm-d-pd-disaggregation": metadata\.annotations\.note holds what looks like a GitHub token/);
            assert.match(messages, /env OPENAI_API_KEY at values\.decode\.containers\[0\]\.env\[1\] has a literal value, which looks like a credential/);
        });
    });

    describe("pd-pinned-versions", () => {
        const P = "pd-pinned-versions";

        it("tells exact chart versions from ranges", () => {
            for (const ok of ["v0.2.7", "0.2.7", "1.28.0-alpha.89f30b26", "v1.2.4+build.1"]) {
                assert.strictEqual(chartVersionProblem(ok), undefined, ok);
            }
            for (const bad of ["^0.2.7", "~0.2", ">=0.2.0", "*", "0.2.x", "0.2", ""]) {
                assert.ok(chartVersionProblem(bad), bad);
            }
            assert.match(chartVersionProblem(undefined)!, /has no version/);
        });

        it("tells pinned images from floating ones", () => {
            for (const ok of ["ghcr.io/llm-d/llm-d:v0.2.0", "registry:5000/team/vllm:1.0", `ghcr.io/llm-d/llm-d@sha256:${"a".repeat(64)}`]) {
                assert.strictEqual(imageReferenceProblem(ok), undefined, ok);
            }
            assert.match(imageReferenceProblem("ghcr.io/llm-d/llm-d")!, /has no tag/);
            assert.match(imageReferenceProblem("registry:5000/team/vllm")!, /has no tag/);
            assert.match(imageReferenceProblem("vllm/vllm-openai:latest")!, /uses tag "latest"/);
        });

        it("fails a chart version range on a release", async () => {
            const rs = mutate(xpu, (r) => {
                ms(r).inputs.version = "^0.2.7";
            });
            one(await mandatory(rs, P), 'Helm release "ms-pd" (namespace llm-d-pd): chart llm-d-modelservice version "^0.2.7" is a range', 'pin an exact version such as "v0.2.7"');
        });

        it("fails floating images in values (strings and {hub, name, tag}) and in object specs", async () => {
            const rs = mutate(xpu, (r) => {
                vllm(r, "decode").image = "ghcr.io/llm-d/llm-d-xpu:latest";
                msValues(r).routing.proxy.image = "ghcr.io/llm-d/llm-d-routing-sidecar";
                delete gaie(r).inputs.values.inferenceExtension.image.tag;
                ofType(r, "kubernetes:apps/v1:DaemonSet").inputs.spec.template.spec.containers[0].image = "intel/intel-gpu-plugin";
            });
            const messages = (await mandatory(rs, P)).join("\n");
            assert.match(messages, /DaemonSet "intel-gpu-plugin": image "intel\/intel-gpu-plugin" at spec\.template\.spec\.containers\[0\]\.image has no tag/);
            assert.match(messages, /Helm release "gaie-pd" .*: image ghcr\.io\/llm-d\/llm-d-inference-scheduler at values\.inferenceExtension\.image has no tag/);
            assert.match(messages, /Helm release "ms-pd" .*: image "ghcr\.io\/llm-d\/llm-d-xpu:latest" at values\.decode\.containers\[0\]\.image uses tag "latest", which moves; pin a tag or digest in llm-d-pd:vllmImage/);
            assert.match(messages, /image "ghcr\.io\/llm-d\/llm-d-routing-sidecar" at values\.routing\.proxy\.image has no tag/);
            assert.strictEqual(messages.split("\n").length, 4, messages);
        });
    });

    describe("pd-workload-fit (advisory)", () => {
        const P = "pd-workload-fit";

        it("says nothing without a declared workload, nor for the reference 10k/1k", async () => {
            assert.deepStrictEqual(await violations(xpu, P), []);
            assert.deepStrictEqual(await violations(await record({ hardware: "xpu", workload: { inputTokens: 10000, outputTokens: 1000 } }), P), []);
        });

        it("warns on 200/200, on the PDStack, as advisory, with the thresholds", async () => {
            const vs = await violations(await record({ hardware: "h200-ib", workload: { inputTokens: 200, outputTokens: 200 } }));
            assert.strictEqual(vs.length, 1, JSON.stringify(vs));
            assert.strictEqual(vs[0].policy, P);
            assert.strictEqual(vs[0].level, "advisory");
            assert.strictEqual(vs[0].resource, "llm-d-pd");
            for (const s of ["declared workload 200 input / 200 output tokens", "200 input tokens is below 2000", "an input/output ratio of 1 is below 4", "10k input / 1k output", "llm-d-pd:workload", "minInputTokens 2000, minInputOutputRatio 4"]) {
                assert.ok(vs[0].message.includes(s), `${s} not in ${vs[0].message}`);
            }
        });

        it("warns on each threshold alone, and follows the policy config", () => {
            assert.match(workloadFitProblem({ inputTokens: 5000, outputTokens: 2000 })!, /ratio of 2\.5 is below 4/);
            assert.ok(!/input tokens is below/.test(workloadFitProblem({ inputTokens: 5000, outputTokens: 2000 })!));
            assert.match(workloadFitProblem({ inputTokens: 1000, outputTokens: 100 })!, /1000 input tokens is below 2000/);
            assert.strictEqual(workloadFitProblem({ inputTokens: 200, outputTokens: 200 }, { minInputTokens: 100, minInputOutputRatio: 0.5 }), undefined);
        });
    });
});
