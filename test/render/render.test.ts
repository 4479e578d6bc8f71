/**
 * The render path end to end with the real helm, on a chart the project writes for it
 * (test/fixtures/render/charts/pdprobe, with a file:// dependency and a CRD): the Pulumi resources a
 * program registers (recorded as the plan records them) → chart from --charts DIR (folder or .tgz) or
 * pulled from a repository on 127.0.0.1 → helm template → the install's objects, checked.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { planToJson, planToText } from "../../plan/render";
import { PlannedResource, ResourceRecorder } from "../../plan/recorder";
import { renderPlan } from "../../render";
import { locateTool } from "../../render/tools";
import { tempDir } from "../support/planCli";

const CHARTS = path.join(__dirname, "..", "fixtures", "render", "charts");

interface ReleaseArgs {
    chart?: string;
    version?: string;
    repo?: string;
    values?: Record<string, unknown>;
    withClaim?: boolean;
}

/** What a program registering the probe release (and, as PDStack does, a Namespace and a claim) records. */
async function planned(args: ReleaseArgs = {}): Promise<PlannedResource[]> {
    const recorder = await ResourceRecorder.record(() => {
        new k8s.core.v1.Namespace("probe-namespace", { metadata: { name: "probe-ns" } });
        if (args.withClaim !== false) {
            new k8s.core.v1.PersistentVolumeClaim("probe-claim", {
                metadata: { name: "probe-data", namespace: "probe-ns" },
                spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
            });
        }
        new k8s.helm.v3.Release("probe", {
            name: "probe-rel",
            chart: args.chart ?? "pdprobe",
            version: args.version ?? "v0.1.0",
            repositoryOpts: { repo: args.repo ?? "http://127.0.0.1:9/charts/" },
            namespace: "probe-ns",
            values: args.values ?? { replicas: 2, claimName: "probe-data", "pdprobe-lib": { greeting: "hi" } },
        });
    });
    return recorder.resources;
}

/** The fixture chart packaged as `helm package` (after `helm dependency build`) would: `pdprobe-v0.1.0.tgz` in a new folder. */
async function packaged(): Promise<string> {
    const helm = await locateTool("helm");
    const work = tempDir("pdstack-package-");
    fs.cpSync(CHARTS, work, { recursive: true });
    const out = tempDir("pdstack-charts-");
    execFileSync(helm.path, ["package", "--dependency-update", path.join(work, "pdprobe"), "--destination", out], { stdio: "pipe" });
    return out;
}

const summary = (objects: { source: string; kind: string; namespace: string | null; name: string }[]) => objects.map((o) => `${o.source} ${o.kind} ${o.namespace ?? "-"}/${o.name}`);

