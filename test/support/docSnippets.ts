/**
 * The fenced blocks of the user docs (README.md, docs/**.md) and what runs each: the info string after
 * the opening fence says (docs/contributing.md, "Snippets"). A block whose info string is not one of
 * {@link SNIPPET_KINDS} has no runner, and the snippet test fails on it.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PROJECT_DIR } from "./planCli";

/** Info string → what the tests do with the block. */
export const SNIPPET_KINDS = {
    /** Every line runs offline in the unit suite (`npm run plan|smoke|docs`), or names a package script or file. */
    sh: "commands",
    /** Needs the Pulumi CLI: run by test/e2e/docs.e2e.ts with the real CLI and the test API server; checked statically in the unit suite. */
    "sh e2e": "e2e",
    /** kubectl, helm and Pulumi CLI lines on a deployed stack: run by test/e2e/clusterDocs.e2e.ts on the test API server; checked statically in the unit suite. */
    "sh cluster": "cluster",
    /** `--render --charts ./charts` and `helm package`: run by test/docs/charts.test.ts with the real helm on stand-in charts; checked statically too. */
    "sh charts": "charts",
    /** Needs what no test here has (GPUs and running pods, an operator's objects, the network, the Pulumi service): checked statically only. */
    "sh live": "live",
    /** TypeScript: type-checked against the built package and run under Pulumi mocks. */
    ts: "typescript",
    /** A whole stack file (first line `# Pulumi.<stack>.yaml`): planned offline. */
    "yaml stack": "stack",
    /** A policy config: given to the offline plan with --policy-config. */
    "json policy-config": "policy-config",
    /** Output or a message shown, not a command: must hold no command line. */
    text: "text",
} as const;

export type SnippetKind = (typeof SNIPPET_KINDS)[keyof typeof SNIPPET_KINDS];

export interface Snippet {
    /** Path from the project folder. */
    file: string;
    /** 1-based line of the opening fence. */
    line: number;
    /** The info string after the opening fence, whitespace collapsed (`sh e2e`). */
    info: string;
    /** The block's content, its indentation removed. */
    text: string;
    /** Undefined when the info string names no runner. */
    kind?: SnippetKind;
}

/** README.md and every Markdown file under docs/, in a stable order. */
export function userDocFiles(): string[] {
    const files = ["README.md"];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const rel = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                walk(rel);
            } else if (entry.name.endsWith(".md")) {
                files.push(rel);
            }
        }
    };
    walk("docs");
    return files;
}

/** The fenced (```) blocks of a Markdown text, also those indented in a list item. */
export function fencedBlocks(markdown: string, file: string): Snippet[] {
    const lines = markdown.split("\n");
    const out: Snippet[] = [];
    for (let i = 0; i < lines.length; i++) {
        const open = /^( *)```(.*)$/.exec(lines[i]);
        if (!open) {
            continue;
        }
        const indent = open[1];
        const info = open[2].trim().replace(/\s+/g, " ");
        const body: string[] = [];
        let j = i + 1;
        while (j < lines.length && !new RegExp(`^${indent}\`\`\`\\s*$`).test(lines[j])) {
            body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
            j++;
        }
        if (j >= lines.length) {
            throw new Error(`${file}:${i + 1}: a code block is never closed`);
        }
        const kind = (SNIPPET_KINDS as Record<string, SnippetKind>)[info];
        out.push({ file, line: i + 1, info, text: body.join("\n"), ...(kind ? { kind } : {}) });
        i = j;
    }
    return out;
}

/** Every fenced block of the user docs. */
export function userDocSnippets(): Snippet[] {
    return userDocFiles().flatMap((f) => fencedBlocks(fs.readFileSync(path.join(PROJECT_DIR, f), "utf8"), f));
}

/** The command lines of a shell block: comments and blank lines dropped, a trailing `# comment` cut. */
export function commandLines(text: string): string[] {
    return text
        .split("\n")
        .map((l) => l.replace(/\s+#\s.*$/, "").trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
}

/** The arguments after `npm run <script> --` of a line (split on blanks; the docs quote nothing there). */
export function npmRunArgs(line: string, script: string): string[] | undefined {
    const m = new RegExp(`(?:^|\\s)npm run ${script}(?: -- (.*))?$`).exec(line);
    return m ? (m[1] ?? "").split(/\s+/).filter(Boolean) : undefined;
}

/** The arguments of a `npx pdstack plan <args>` line (the package's bin, for JSON on stdout). */
export function pdstackPlanArgs(line: string): string[] | undefined {
    const m = /^npx pdstack plan(?: (.*))?$/.exec(line);
    return m ? (m[1] ?? "").split(/\s+/).filter(Boolean) : undefined;
}

/** The plan arguments of a line that runs the plan (`npm run plan -- ...` or `npx pdstack plan ...`). */
export function planArgsOf(line: string): string[] | undefined {
    return pdstackPlanArgs(line) ?? npmRunArgs(line, "plan");
}

/** The stack outputs the program exports (`export const <name>` of index.ts). */
export function programOutputNames(): string[] {
    const source = fs.readFileSync(path.join(PROJECT_DIR, "index.ts"), "utf8");
    return [...source.matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
}

/** The keys Pulumi.yaml declares (without the project's namespace). */
export function declaredConfigKeys(): string[] {
    const project = parseYaml(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as { config?: Record<string, unknown> };
    return Object.keys(project.config ?? {});
}

/**
 * What a line of a `sh e2e`, `sh cluster` or `sh live` block refers to that the code must have: each `pulumi stack
 * output <name>` an output the program exports, each `pulumi config set <key>` a declared key (or
 * another namespace's, `kubernetes:context`). Returns the problems, empty when there are none.
 */
export function staticProblems(line: string): string[] {
    const problems: string[] = [];
    const outputs = programOutputNames();
    for (const [, name] of line.matchAll(/pulumi stack output (\w+)/g)) {
        if (!outputs.includes(name)) {
            problems.push(`stack output ${name} is not exported by index.ts (it exports ${outputs.join(", ")})`);
        }
    }
    const set = /^pulumi config set (?:--secret |--path )*(\S+)/.exec(line);
    if (set) {
        const key = set[1].replace(/^'|'$/g, "").split(/[.[]/)[0];
        const bare = key.startsWith("llm-d-pd:") ? key.slice("llm-d-pd:".length) : key;
        if (!bare.includes(":") && !declaredConfigKeys().includes(bare)) {
            problems.push(`config key ${bare} is not declared in Pulumi.yaml`);
        }
    }
    return problems;
}
