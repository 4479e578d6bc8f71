/**
 * `evaluatePolicies` and the policy config as the offline plan uses them: the `--policy-pack-config`
 * document checked against each policy's config schema, the arguments CrossGuard passes, and the
 * plan's exit codes on policy violations.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Policies, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { PlannedResource } from "../../plan/recorder";
import { evaluatePolicies, hasMandatoryViolation, PolicyConfigError, resolvePolicyConfig } from "../../plan/policyEvaluator";
import { runPlan } from "../../plan";
import { planInProcess, tempDir, writeStackFile } from "../support/planCli";
import { recordShippedStack } from "../support/policyFixture";

function writePolicyConfig(config: unknown): string {
    const file = path.join(tempDir("pdstack-policy-"), "policy-config.json");
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
}

describe("plan/policyEvaluator: the pack's policies on a plan", () => {
    describe("policy config, as --policy-pack-config takes it", () => {
        it("merges the schema defaults with the config keyed by policy name", () => {
            const resolved = resolvePolicyConfig({ "pd-accelerator-budget": { maxAccelerators: 16 }, "pd-workload-fit": "disabled" });
            assert.deepStrictEqual(resolved.get("pd-accelerator-budget"), { enforcementLevel: "mandatory", properties: { maxAccelerators: 16 } });
            assert.deepStrictEqual(resolved.get("pd-workload-fit"), { enforcementLevel: "disabled", properties: { minInputTokens: 2000, minInputOutputRatio: 4 } });
            assert.deepStrictEqual(resolved.get("pd-name-lengths"), { enforcementLevel: "mandatory", properties: {} });
            const all = resolvePolicyConfig({ all: "advisory", "pd-name-lengths": { enforcementLevel: "mandatory" } });
            assert.strictEqual(all.get("pd-accelerator-budget")!.enforcementLevel, "advisory");
            assert.strictEqual(all.get("pd-name-lengths")!.enforcementLevel, "mandatory");
        });

        it("rejects unknown policies and properties, and values the schema does not allow", () => {
            const rejects = (config: unknown, pattern: RegExp) =>
                assert.throws(() => resolvePolicyConfig(config), (e: Error) => e instanceof PolicyConfigError && pattern.test(e.message));
            rejects({ "pd-accelerator-budgets": { maxAccelerators: 16 } }, /unknown policy "pd-accelerator-budgets"; the pack's policies are pd-name-lengths, /);
            rejects({ "pd-model-server-wiring": "advisory" }, /^policy config: policy "pd-model-server-wiring" is now part of "pd-nixl-wiring", which checks every llm-d release; configure "pd-nixl-wiring" instead$/);
            rejects({ "pd-accelerator-budget": { maxGpus: 16 } }, /"pd-accelerator-budget": unknown property "maxGpus"; it takes maxAccelerators/);
            rejects({ "pd-accelerator-budget": { maxAccelerators: "16" } }, /maxAccelerators: must be of type integer, got "16"/);
            rejects({ "pd-accelerator-budget": { maxAccelerators: 0 } }, /maxAccelerators: must be >= 1, got 0/);
            rejects({ "pd-accelerator-budget": { maxAccelerators: 1.5 } }, /maxAccelerators: must be of type integer, got 1\.5/);
            rejects({ "pd-workload-fit": { minInputOutputRatio: 0 } }, /"pd-workload-fit"\.minInputOutputRatio: must be > 0, got 0/);
            rejects({ "pd-name-lengths": { maxLength: 10 } }, /"pd-name-lengths": unknown property "maxLength"; it takes none/);
            rejects({ "pd-name-lengths": "strict" }, /enforcementLevel "strict" must be one of advisory, mandatory, remediate, disabled/);
            rejects([], /must be a JSON object keyed by policy name/);
        });

        it("checks any policy's JSON schema: required properties, enums, types, bounds, defaults", () => {
            const probe: Policies = [
                {
                    name: "probe",
                    description: "a policy with a richer config schema",
                    configSchema: {
                        properties: {
                            mode: { type: "string", enum: ["strict", "lenient"] },
                            limit: { type: "integer", maximum: 10, default: 3 },
                            tags: { type: "array", items: { type: "string" } },
                        },
                        required: ["mode"],
                    },
                    validateResource: () => undefined,
                },
            ];
            const rejects = (config: unknown, pattern: RegExp) =>
                assert.throws(() => resolvePolicyConfig(config, probe), (e: Error) => e instanceof PolicyConfigError && pattern.test(e.message));
            rejects({}, /policy config "probe": "mode" is required/);
            rejects({ probe: { mode: "loose" } }, /policy config "probe"\.mode: must be one of "strict", "lenient", got "loose"/);
            rejects({ probe: { mode: "strict", limit: 11 } }, /policy config "probe"\.limit: must be <= 10, got 11/);
            rejects({ probe: { mode: "strict", tags: "a" } }, /policy config "probe"\.tags: must be of type array, got "a"/);
            assert.deepStrictEqual(resolvePolicyConfig({ probe: { mode: "strict", tags: ["a"] } }, probe).get("probe"), {
                enforcementLevel: "advisory",
                properties: { mode: "strict", limit: 3, tags: ["a"] },
            });
        });
    });

    describe("evaluatePolicies builds CrossGuard's arguments", () => {
        let resources: PlannedResource[];
        before(async () => {
            resources = await recordShippedStack("xpu");
        });

        it("passes resource policies the type, inputs, URN, name, options, config and notApplicable", async () => {
            const seen: ResourceValidationArgs[] = [];
            const probe: Policies = [
                {
                    name: "probe",
                    description: "records its arguments",
                    enforcementLevel: "mandatory",
                    configSchema: { properties: { limit: { type: "integer", default: 3 }, label: { type: "string" } } },
                    validateResource: (args, report) => {
                        if (args.type !== "kubernetes:helm.sh/v3:Release") {
                            args.notApplicable("not a release");
                        }
                        seen.push(args);
                        report(`saw ${args.props.name}`);
                    },
                },
            ];
            const vs = await evaluatePolicies(resources, { probe: { label: "x" } }, probe);
            assert.deepStrictEqual(
                vs.map((v) => [v.resource, v.message, v.level]),
                [
                    ["llm-d-pd-infra", "saw infra-pd", "mandatory"],
                    ["llm-d-pd-gaie", "saw gaie-pd", "mandatory"],
                    ["llm-d-pd-ms", "saw ms-pd", "mandatory"],
                ],
            );
            const ms = seen[2];
            const recorded = resources.find((r) => r.name === "llm-d-pd-ms")!;
            assert.strictEqual(ms.urn, recorded.urn);
            assert.strictEqual(ms.name, "llm-d-pd-ms");
            assert.deepStrictEqual(ms.props, recorded.inputs);
            assert.strictEqual(ms.opts.parent, recorded.parentUrn);
            assert.strictEqual(ms.opts.deleteBeforeReplace, true, "the releases replace delete first, and a policy can see it");
            assert.deepStrictEqual(ms.getConfig(), { limit: 3, label: "x" });
            const releaseClass = { __pulumiType: "kubernetes:helm.sh/v3:Release" } as any;
            assert.strictEqual(ms.isType(releaseClass), true);
            assert.strictEqual(ms.asType(releaseClass), ms.props);
            assert.strictEqual(ms.isType({ __pulumiType: "kubernetes:core/v1:Secret" } as any), false);
        });

        it("passes stack policies every resource with its parent, dependencies and config; a violation without URN names no resource", async () => {
            let args: StackValidationArgs | undefined;
            const probe: Policies = [
                {
                    name: "probe",
                    description: "records its arguments",
                    configSchema: { properties: { n: { type: "number", default: 1.5 } } },
                    validateStack: (a, report) => {
                        args = a;
                        const ms = a.resources.find((r) => r.name === "llm-d-pd-ms")!;
                        report("stack-wide");
                        report("on ms", ms.urn);
                    },
                },
            ];
            const vs = await evaluatePolicies(resources, {}, probe);
            assert.deepStrictEqual(vs, [
                { policy: "probe", level: "advisory", resource: null, message: "stack-wide" },
                { policy: "probe", level: "advisory", resource: "llm-d-pd-ms", message: "on ms" },
            ]);
            assert.ok(args);
            assert.strictEqual(args!.resources.length, resources.length);
            assert.deepStrictEqual(args!.getConfig(), { n: 1.5 });
            const ms = args!.resources.find((r) => r.name === "llm-d-pd-ms")!;
            assert.strictEqual(ms.parent?.type, "pdstack:index:PDStack");
            assert.strictEqual(ms.parent?.props.hardware, "xpu");
            const recorded = resources.find((r) => r.name === "llm-d-pd-ms")!;
            assert.ok(recorded.dependencyUrns.length > 0, "the modelservice release depends on something");
            assert.deepStrictEqual(ms.dependencies.map((d) => d.urn).sort(), [...recorded.dependencyUrns].sort());
            assert.ok(ms.dependencies.some((d) => d.name === "llm-d-pd-namespace"), "linked to the resources themselves");
            assert.deepStrictEqual(ms.propertyDependencies, {});
            assert.strictEqual(ms.provider, undefined);
            assert.strictEqual(ms.isType({ __pulumiType: "kubernetes:helm.sh/v3:Release" } as any), true);
        });

        it("honours enforcement levels from the config: advisory does not block, disabled does not run", async () => {
            const over = structuredClone(resources);
            const v: any = over.find((r) => r.name === "llm-d-pd-ms")!.inputs;
            v.values.prefill.replicas = 10;
            let vs = await evaluatePolicies(over);
            assert.deepStrictEqual(vs.map((x) => [x.policy, x.level]), [["pd-accelerator-budget", "mandatory"]]);
            assert.ok(hasMandatoryViolation(vs));
            vs = await evaluatePolicies(over, { "pd-accelerator-budget": "advisory" });
            assert.deepStrictEqual(vs.map((x) => [x.policy, x.level]), [["pd-accelerator-budget", "advisory"]]);
            assert.ok(!hasMandatoryViolation(vs));
            assert.deepStrictEqual(await evaluatePolicies(over, { "pd-accelerator-budget": { enforcementLevel: "disabled" } }), []);
        });

        it("runs policies written with @pulumi/policy's typed helpers", async () => {
            const policy = await import("@pulumi/policy");
            const k8s = await import("@pulumi/kubernetes");
            const typed: Policies = [
                {
                    name: "typed-release",
                    description: "validateResourceOfType",
                    enforcementLevel: "mandatory",
                    validateResource: policy.validateResourceOfType(k8s.helm.v3.Release, (release, _args, report) => {
                        report(`release ${release.name} chart ${release.chart}`);
                    }),
                },
                {
                    name: "typed-namespaces",
                    description: "validateStackResourcesOfType",
                    enforcementLevel: "advisory",
                    validateStack: policy.validateStackResourcesOfType(k8s.core.v1.Namespace, (namespaces, _args, report) => {
                        report(`namespaces: ${namespaces.map((n) => n.metadata?.name).join(",")}`);
                    }),
                },
            ];
            const vs = await evaluatePolicies(resources, {}, typed);
            assert.deepStrictEqual(
                vs.map((v) => v.message),
                ["release infra-pd chart llm-d-infra", "release gaie-pd chart oci://registry.k8s.io/gateway-api-inference-extension/charts/inferencepool", "release ms-pd chart llm-d-modelservice", "namespaces: llm-d-pd"],
            );
        });
    });

    describe("through the plan (npm run plan)", () => {
        it("rejects an invalid --policy-config before running the program", async () => {
            const file = writePolicyConfig({ "pd-accelerator-budget": { maxAccelerators: -1 } });
            await assert.rejects(runPlan({ stack: "xpu", json: true, policyConfig: file }), /policy config "pd-accelerator-budget"\.maxAccelerators: must be >= 1, got -1/);
        });

        it("a shipped stack plans with exit 0 and no violations", async () => {
            const run = await planInProcess("--stack", "xpu");
            assert.strictEqual(run.status, 0, run.stderr);
            assert.match(run.stdout, /^Policy violations: none$/m);
        });

        it("an accelerator total above the budget fails pd-accelerator-budget with exit 3; --policy-config raising the budget passes", async () => {
            const file = writeStackFile("big", { hardware: "h200-ib", prefill: { replicas: 8 } });
            const run = await planInProcess("--stack", "big", "--config-file", file);
            assert.strictEqual(run.status, 3, run.stderr);
            assert.match(run.stdout, /^Policy violations: 1$/m);
            assert.match(
                run.stdout,
                /^ {2}\[mandatory\] pd-accelerator-budget: the deployment takes 12 accelerators \(prefill 8 × 1 \+ decode 1 × 4 = 12\), above the budget of 8: /m,
            );
            const raised = await planInProcess("--stack", "big", "--config-file", file, "--json", "--policy-config", writePolicyConfig({ "pd-accelerator-budget": { maxAccelerators: 16 } }));
            assert.strictEqual(raised.status, 0, raised.stderr);
            assert.deepStrictEqual(raised.json().violations, []);
        });
    });
});
