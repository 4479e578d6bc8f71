import * as assert from "assert";
import { resolveSpec } from "../../components/pdstack/spec";
import { withModelServiceAdditions } from "../../components/releases/llmd02/values/modelservice";
import { expected, SHIPPED_STACKS, UPSTREAM_ENVS } from "../support/reference";
import { planInProcess, writeStackFile } from "../support/planCli";
import { RELEASE, ROUTE } from "../support/tokens";


const release = (plan: any, chart: string) => plan.resources.find((r: any) => r.type === RELEASE && r.inputs.chart.endsWith(chart));

describe("offline plan (npm run plan)", () => {
    for (const [stack, env] of Object.entries(SHIPPED_STACKS)) {
        describe(`--stack ${stack} --json`, () => {
            let plan: any;
            before(async () => {
                const run = await planInProcess("--stack", stack, "--json");
                assert.strictEqual(run.status, 0, run.stderr);
                plan = run.json();
            });

            it(`gives each release the values of upstream's ${env} environment`, () => {
                assert.strictEqual(plan.stack, stack);
                assert.deepStrictEqual(release(plan, "llm-d-infra").inputs.values, expected(env, "infra"));
                assert.deepStrictEqual(release(plan, "inferencepool").inputs.values, expected(env, "gaie"));
                const spec = resolveSpec(UPSTREAM_ENVS[env], "test:");
                assert.deepStrictEqual(release(plan, "llm-d-modelservice").inputs.values, withModelServiceAdditions(expected(env, "ms"), spec));
            });

            it("creates the HTTPRoute upstream applies by hand", () => {
                const route = plan.resources.find((r: any) => r.type === ROUTE);
                const want = expected(env, "httproute");
                assert.deepStrictEqual({ apiVersion: route.inputs.apiVersion, kind: route.inputs.kind, metadata: route.inputs.metadata, spec: route.inputs.spec }, want);
            });

            it("names parent, provider and dependencies by resource name, and masks the token", () => {
                for (const r of plan.resources) {
                    assert.deepStrictEqual(Object.keys(r), ["type", "name", "parent", "provider", "dependsOn", "inputs"]);
                }
                const ms = release(plan, "llm-d-modelservice");
                assert.strictEqual(ms.parent, "llm-d-pd");
                assert.strictEqual(ms.provider, null);
                assert.deepStrictEqual([...ms.dependsOn].sort(), ["llm-d-pd-hf-token", "llm-d-pd-namespace", ...(stack === "xpu" ? ["llm-d-pd-intel-gpu-plugin"] : [])].sort());
                const secret = plan.resources.find((r: any) => r.type === "kubernetes:core/v1:Secret");
                assert.strictEqual(secret.inputs.stringData, "[secret]");
                assert.deepStrictEqual(plan.violations, []);
            });

            it(`${stack === "xpu" ? "includes" : "has no"} the Intel GPU device plugin`, () => {
                const plugins = plan.resources.filter((r: any) => r.type === "kubernetes:apps/v1:DaemonSet");
                assert.strictEqual(plugins.length, stack === "xpu" ? 1 : 0);
            });
        });
    }

    it("plans any stack file, deriving every name from namespace, postfix, TP, replicas and gateway", async () => {
        const file = writeStackFile("team", {
            hardware: "h200-ib",
            gateway: "kgateway",
            namespace: "team-llm",
            releasePostfix: "llama",
            prefill: { replicas: 2, tensorParallelSize: 2 },
            decode: { tensorParallelSize: 2 },
        });
        const run = await planInProcess("--stack", "team", "--config-file", file, "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        const plan = run.json();
        const names = plan.resources.filter((r: any) => r.type === RELEASE).map((r: any) => [r.inputs.name, r.inputs.namespace]);
        assert.deepStrictEqual(names, [["infra-llama", "team-llm"], ["gaie-llama", "team-llm"], ["ms-llama", "team-llm"]]);
        const infra = release(plan, "llm-d-infra").inputs.values;
        assert.strictEqual(infra.gateway.gatewayClassName, "kgateway");
        assert.strictEqual(infra.gateway.destinationRule.host, "gaie-llama-epp.team-llm.svc.cluster.local");
        const ms = release(plan, "llm-d-modelservice").inputs.values;
        assert.strictEqual(ms.prefill.replicas, 2);
        assert.deepStrictEqual(ms.prefill.containers[0].args.slice(0, 2), ["--tensor-parallel-size", "2"]);
        assert.strictEqual(ms.prefill.containers[0].resources.limits["nvidia.com/gpu"], "2");
        assert.strictEqual(ms.routing.parentRefs[0].name, "infra-llama-inference-gateway");
        const route = plan.resources.find((r: any) => r.type === ROUTE);
        assert.strictEqual(route.inputs.metadata.name, "llm-d-llama-disaggregation");
        assert.strictEqual(route.inputs.spec.rules[0].backendRefs[0].name, "gaie-llama");
        assert.strictEqual(plan.outputs.portForwardCommand, "kubectl port-forward -n team-llm service/infra-llama-inference-gateway 8000:80");
    });

    it("fails on invalid config with the error on stderr and nothing on stdout", async () => {
        const file = writeStackFile("bad", { hardware: "xpu", gateway: "gke", prefill: { replicas: 0 } });
        const run = await planInProcess("--stack", "bad", "--config-file", file, "--json");
        assert.notStrictEqual(run.status, 0);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /llm-d-pd:prefill\.replicas: must be a positive integer \(got 0\)/);
    });

    it("fails on a key the program does not know, as pulumi up does, and on an unknown stack", async () => {
        // The CLI passes undeclared keys through; the program refuses them, naming the key.
        let run = await planInProcess("--stack", "typo", "--config-file", writeStackFile("typo", { hardware: "gke", hardwre: "xpu" }));
        assert.strictEqual(run.status, 1);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /^invalid PDStack configuration:\n {2}llm-d-pd:hardwre: is not a known key; known keys: hardware, /);
        run = await planInProcess("--stack", "nope");
        assert.strictEqual(run.status, 1);
        assert.match(run.stderr, /^invalid stack:\n {2}--stack nope: no stack file .*Pulumi\.nope\.yaml; stacks here: gke, h200-ib, xpu\n$/);
    });

    it("prints the resource tree and each release's values as YAML without --json", async () => {
        const run = await planInProcess("--stack", "gke");
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /^pdstack:index:PDStack {2}llm-d-pd$/m);
        assert.match(run.stdout, /^ {2}kubernetes:helm\.sh\/v3:Release {2}llm-d-pd-ms$/m);
        assert.match(run.stdout, /^--- Helm release ms-pd \(llm-d-modelservice v0\.2\.7\) in namespace llm-d-pd: values$/m);
        assert.match(run.stdout, /gatewayClassName: gke-l7-regional-external-managed/);
        assert.match(run.stdout, /^Notes:\n {2}llm-d-pd:hfToken: not set; pulumi up needs it: pulumi config set --secret hfToken <token> .*; planned with a placeholder secret$/m);
    });
});
