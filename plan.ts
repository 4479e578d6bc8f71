/**
 * The offline plan: runs the real program under Pulumi mocks with a stack's config, and prints
 * what `pulumi up` would create (resource tree, each release's values, outputs).
 *
 *   npm run plan -- --stack <name> [--stack <name> ...] [--json] [--config-file <path>] [--policy-config <file>] [--render [--charts <dir>]]
 *   npx pdstack plan --stack <name> --json     (stdout: exactly the JSON document; see docs/performance.md)
 *
 * Every policy of the `llm-d-pd` pack (policy/) runs on the planned resources; the plan lists the
 * violations. `--policy-config` takes the JSON of `pulumi up --policy-pack-config` (keyed by policy
 * name, e.g. `{"pd-accelerator-budget": {"maxAccelerators": 16}}`).
 *
 * Exit codes: 0 on success (advisory violations included); 1 on invalid config (stack or policy) or a
 * program error (message on stderr, nothing on stdout); 2 on bad arguments; 3 when a mandatory policy
 * is violated (the plan, with its violations, is still printed on stdout). With several stacks, each
 * is planned in turn in isolation (fresh mocks, its own config, the program run anew) and the exit code
 * is the worst of theirs.
 *
 * {@link planCommand} is the whole command as a function (arguments in, stdout, stderr and exit code
 * out): the CLI below and the tests call the same function.
 */
import * as path from "path";
import { parseArgs } from "node:util";
import type { Plan } from "./plan/index";

// The modules that plan load when a plan is made, so that --help and bad arguments answer at once.
const planModules = async () => ({ pulumi: await import("@pulumi/pulumi"), plan: await import("./plan/index") });

/** One stack's plan. */
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

/** A command line: one or more stacks, each planned with the same options. */
export interface CommandOptions extends Omit<PlanOptions, "stack"> {
    stacks: string[];
}

const SYNOPSIS = "npm run plan -- --stack <name> [--stack <name> ...] [--json] [--config-file <file>] [--policy-config <file>] [--render [--charts <dir>]]";

const HELP = `usage: ${SYNOPSIS}

Plans what \`pulumi up\` would do for a stack, offline: runs the program under Pulumi mocks with the
stack's config (checked as the Pulumi CLI checks it) and prints the resources, each Helm release's
values, the outputs, notes, and the violations of the llm-d-pd policy pack.

  -s, --stack <name>        the stack: reads Pulumi.<name>.yaml; repeat it to plan several stacks in
                            one run, each on its own, in the order given
      --json                print one JSON document instead of text (with several stacks: an array
                            of their plans, in the order given)
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
With several stacks: the worst of theirs (1 over 3 over 0); on 1, the reason of each stack that
failed on stderr and no plan on stdout.

For output a script reads (a CI gate), run it through npx: \`npm run\` prints its banner on stdout
before the plan. npx pdstack plan --stack <name> --json prints exactly one JSON document on stdout on
exit 0 and 3, nothing on 1 and 2.
`;

/** Bad command-line arguments: one line, exit 2. */
class UsageError extends Error {}

/** The options of a command line, or "help". */
export function parseOptions(argv: string[]): CommandOptions | "help" {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s", multiple: true },
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
    const stacks = parsed.stack ?? [];
    if (stacks.length === 0) {
        throw new UsageError("--stack is required");
    }
    const repeated = stacks.find((s, i) => stacks.indexOf(s) !== i);
    if (repeated !== undefined) {
        throw new UsageError(`--stack ${repeated} is given twice`);
    }
    if (parsed["config-file"] && stacks.length > 1) {
        throw new UsageError("--config-file is the file of one stack: give one --stack with it");
    }
    if (parsed.charts !== undefined && !parsed.render) {
        throw new UsageError("--charts needs --render");
    }
    return {
        stacks,
        json: parsed.json ?? false,
        ...(parsed["config-file"] ? { configFile: path.resolve(parsed["config-file"]) } : {}),
        ...(parsed["policy-config"] ? { policyConfig: path.resolve(parsed["policy-config"]) } : {}),
        ...(parsed.render ? { render: true } : {}),
        ...(parsed.charts !== undefined ? { chartsDir: path.resolve(parsed.charts) } : {}),
    };
}

/** The plan running in this process, if any: Pulumi's runtime state (mocks, config) is one per process. */
let planning: Promise<unknown> = Promise.resolve();

/**
 * Runs the program of `projectDir` for one stack under mocks and returns the plan. Each call stands
 * alone: fresh mocks (a new mock monitor, no stack resource), the stack's config in place of any
 * earlier one, and the program module run anew. Calls made while a plan runs wait for it: two plans
 * at once would share Pulumi's runtime state.
 */
