/**
 * The offline plan: runs the real program under Pulumi mocks with a stack's config, and prints
 * what `pulumi up` would create (resource tree, each release's values, outputs).
 *
 *   npm run plan -- --stack <name> [--json] [--config-file <path>] [--policy-config <file>] [--render [--charts <dir>]]
 *
 * Every policy of the `llm-d-pd` pack (policy/) runs on the planned resources; the plan lists the
 * violations. `--policy-config` takes the JSON of `pulumi up --policy-pack-config` (keyed by policy
 * name, e.g. `{"pd-accelerator-budget": {"maxAccelerators": 16}}`).
 *
 * Exit codes: 0 on success (advisory violations included); 1 on invalid config (stack or policy) or a
 * program error (message on stderr, nothing on stdout); 2 on bad arguments; 3 when a mandatory policy
 * is violated (the plan, with its violations, is still printed on stdout).
 */
import * as path from "path";
import { parseArgs } from "node:util";
import type { Plan } from "./plan/index";

// The modules that plan load when a plan is made, so that --help and bad arguments answer at once.
const planModules = async () => ({ pulumi: await import("@pulumi/pulumi"), plan: await import("./plan/index") });

export interface PlanOptions {
    stack: string;
    json: boolean;
    configFile?: string;
    /** A `--policy-pack-config` JSON file for the policies. */
    policyConfig?: string;
    /** Render every Helm release with the real helm and check the install's objects (render/). */
    render?: boolean;
    /** With `render`: the charts on disk instead of pulling them. */
    chartsDir?: string;
}

/** Exit code when a mandatory policy is violated. */
export const EXIT_MANDATORY_VIOLATION = 3;
/** Exit code on bad arguments. */
export const EXIT_USAGE = 2;

const SYNOPSIS = "npm run plan -- --stack <name> [--json] [--config-file <file>] [--policy-config <file>] [--render [--charts <dir>]]";

const HELP = `usage: ${SYNOPSIS}

Plans what \`pulumi up\` would do for a stack, offline: runs the program under Pulumi mocks with the
stack's config (checked as the Pulumi CLI checks it) and prints the resources, each Helm release's
values, the outputs, notes, and the violations of the llm-d-pd policy pack.

  -s, --stack <name>        the stack: reads Pulumi.<name>.yaml
      --json                print one JSON document instead of text
      --config-file <file>  read this stack file instead of Pulumi.<name>.yaml (pulumi --config-file)
      --policy-config <file>  policy pack config JSON, as pulumi up --policy-pack-config takes
      --render              also render every Helm release with helm template and list every
                            Kubernetes object of the install, checked against the Kubernetes schema
                            and for wiring (docs/render.md); pulls each chart from its repository
      --charts <dir>        with --render: read the charts from <dir> (<chart>-<version>.tgz or a
                            chart folder), offline
  -h, --help                print this help

Exit codes: 0 planned; 1 invalid stack or policy config, or the program failed (reason on stderr,
nothing on stdout); 2 bad arguments; 3 a mandatory policy is violated (the plan is still printed).
`;

/** Bad command-line arguments: one line, exit 2. */
class UsageError extends Error {}

/** The options of a command line, or "help". */
export function parseOptions(argv: string[]): PlanOptions | "help" {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s" },
                json: { type: "boolean" },
                "config-file": { type: "string" },
                "policy-config": { type: "string" },
                render: { type: "boolean" },
                charts: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }).values;
    } catch (e) {
        throw new UsageError((e as Error).message.split("\n")[0]);
    }
    if (parsed.help) {
        return "help";
    }
    if (!parsed.stack) {
        throw new UsageError("--stack is required");
    }
    if (parsed.charts !== undefined && !parsed.render) {
        throw new UsageError("--charts needs --render");
    }
    return {
        stack: parsed.stack,
        json: parsed.json ?? false,
        ...(parsed["config-file"] ? { configFile: path.resolve(parsed["config-file"]) } : {}),
        ...(parsed["policy-config"] ? { policyConfig: path.resolve(parsed["policy-config"]) } : {}),
        ...(parsed.render ? { render: true } : {}),
        ...(parsed.charts !== undefined ? { chartsDir: path.resolve(parsed.charts) } : {}),
    };
}

/** Runs the program of `projectDir` for one stack under mocks and returns the plan. */
export async function runPlan(opts: PlanOptions, projectDir = __dirname): Promise<Plan> {
    const { pulumi, plan } = await planModules();
    const config = plan.loadStackConfig(projectDir, opts.stack, opts.configFile);
    const policyConfig = opts.policyConfig ? plan.readPolicyConfigFile(opts.policyConfig) : {};
    plan.resolvePolicyConfig(policyConfig);
    const recorder = await plan.ResourceRecorder.install(config.project, opts.stack);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    const program: Record<string, unknown> = await import(path.join(projectDir, "index"));
    const resources = await recorder.settle();
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(program)) {
        outputs[k] = await plan.resolveOutput(v);
    }
    const violations = await plan.evaluatePolicies(resources, policyConfig);
    const planned: Plan = { stack: opts.stack, resources, outputs, violations, notes: config.notes };
    if (opts.render) {
        // Loaded only here: a plan without --render loads no render code.
        const rendered = await (await import("./render")).renderPlan(resources, { chartsDir: opts.chartsDir, policyConfig });
        planned.objects = rendered.objects;
        planned.violations.push(...rendered.violations);
        planned.notes.push(...rendered.notes);
    }
    return planned;
}

/** What the user reads when the plan cannot be made: the input error as it is, anything else on one line. */
async function failureMessage(stack: string, e: unknown): Promise<string> {
    const { pulumi, plan } = await planModules();
    if (pulumi.RunError.isInstance(e as Error)) {
        return (e as Error).message;
    }
    if (e instanceof plan.PolicyConfigError) {
        return `invalid policy configuration:\n  ${e.message}`;
    }
    return `plan failed for stack ${stack}: ${String((e as Error)?.message ?? e).split("\n")[0]}`;
}

async function main(): Promise<number> {
    let opts: PlanOptions | "help";
    try {
        opts = parseOptions(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`invalid arguments: ${(e as Error).message} (usage: ${SYNOPSIS}; --help for more)\n`);
        return EXIT_USAGE;
    }
    if (opts === "help") {
        process.stdout.write(HELP);
        return 0;
    }
    let plan: Plan;
    try {
        plan = await runPlan(opts);
    } catch (e) {
        process.stderr.write(`${await failureMessage(opts.stack, e)}\n`);
        return 1;
    }
    const modules = (await planModules()).plan;
    process.stdout.write(opts.json ? `${JSON.stringify(modules.planToJson(plan), null, 2)}\n` : modules.planToText(plan));
    return modules.hasMandatoryViolation(plan.violations) ? EXIT_MANDATORY_VIOLATION : 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`plan failed: ${String((e as Error)?.message ?? e).split("\n")[0]}\n`);
            process.exit(1);
        },
    );
}
