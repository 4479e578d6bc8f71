/**
 * One command line of the docs (test/support/docSnippets.ts), run as a user runs it against the test
 * cluster: the Pulumi CLI of the e2e toolchain, and the real kubectl and helm (the ones the plan uses:
 * render/tools.ts) with the cluster's kubeconfig. `<token>` becomes a dummy token; runs that would ask
 * (`up`, `refresh`, `destroy`) get `--yes`; relative paths (`policy`, `docs/...`) are the repository's.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { locateTool, ToolName } from "../../../render/tools";
import { PROJECT_DIR } from "../../support/planCli";
import { PulumiWorkspace } from "./pulumi";

export const DOC_TOKEN = "hf_e2e_docs_not_a_real_token";
/** The namespaces the docs' stacks deploy to (the default install namespace; KEDA's with `installKeda`): gone before the next stack comes up. */
export const DOC_NAMESPACES = ["llm-d-pd", "keda"];
const PLACEHOLDERS: Readonly<Record<string, string>> = { "<token>": DOC_TOKEN };

/** Only a hung kubectl or helm reaches it. */
const TOOL_LIMIT_MS = 120_000;

/** The words of a line, placeholders filled (also inside a word: `--from-literal=HF_TOKEN=<token>`), repository paths made absolute. */
export function docWords(line: string): string[] {
    return line
        .split(/\s+/)
        .map((w) => Object.entries(PLACEHOLDERS).reduce((acc, [k, v]) => acc.split(k).join(v), w))
        .map((w) => (w === "policy" || w.startsWith("docs/") ? path.join(PROJECT_DIR, w) : w));
}

/** What a Pulumi line did, for the caller's clean-up; undefined when the line is not one this runs. */
export type PulumiStep = "login" | "stack" | "config" | "up" | "preview" | "output" | "refresh" | "destroy";

/** Runs a `pulumi ...` line of the docs in the workspace (its selected stack); fails unless it exits 0. */
export async function runPulumiLine(ws: PulumiWorkspace, line: string): Promise<PulumiStep | undefined> {
    const w = docWords(line);
    if (/^pulumi login\b/.test(line)) {
        return "login"; // the workspace's file backend (PULUMI_BACKEND_URL)
    } else if (/^pulumi stack (init|select)\b/.test(line)) {
        await ws.ok(w.slice(1));
        return "stack";
    } else if (/^pulumi config set\b/.test(line)) {
        await ws.ok(w.slice(1));
        return "config";
    } else if (/^pulumi up\b/.test(line)) {
        const r = await ws.ok([...w.slice(1), "--yes", "--skip-preview"]);
        assert.doesNotMatch(r.output, new RegExp(DOC_TOKEN), "the token leaked into the output");
        return "up";
    } else if (/^pulumi preview\b/.test(line)) {
        await ws.ok(w.slice(1));
        return "preview";
    } else if (/^pulumi stack output \w+$/.test(line)) {
        const r = await ws.ok(w.slice(1));
        assert.ok(r.stdout.trim() !== "", `${line}: empty`);
        return "output";
    } else if (/^pulumi refresh\b/.test(line)) {
        await ws.ok([...w.slice(1), "--yes"]);
        return "refresh";
    } else if (/^pulumi destroy\b/.test(line)) {
        await ws.ok([...w.slice(1), "--yes"]);
        return "destroy";
    }
    return undefined;
}

export interface ToolRun {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs kubectl or helm with these arguments against the cluster of `kubeconfig`, its caches in `home`. */
export async function runTool(name: ToolName, args: string[], kubeconfig: string, home: string, input?: string): Promise<ToolRun> {
    const tool = await locateTool(name);
    fs.mkdirSync(home, { recursive: true });
    const r = spawnSync(tool.path, args, {
        encoding: "utf8",
        input,
        timeout: TOOL_LIMIT_MS,
        // HOME: kubectl's discovery cache and helm's config and cache stay in the test's folder.
        env: { PATH: process.env.PATH ?? "", HOME: home, KUBECONFIG: kubeconfig, NO_COLOR: "1" },
    });
    return { status: r.status, stdout: r.stdout ?? "", stderr: `${r.stderr ?? ""}${r.error ? r.error.message : ""}` };
}

/** The objects a `kubectl get|describe <kind> NAME...` line names (its words that are neither flags nor flag values). */
export function namedObjects(words: string[]): string[] {
    const valued = new Set(["-n", "--namespace", "-o", "--output", "-l", "--selector"]);
    return words.slice(3).filter((w, i, rest) => !w.startsWith("-") && !valued.has(i === 0 ? words[2] : rest[i - 1]));
}

/**
 * Runs a `kubectl` or `helm` line of the docs; fails unless it exits 0. A `kubectl get` must print every
 * object it names; one with a label selector must list at least one object (the controllers create pods
 * from the Deployments a moment after `pulumi up`: it is retried, bounded, until they are there).
 */
export async function runKubeLine(line: string, kubeconfig: string, home: string): Promise<boolean> {
    const w = docWords(line);
    if (w[0] !== "kubectl" && w[0] !== "helm") {
        return false;
    }
    const selector = w[0] === "kubectl" && w[1] === "get" && (w.includes("-l") || w.includes("--selector"));
    const deadline = Date.now() + (selector ? TOOL_LIMIT_MS : 0);
    let r = await runTool(w[0], w.slice(1), kubeconfig, home);
    while (selector && r.status === 0 && r.stdout.trim() === "" && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 1000));
        r = await runTool(w[0], w.slice(1), kubeconfig, home);
    }
    assert.strictEqual(r.status, 0, `${line}\n${r.stdout}\n${r.stderr}`);
    if (w[0] === "kubectl" && (w[1] === "get" || w[1] === "describe")) {
        for (const name of namedObjects(w)) {
            assert.match(r.stdout, new RegExp(`(^|[\\s/])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s|$)`, "m"), `${line}: ${name} is not in the output:\n${r.stdout}`);
        }
        if (selector) {
            assert.notStrictEqual(r.stdout.trim(), "", `${line}: the selector matches nothing\n${r.stderr}`);
        }
    }
    return true;
}