export function runPlan(opts: PlanOptions, projectDir = __dirname): Promise<Plan> {
    const run = planning.then(() => planOnce(opts, projectDir));
    planning = run.catch(() => undefined);
    return run;
}

async function planOnce(opts: PlanOptions, projectDir: string): Promise<Plan> {
    const { pulumi, plan } = await planModules();
    const config = plan.loadStackConfig(projectDir, opts.stack, opts.configFile);
    const policyConfig = opts.policyConfig ? plan.readPolicyConfigFile(opts.policyConfig) : {};
    plan.resolvePolicyConfig(policyConfig);
    const recorder = await plan.ResourceRecorder.install(config.project, opts.stack);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    // The program registers its resources when its module runs: drop it from the module cache so
    // that a second plan in this process runs it again, with this plan's mocks and config.
    const programFile = require.resolve(path.join(projectDir, "index"));
    delete require.cache[programFile];
    const program: Record<string, unknown> = await import(programFile);
    const resources = await recorder.settle();
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(program)) {
        outputs[k] = await plan.resolveOutput(v);
    }
    const violations = await plan.evaluatePolicies(resources, policyConfig);
    const planned: Plan = { stack: opts.stack, resources, outputs, violations, notes: [...config.notes, ...plan.offlineReadNotes(recorder.reads)] };
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

/** What a command printed and how it ended. */
export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** The worst of several stacks' exit codes: no plan (1) is worse than a mandatory violation (3), which is worse than 0. */
export function worstExitCode(codes: number[]): number {
    const severity = (code: number) => [0, EXIT_MANDATORY_VIOLATION, 1].indexOf(code);
    return codes.reduce((worst, code) => (severity(code) > severity(worst) ? code : worst), 0);
}

/**
 * The whole `plan` command: parses `argv`, plans each stack in turn, and returns what goes to stdout
 * and stderr and the exit code. The CLI writes these out; the tests call this same function.
 */
export async function planCommand(argv: string[], projectDir = __dirname): Promise<CommandResult> {
    let opts: CommandOptions | "help";
    try {
        opts = parseOptions(argv);
    } catch (e) {
        return { code: EXIT_USAGE, stdout: "", stderr: `invalid arguments: ${(e as Error).message} (usage: ${SYNOPSIS}; --help for more)\n` };
    }
    if (opts === "help") {
        return { code: 0, stdout: HELP, stderr: "" };
    }
    const { stacks, ...common } = opts;
    const several = stacks.length > 1;
    const plans: Plan[] = [];
    let stderr = "";
    const codes: number[] = [];
    for (const stack of stacks) {
        let stackCode: number;
        try {
            const planned = await runPlan({ ...common, stack }, projectDir);
            plans.push(planned);
            stackCode = (await planModules()).plan.hasMandatoryViolation(planned.violations) ? EXIT_MANDATORY_VIOLATION : 0;
        } catch (e) {
            const message = await failureMessage(stack, e);
            stderr += several ? `stack ${stack}: ${message}\n` : `${message}\n`;
            stackCode = 1;
        }
        codes.push(stackCode);
    }
    const code = worstExitCode(codes);
    if (code === 1) {
        return { code, stdout: "", stderr };
    }
    const { planToJson, planToText } = (await planModules()).plan;
    let stdout: string;
    if (opts.json) {
        const doc = several ? plans.map(planToJson) : planToJson(plans[0]);
        stdout = `${JSON.stringify(doc, null, 2)}\n`;
    } else {
        stdout = plans.map(planToText).join("\n");
    }
    return { code, stdout, stderr };
}

/**
 * Writes a command's result to the process's stdout and stderr and sets its exit code. The process
 * ends on its own once both have drained: no process.exit(), which would cut output still queued for
 * a pipe (a plan larger than the pipe's buffer, read by a slower reader). A reader that goes away
 * (`| head`) ends the writing quietly.
 */
export function writeResult(result: CommandResult): void {
    process.exitCode = result.code;
    for (const stream of [process.stdout, process.stderr]) {
        stream.on("error", (e: NodeJS.ErrnoException) => {
            if (e.code !== "EPIPE") {
                throw e;
            }
        });
    }
    if (result.stderr) {
        process.stderr.write(result.stderr);
    }
    if (result.stdout) {
        process.stdout.write(result.stdout);
    }
}

/** The CLI: {@link planCommand} on these arguments, its result written out by {@link writeResult}. */
export async function cli(argv: string[]): Promise<void> {
    let result: CommandResult;
    try {
        result = await planCommand(argv);
    } catch (e) {
        result = { code: 1, stdout: "", stderr: `plan failed: ${String((e as Error)?.message ?? e).split("\n")[0]}\n` };
    }
    writeResult(result);
}

if (require.main === module) {
    void cli(process.argv.slice(2));
}
