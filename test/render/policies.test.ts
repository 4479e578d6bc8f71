/**
 * The policy pack's release checks on rendered Deployments (`--render`), end to end with the real
 * helm: PDStack's llm-d 0.2 install with its modelservice release pointed at a chart the project
 * writes (test/fixtures/render/charts/pdservers, which, like llm-d-modelservice v0.2.7, adds an
 * nvidia.com/gpu per rank from `parallelism.tensor`). A problem that only the rendered Deployment shows
 * is a violation naming it; what the values already show is not reported twice.
 */
import * as assert from "assert";
import * as path from "path";
import { evaluatePolicies } from "../../plan/policyEvaluator";
import { PlannedResource } from "../../plan/recorder";
import { renderPlan } from "../../render";
import { isChart, ms, mutate, record, vllm } from "../support/policyFixture";

const CHARTS = path.join(__dirname, "..", "fixtures", "render", "charts");
const PD = /^pd-/;

/** The xpu install with its modelservice release rendered from the fixture chart (the other releases' charts are not in the tests). */
function onFixtureChart(base: PlannedResource[], change: (rs: PlannedResource[]) => void = () => {}): PlannedResource[] {
    return mutate(base, (rs) => {
        change(rs);
        for (const other of ["llm-d-infra", "inferencepool"]) {
            rs.splice(
                rs.findIndex((r) => isChart(r, other)),
                1,
            );
        }
        const release = ms(rs).inputs;
        release.chart = "pdservers";
        release.version = "v0.1.0";
        release.repositoryOpts = { repo: "http://127.0.0.1:9/charts/" };
    });
}

async function policyVerdicts(resources: PlannedResource[], policyConfig?: Record<string, unknown>) {
    const rendered = await renderPlan(resources, { chartsDir: CHARTS, ...(policyConfig ? { policyConfig } : {}) });
    return rendered.violations.filter((v) => PD.test(v.policy));
}

describe("render: the policy pack's release checks on the Deployments a chart renders", () => {
    let xpu: PlannedResource[];

    before(async () => {
        xpu = await record({ hardware: "xpu" });
    });

    it("finds nothing on rendered Deployments that match their values", async () => {
        assert.deepStrictEqual(await policyVerdicts(onFixtureChart(xpu)), []);
    });

    it("catches what only the rendered Deployment shows: the chart adds nvidia.com/gpu on xpu nodes", async () => {
        const resources = onFixtureChart(xpu, (rs) => {
            ms(rs).inputs.values.decode.parallelism = { tensor: 2 };
        });
        const preview = (await evaluatePolicies(resources)).filter((v) => v.policy === "pd-accelerator-resources");
        assert.deepStrictEqual(preview, [], "the values say nothing of it: pulumi preview sees no problem");
        const verdicts = await policyVerdicts(resources);
        assert.deepStrictEqual(
            verdicts.map((v) => [v.policy, v.level, v.resource]),
            [["pd-accelerator-resources", "mandatory", "Deployment llm-d-pd/ms-pd-decode"]],
            JSON.stringify(verdicts, null, 2),
        );
        assert.match(
            verdicts[0].message,
            /^Deployment "ms-pd-decode" of Helm release "ms-pd" \(namespace llm-d-pd\), decode container "vllm": requests nvidia\.com\/gpu, which hardware "xpu" \(PDStack "llm-d-pd"\) does not have: xpu nodes advertise gpu\.intel\.com\/i915, so the pod stays Pending/,
        );
        const advisory = await policyVerdicts(resources, { "pd-accelerator-resources": "advisory" });
        assert.deepStrictEqual(advisory.map((v) => v.level), ["advisory"], "the policy config's level applies");
        assert.deepStrictEqual(await policyVerdicts(resources, { "pd-accelerator-resources": "disabled" }), [], "a disabled policy does not run");
    });

    it("does not report twice what the values already show", async () => {
        const resources = onFixtureChart(xpu, (rs) => {
            delete vllm(rs, "decode").resources.limits.cpu;
        });
        const preview = (await evaluatePolicies(resources)).filter((v) => v.policy === "pd-accelerator-resources");
        assert.strictEqual(preview.length, 1, "the plan reports it from the values");
        assert.match(preview[0].message, /^Helm release "ms-pd" \(namespace llm-d-pd\), decode container "vllm": no cpu limit/);
        assert.deepStrictEqual(await policyVerdicts(resources), []);
    });
});