describe("render: a chart of the project's own, end to end with helm template", () => {
    it("renders release name, namespace, values, the file:// dependency and the CRD with its object; PDStack's own objects join in plan order", async () => {
        const resources = await planned();
        const result = await renderPlan(resources, { chartsDir: CHARTS });
        assert.deepStrictEqual(summary(result.objects), [
            "pdstack Namespace -/probe-ns",
            "pdstack PersistentVolumeClaim probe-ns/probe-data",
            "helm:probe-rel CustomResourceDefinition -/probes.pdstack.test",
            "helm:probe-rel ConfigMap probe-ns/probe-rel-lib",
            "helm:probe-rel ClusterRole -/probe-rel-reader",
            "helm:probe-rel Service probe-ns/probe-rel-server",
            "helm:probe-rel Deployment probe-ns/probe-rel-server",
            "helm:probe-rel Probe probe-ns/probe-rel",
        ]);
        const get = (kind: string) => result.objects.find((o) => o.kind === kind)!;
        assert.strictEqual(get("Deployment").manifest.spec.replicas, 2, "the release's values reach the chart");
        assert.strictEqual(get("Deployment").manifest.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, "probe-data");
        assert.deepStrictEqual(get("ConfigMap").manifest.data, { GREETING: "hi" }, "the dependency renders, with its values");
        assert.strictEqual(get("Probe").manifest.spec.target, "probe-rel-server.probe-ns.svc.cluster.local", "release name and namespace reach the templates");
        assert.strictEqual(get("Deployment").apiVersion, "apps/v1");
        assert.deepStrictEqual(result.violations, []);
        assert.ok(result.notes.includes(`rendered Helm release probe-rel (pdprobe v0.1.0, 6 objects) from ${path.join(CHARTS, "pdprobe")}`), result.notes.join("\n"));
        assert.ok(result.notes.some((n) => /^checked 7 built-in objects against the Kubernetes 1\.33\.0 schema \(kubernetes-models 4\.5\.1\); 1 custom resources/.test(n)), result.notes.join("\n"));
        assert.ok(!fs.existsSync(path.join(CHARTS, "pdprobe", "charts")), "the charts folder is left as it was: the dependency is packaged into a copy");

        const plan = { stack: "probe", resources, outputs: {}, violations: result.violations, notes: result.notes, objects: result.objects };
        const json = JSON.parse(JSON.stringify(planToJson(plan)));
        assert.deepStrictEqual(Object.keys(json.objects[6]), ["source", "apiVersion", "kind", "namespace", "name", "manifest"]);
        assert.deepStrictEqual(json.objects[2].namespace, null);
        const text = planToText(plan);
        assert.match(text, /^Kubernetes objects \(--render\): 8$/m);
        assert.match(text, /^ {2}helm:probe-rel {2}apps\/v1 {23}Deployment {16}probe-ns\/probe-rel-server$/m);
        assert.match(text, /^ {2}pdstack {9}v1 {28}Namespace {17}probe-ns$/m);
    });

    it("reads <chart>-<version>.tgz from --charts DIR, as helm pull names it", async () => {
        const dir = await packaged();
        const result = await renderPlan(await planned(), { chartsDir: dir });
        assert.strictEqual(result.objects.length, 8);
        assert.ok(result.notes.includes(`rendered Helm release probe-rel (pdprobe v0.1.0, 6 objects) from ${path.join(dir, "pdprobe-v0.1.0.tgz")}`), result.notes.join("\n"));
    });

    it("pulls the chart from its repository when no --charts is given (a repository served on 127.0.0.1)", async () => {
        const dir = await packaged();
        execFileSync((await locateTool("helm")).path, ["repo", "index", dir], { stdio: "pipe" });
        const server = http.createServer((req, res) => {
            const file = path.join(dir, path.basename(String(req.url)));
            if (fs.existsSync(file)) {
                res.end(fs.readFileSync(file));
            } else {
                res.statusCode = 404;
                res.end();
            }
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const repo = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
            const result = await renderPlan(await planned({ repo }));
            assert.strictEqual(result.objects.length, 8);
            assert.ok(result.notes.includes(`rendered Helm release probe-rel (pdprobe v0.1.0, 6 objects) from helm pull ${repo} v0.1.0`), result.notes.join("\n"));

            await assert.rejects(renderPlan(await planned({ repo, version: "v9.9.9" })), (e: Error) => {
                assert.match(e.message, /^cannot pull chart pdprobe v9\.9\.9 \(repository http:\/\/127\.0\.0\.1:\d+\/, release probe-rel\): Error: .*v9\.9\.9.*; where the network allows, run helm pull pdprobe --version v9\.9\.9 --repo http:\/\/127\.0\.0\.1:\d+\/ --destination DIR and pass --charts DIR$/);
                return true;
            });
        } finally {
            server.close();
        }
    });

    it("a chart missing from --charts DIR, or of another version there, is one line naming the chart, the version and both ways to supply it", async () => {
        const empty = tempDir("pdstack-empty-");
        await assert.rejects(renderPlan(await planned(), { chartsDir: empty }), (e: Error) => {
            assert.strictEqual(
                e.message,
                `chart pdprobe v0.1.0 (repository http://127.0.0.1:9/charts/, release probe-rel) is not in ${empty}: put pdprobe-v0.1.0.tgz there ` +
                    `(helm pull pdprobe --version v0.1.0 --repo http://127.0.0.1:9/charts/ --destination ${empty}) or a chart folder pdprobe/ of version v0.1.0; ` +
                    `or leave out --charts to pull it from http://127.0.0.1:9/charts/`,
            );
            return true;
        });
        await assert.rejects(renderPlan(await planned({ version: "v0.2.0" }), { chartsDir: CHARTS }), (e: Error) => {
            assert.strictEqual(
                e.message,
                `chart pdprobe v0.2.0 (repository http://127.0.0.1:9/charts/, release probe-rel): ${path.join(CHARTS, "pdprobe")} holds chart pdprobe v0.1.0 (its Chart.yaml); ` +
                    `the plan needs pdprobe v0.2.0 (from source: helm package --version v0.2.0 --app-version v0.2.0 ${path.join(CHARTS, "pdprobe")} --destination ${CHARTS})`,
            );
            return true;
        });
        await assert.rejects(renderPlan(await planned(), { chartsDir: path.join(empty, "nope") }), /^RenderError: --charts .*nope: no such folder$/);
    });

    it("a template error of the chart is one line naming the release; a claim the install lacks and an invalid field are violations", async () => {
        await assert.rejects(renderPlan(await planned({ values: { image: "" } }), { chartsDir: CHARTS }), (e: Error) => {
            assert.match(e.message, /^helm template of chart pdprobe v0\.1\.0 \(repository http:\/\/127\.0\.0\.1:9\/charts\/, release probe-rel\) failed: Error: execution error at \(pdprobe\/templates\/deployment\.yaml:\d+:\d+\): values\.image is required$/);
            assert.ok(!e.message.includes("\n"));
            return true;
        });

        const noClaim = await renderPlan(await planned({ withClaim: false }), { chartsDir: CHARTS });
        assert.deepStrictEqual(noClaim.violations, [
            {
                policy: "rendered-wiring",
                level: "mandatory",
                resource: "Deployment probe-ns/probe-rel-server",
                message: "Deployment probe-ns/probe-rel-server uses PersistentVolumeClaim probe-ns/probe-data (volume data), which is not in the install: its pods stay Pending",
            },
        ]);

        const invalid = await renderPlan(await planned({ values: { replicas: "two", claimName: "probe-data" } }), { chartsDir: CHARTS });
        assert.deepStrictEqual(
            invalid.violations.map((v) => [v.policy, v.message]),
            [
                [
                    "rendered-schema",
                    "Deployment probe-ns/probe-rel-server (helm:probe-rel) is not a valid apps/v1 Deployment of Kubernetes 1.33: spec.replicas must be integer; the API server refuses it and the install fails",
                ],
            ],
        );
    });

    it("a secret PDStack creates keeps its shape in the list and never its value", async () => {
        const recorder = await ResourceRecorder.record(() => {
            new k8s.core.v1.Secret("token", { metadata: { name: "probe-token", namespace: "probe-ns" }, stringData: pulumi.secret({ HF_TOKEN: "hf_not_for_print" }) });
        });
        const result = await renderPlan(recorder.resources);
        assert.deepStrictEqual(result.objects[0].manifest.stringData, { HF_TOKEN: "[secret]" });
        assert.deepStrictEqual(result.violations, [], "a map of masked values is still a valid Secret");
        assert.ok(!JSON.stringify(result).includes("hf_not_for_print"));
    });
});
