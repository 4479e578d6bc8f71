/**
 * Shared setup of the policy tests: what the real PDStack registers under mocks (recorded once per
 * hardware), deep copies mutated per test the way a program's transformation would change them, and
 * the policies run through `evaluatePolicies` as the plan runs them.
 */
import * as assert from "assert";
import type { PDStack as PDStackClass } from "../../components/pdstack/pdStack";
import type { PDStackArgs } from "../../components/pdstack/args";
import { PlannedResource, ResourceRecorder } from "../../plan/recorder";
import { evaluatePolicies, PolicyViolation } from "../../plan/policyEvaluator";
import { loadStackConfig } from "../../plan/stackConfig";
import { readRawConfig } from "../../program/config";
import { PROJECT_DIR } from "./planCli";

export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const TOKEN = "hf_TestTokenThatMustNeverAppearInPlainText0123";
/** A token-shaped string that is not the one PDStack is given. */
export const LEAKED = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

type Args = Partial<PDStackArgs> & { hardware: string };

let PDStack: typeof PDStackClass | undefined;

/** The PDStack class, imported once the mocks are set. */
async function pdStackClass(): Promise<typeof PDStackClass> {
    if (!PDStack) {
        await ResourceRecorder.install();
        PDStack = (await import("../../components/pdstack/pdStack")).PDStack;
    }
    return PDStack;
}

/** What one PDStack named "llm-d-pd" (and any `more`) registers under fresh mocks. */
export async function record(args: Args, ...more: (Args & { name: string })[]): Promise<PlannedResource[]> {
    const cls = await pdStackClass();
    const recorder = await ResourceRecorder.install();
    new cls("llm-d-pd", { hfToken: TOKEN, ...args } as PDStackArgs);
    for (const { name, ...rest } of more) {
        new cls(name, { hfToken: TOKEN, ...rest } as PDStackArgs);
    }
    return structuredClone(await recorder.settle());
}

/** What the program of a shipped stack registers: its stack config read as `index.ts` reads it. */
export async function recordShippedStack(stack: string): Promise<PlannedResource[]> {
    const cls = await pdStackClass();
    const config = loadStackConfig(PROJECT_DIR, stack);
    const recorder = await ResourceRecorder.install(config.project, stack);
    new cls("llm-d-pd", { ...(readRawConfig(config.values) as any), hfToken: TOKEN });
    return structuredClone(await recorder.settle());
}

/** The resources of PDStack's defaults on each hardware, recorded once per test process. */
export interface Recorded {
    xpu: PlannedResource[];
    h200: PlannedResource[];
    gke: PlannedResource[];
}

let recorded: Promise<Recorded> | undefined;

export function recordEachHardware(): Promise<Recorded> {
    recorded ??= (async () => ({
        xpu: await record({ hardware: "xpu" }),
        h200: await record({ hardware: "h200-ib", benchmarking: true }),
        gke: await record({ hardware: "gke" }),
    }))();
    return recorded;
}

export const isChart = (r: PlannedResource, chart: string) => r.type === RELEASE && String((r.inputs as any).chart).endsWith(chart);

export function find(rs: PlannedResource[], pred: (r: PlannedResource) => boolean): any {
    const r = rs.find(pred);
    assert.ok(r, "resource not found");
    return r;
}

export const ms = (rs: PlannedResource[]) => find(rs, (r) => isChart(r, "llm-d-modelservice"));
export const msValues = (rs: PlannedResource[]) => ms(rs).inputs.values;
export const gaie = (rs: PlannedResource[]) => find(rs, (r) => isChart(r, "inferencepool"));
export const infra = (rs: PlannedResource[]) => find(rs, (r) => isChart(r, "llm-d-infra"));
export const ofType = (rs: PlannedResource[], type: string) => find(rs, (r) => r.type === type);
export const vllm = (rs: PlannedResource[], role: "prefill" | "decode") => msValues(rs)[role].containers[0];

/** A deep copy of `base`, changed by `change` (what a transformation in the user's program does). */
export function mutate(base: PlannedResource[], change: (rs: PlannedResource[]) => void): PlannedResource[] {
    const copy = structuredClone(base);
    change(copy);
    return copy;
}

/** Sets `flag value` in a container's args, replacing the value when the flag is there. */
export function setArg(c: any, flag: string, value: string): void {
    const i = c.args.indexOf(flag);
    if (i >= 0) {
        c.args[i + 1] = value;
    } else {
        c.args.push(flag, value);
    }
}

export async function violations(rs: PlannedResource[], policy?: string, config?: Record<string, unknown>): Promise<PolicyViolation[]> {
    const all = await evaluatePolicies(rs, config);
    return policy ? all.filter((v) => v.policy === policy) : all;
}

/** The messages of one policy, asserting they all are mandatory. */
export async function mandatory(rs: PlannedResource[], policy: string, config?: Record<string, unknown>): Promise<string[]> {
    const vs = await violations(rs, policy, config);
    for (const v of vs) {
        assert.strictEqual(v.level, "mandatory", v.message);
    }
    return vs.map((v) => v.message);
}

/** Asserts exactly one message, matching every pattern. */
export function one(messages: string[], ...patterns: (RegExp | string)[]): string {
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
