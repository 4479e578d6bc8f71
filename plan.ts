/**
 * The offline plan: runs the real program under Pulumi mocks with a stack's config, and prints
 * what `pulumi up` would create (resource tree, each release's values, outputs).
 *
 *   npm run plan -- --stack <name> [--json] [--config-file <path>] [--policy-config <file>]
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
import { evaluatePolicies, hasMandatoryViolation, readPolicyConfigFile, resolvePolicyConfig } from "./plan/policyEvaluator";
import { Plan, planToJson, planToText } from "./plan/render";
import { ResourceRecorder, resolveOutput } from "./plan/recorder";
import { loadStackConfig } from "./plan/stackConfig";

interface PlanOptions {
    stack: string;
    json: boolean;
    configFile?: string;
    /** A `--policy-pack-config` JSON file for the policies. */
    policyConfig?: string;
}

/** Exit code when a mandatory policy is violated. */
export const EXIT_MANDATORY_VIOLATION = 3;

const USAGE =
    "usage: npm run plan -- --stack <name> [--json] [--config-file <Pulumi.<stack>.yaml path>] [--policy-config <policy pack config JSON>]";

class UsageError extends Error {}

function parseArgs(argv: string[]): PlanOptions {
    const opts: Partial<PlanOptions> = { json: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) {
                throw new UsageError(`${arg} needs a value\n${USAGE}`);
            }
            return v;
        };
        if (arg === "--stack" || arg === "-s") {
            opts.stack = value();
        } else if (arg === "--json") {
            opts.json = true;
        } else if (arg === "--config-file") {
            opts.configFile = path.resolve(value());
        } else if (arg === "--policy-config") {
            opts.policyConfig = path.resolve(value());
        } else {
            throw new UsageError(`unknown argument ${arg}\n${USAGE}`);
        }
    }
    if (!opts.stack) {
        throw new UsageError(`--stack is required\n${USAGE}`);
    }
    return opts as PlanOptions;
}

/** Runs the program of `projectDir` for one stack under mocks and returns the plan. */
export async function runPlan(opts: PlanOptions, projectDir = __dirname): Promise<Plan> {
    const config = loadStackConfig(projectDir, opts.stack, opts.configFile);
    const policyConfig = opts.policyConfig ? readPolicyConfigFile(opts.policyConfig) : {};
    resolvePolicyConfig(policyConfig);
    const recorder = await ResourceRecorder.install(config.project, opts.stack);
    const pulumi = await import("@pulumi/pulumi");
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    const program: Record<string, unknown> = await import(path.join(projectDir, "index"));
    const resources = await recorder.settle();
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(program)) {
        outputs[k] = await resolveOutput(v);
    }
    const violations = await evaluatePolicies(resources, policyConfig);
    return { stack: opts.stack, resources, outputs, violations, notes: config.notes };
}

async function main(): Promise<number> {
    let opts: PlanOptions;
    try {
        opts = parseArgs(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
        return 2;
    }
    let plan: Plan;
    try {
        plan = await runPlan(opts);
    } catch (e) {
        process.stderr.write(`plan failed for stack ${opts.stack}: ${(e as Error).message}\n`);
        return 1;
    }
    process.stdout.write(opts.json ? `${JSON.stringify(planToJson(plan), null, 2)}\n` : planToText(plan));
    return hasMandatoryViolation(plan.violations) ? EXIT_MANDATORY_VIOLATION : 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`${(e as Error).stack ?? e}\n`);
            process.exit(1);
        },
    );
}
