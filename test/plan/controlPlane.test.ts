/**
 * The offline plan (`npm run plan`) with `installGatewayControlPlane` and `monitoring`: it shows the
 * control plane ahead of the three releases when switched on, and nothing new for the shipped stacks.
 */
import * as assert from "assert";
import { planInProcess, writeStackFile } from "../support/planCli";

const CONTROL_PLANE_TYPES = ["pdstack:index:GatewayControlPlane", "kubernetes:yaml/v2:ConfigFile", "kubernetes:helm.sh/v4:Chart"];
const MONITORING_TYPES = ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "kubernetes:core/v1:ConfigMap"];

describe("plan: gateway control plane and monitoring", () => {
    for (const stack of ["h200-ib", "gke", "xpu"]) {
        it(`shipped stack ${stack}: nothing of either (both default to off)`, async () => {
            const run = await planInProcess("--stack", stack, "--json");
            assert.strictEqual(run.status, 0, run.stderr);
            const types = run.json().resources.map((r: any) => r.type);
            assert.deepStrictEqual(types.filter((t: string) => [...CONTROL_PLANE_TYPES, ...MONITORING_TYPES].includes(t)), []);
            assert.ok(!types.some((t: string) => t.startsWith("kubernetes:rbac.")), "no monitoring RBAC");
        });
    }

    it("installGatewayControlPlane: the CRDs and istio's charts, ahead of the three releases and the route", async () => {
        const file = writeStackFile("cp", { hardware: "h200-ib", installGatewayControlPlane: true });
        const run = await planInProcess("--stack", "cp", "--config-file", file, "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        const resources: any[] = run.json().resources;
        const byName = (name: string) => {
            const r = resources.find((x) => x.name === name);
            assert.ok(r, `${name} missing from the plan`);
            return r;
        };
        const cp = byName("llm-d-pd-gateway-control-plane");
        assert.strictEqual(cp.parent, "llm-d-pd");
        assert.strictEqual(byName("llm-d-pd-gateway-control-plane-gateway-api-crds").inputs.file, "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml");
        assert.strictEqual(byName("llm-d-pd-gateway-control-plane-istiod").inputs.version, "1.28-alpha.89f30b26ba71bf5e538083a4720d0bc2d8c06401");
        for (const release of ["llm-d-pd-infra", "llm-d-pd-gaie", "llm-d-pd-ms", "llm-d-pd-route"]) {
            const deps: string[] = byName(release).dependsOn;
            for (const before of ["llm-d-pd-gateway-control-plane-istiod", "llm-d-pd-gateway-control-plane-gateway-api-crds", "llm-d-pd-gateway-control-plane-inference-extension-crds"]) {
                assert.ok(deps.includes(before), `${release} does not wait for ${before}`);
            }
        }
        const text = await planInProcess("--stack", "cp", "--config-file", file);
        assert.strictEqual(text.status, 0, text.stderr);
        assert.match(text.stdout, /^ {2}pdstack:index:GatewayControlPlane {2}llm-d-pd-gateway-control-plane$/m);
        assert.match(text.stdout, /^--- Helm release istiod \(oci:\/\/gcr\.io\/istio-testing\/charts\/istiod 1\.28-alpha\.89f30b26ba71bf5e538083a4720d0bc2d8c06401\) in namespace istio-system: values$/m);
    });

    it("monitoring: the ServiceMonitor and dashboard in the plan, and the advisory about the operator's CRDs (exit 0)", async () => {
        const file = writeStackFile("mon", { hardware: "gke", monitoring: true });
        const run = await planInProcess("--stack", "mon", "--config-file", file, "--json");
        assert.strictEqual(run.status, 0, run.stderr);
        const plan = run.json();
        const types = plan.resources.map((r: any) => r.type);
        for (const t of MONITORING_TYPES) {
            assert.ok(types.includes(t), `${t} missing from the plan`);
        }
        assert.deepStrictEqual(plan.violations.map((v: any) => [v.policy, v.level]), [["pd-monitoring-crds", "advisory"]]);
    });
});
