/**
 * Builds the config a stack's program would get from `pulumi up`: `Pulumi.<stack>.yaml` overlaid
 * with Pulumi.yaml's declarations, checked by the CLI's own rules (./pulumiConfig), so that what the
 * CLI refuses the plan refuses, with the CLI's reason.
 *
 * Where the plan departs from `pulumi up`, it says so in a note: an encrypted value (which the plan
 * cannot decrypt) and a missing Hugging Face token (a fresh clone has none yet) are planned with a
 * placeholder secret. No note or error holds a value of the stack's config.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { needsHfToken, SET_EXISTING_HF_TOKEN_SECRET_COMMAND, SET_HF_TOKEN_COMMAND } from "../components/pdstack/hfToken";
import { PROJECT } from "../components/tokens";
import { InputError, printable } from "../components/validation";
import { isStringField } from "../program/config";
import { GoValue, GoYamlError, isGoMap, parseGoYaml } from "./goYaml";
import { ConfigValue, keyString, loadProjectConfig, mergeConfig, parseKey, PulumiConfigError, stackFileValue } from "./pulumiConfig";

/** What the plan puts in place of a secret it cannot decrypt or that the stack does not set. */
export const PLACEHOLDER_SECRET_VALUE = "plan-placeholder-secret";

export interface StackConfig {
    project: string;
    stack: string;
    /** Full keys (`llm-d-pd:hardware`) to string values, as the language host passes them. */
    values: Record<string, string>;
    /** Full keys whose values are secrets (the engine's `config.SecureKeys()`). */
    secretKeys: string[];
    /** What the plan did that `pulumi up` would not (placeholders for secrets). */
    notes: string[];
}

/** Bad stack config, or a stack file that cannot be read: `invalid stack configuration:` and the reason. */
function configError(lines: string[]): InputError {
    return InputError.of("stack configuration", lines);
}

function readYaml(file: string): unknown {
    try {
        return YAML.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw configError([`cannot read ${file}: ${(e as Error).message.split("\n")[0]}`]);
    }
}

function stacksIn(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
        .map((f) => f.slice("Pulumi.".length, -".yaml".length));
}

/** The fields of a stack file (`workspace.ProjectStack`); pulumi ignores any other top-level key. */
const STACK_FILE_FIELDS = ["secretsprovider", "encryptedkey", "encryptionsalt", "config", "environment"];

/** A stack file as go-yaml v3 reads it (./goYaml). */
function readStackYaml(file: string): GoValue {
    try {
        return parseGoYaml(fs.readFileSync(file, "utf8"));
    } catch (e) {
        const reason = e instanceof GoYamlError ? e.message : (e as Error).message.split("\n")[0];
        throw configError([`cannot read ${file}: ${printable(reason, 200)}`]);
    }
}

/**
 * The `config:` of a stack file as the CLI holds it, keyed by full key: a key without a namespace is
 * in the project's (`stackConfigNamespacedWithProject`, loaders.go), `<ns>:config:<name>` is
 * `<ns>:<name>` (`config.ParseKey`). Two spellings of one key (`hardware`, `llm-d-pd:hardware`,
 * `llm-d-pd:config:hardware`) are refused: pulumi keeps one of them, whichever a Go map visits last,
 * so the stack would deploy one value or the other at random.
 */
function readStackFile(file: string, projectName: string, declaredKeys: string[]): { config: Map<string, ConfigValue>; usesEnvironment: boolean } {
    const doc = readStackYaml(file) ?? {};
    if (!isGoMap(doc)) {
        throw configError([`${file}: must be a map with a config: key`]);
    }
    const misplaced = Object.keys(doc).filter((k) => !STACK_FILE_FIELDS.includes(k) && declaredKeys.includes(k.replace(new RegExp(`^${projectName}:(config:)?`), "")));
    if (misplaced.length > 0) {
        throw configError(
            misplaced.map((k) => {
                const name = k.replace(new RegExp(`^${projectName}:(config:)?`), "");
                return `${printable(k)}: is at the top level of ${path.basename(file)}, where pulumi ignores it: put it under config:, as ${projectName}:${name}`;
            }),
        );
    }
    const { config = {}, environment } = doc;
    if (config !== null && !isGoMap(config)) {
        throw configError([`${file}: config: must be a map of <namespace>:<name> keys`]);
    }
    const spellings = new Map<string, string[]>();
    const out = new Map<string, ConfigValue>();
    for (const [rawKey, value] of Object.entries(config ?? {})) {
        const key = keyString(parseKey(rawKey.includes(":") ? rawKey : `${projectName}:${rawKey}`));
        spellings.set(key, [...(spellings.get(key) ?? []), rawKey]);
        out.set(key, stackFileValue(value, key));
    }
    const twice = [...spellings].filter(([, written]) => written.length > 1);
    if (twice.length > 0) {
        throw configError(
            twice.map(
                ([key, written]) =>
                    `${printable(key)}: is set ${written.length} times in ${path.basename(file)}, as ${written.map((w) => printable(w)).join(" and ")}; ` +
                    `pulumi keeps one of them at random: keep one`,
            ),
        );
    }
    return { config: out, usesEnvironment: environment !== undefined && environment !== null };
}

/**
 * A PDStack key that takes text, given a YAML number or boolean that pulumi passes as other text
 * than the file's (`llmdVersion: 0.10` arrives as "0.1", `namespace: 1e3` as "1000"): the program
 * cannot tell, so the plan refuses it, naming both. A number passed as written (`namespace: 123`,
 * `9223372036854775808`) is kept, as pulumi keeps it.
 */
function rewrittenTextProblems(projectName: string, config: Map<string, ConfigValue>): string[] {
    if (projectName !== PROJECT) {
        return [];
    }
    const problems: string[] = [];
    for (const [key, value] of config) {
        const name = key.slice(`${PROJECT}:`.length);
        if (key.startsWith(`${PROJECT}:`) && value.written !== undefined && isStringField(name)) {
            problems.push(
                `${printable(key)}: ${printable(value.written)} is a number or a boolean to YAML, which pulumi passes as ${JSON.stringify(printable(value.text))}; ` +
                    `this key takes text: quote it to keep what is written (${name}: "${printable(value.written)}")`,
            );
        }
    }
    return problems;
}

/**
 * Loads the config of `stack` from `projectDir`. `configFile` overrides `Pulumi.<stack>.yaml`, as the
 * CLI's `--config-file` does. Throws an {@link InputError} (`invalid stack configuration:` with the
 * CLI's reason) where `pulumi preview` would stop before running the program.
 */
export function loadStackConfig(projectDir: string, stack: string, configFile?: string): StackConfig {
    const stackFile = configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        throw InputError.of("stack", [`--stack ${stack}: no stack file ${stackFile}; stacks here: ${stacksIn(projectDir).join(", ") || "none"}`]);
    }
    const project = readYaml(path.join(projectDir, "Pulumi.yaml")) as { name?: unknown; config?: unknown } | null;
    if (!project || typeof project.name !== "string" || project.name === "") {
        throw configError(["Pulumi.yaml: project is missing a 'name' attribute"]);
    }
    const projectName = project.name;
    let merged: Map<string, ConfigValue>;
    let usesEnvironment: boolean;
    try {
        const declared = loadProjectConfig(projectName, project.config);
        const projectKeys = Object.keys(declared).filter((k) => !k.includes(":") || k.startsWith(`${projectName}:`)).map((k) => k.replace(`${projectName}:`, ""));
        const read = readStackFile(stackFile, projectName, projectKeys);
        const rewritten = rewrittenTextProblems(projectName, read.config);
        if (rewritten.length > 0) {
            throw configError(rewritten);
        }
        usesEnvironment = read.usesEnvironment;
        merged = mergeConfig(stack, projectName, declared, read.config);
    } catch (e) {
        if (e instanceof PulumiConfigError) {
            throw configError([e.message]);
        }
        throw e;
    }

    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    const notes: string[] = [];
    const stackFileName = path.basename(stackFile);
    for (const [key, value] of merged) {
        values[key] = value.secure ? PLACEHOLDER_SECRET_VALUE : value.text;
        if (value.secure) {
            secretKeys.push(key);
            notes.push(`${key}: encrypted in ${stackFileName}, which the plan does not decrypt; planned with a placeholder secret`);
        }
    }
    if (usesEnvironment) {
        notes.push(`${stackFileName} imports ESC environments (environment:), which the plan does not read; pulumi up merges their config in`);
    }
    addPlaceholderToken(projectName, values, secretKeys, notes);
    return { project: projectName, stack, values, secretKeys, notes };
}

/**
 * The plan's one exception to `pulumi up`: a fresh clone has no token yet, so a stack that needs one
 * (no existingHfTokenSecret) and sets none is planned with a placeholder, and a note says that
 * `pulumi up` needs it and how to set it. A token given in plain text is left to the program, which
 * refuses it as it does under `pulumi up`.
 */
function addPlaceholderToken(projectName: string, values: Record<string, string>, secretKeys: string[], notes: string[]): void {
    if (projectName !== PROJECT) {
        return;
    }
    const tokenKey = `${PROJECT}:hfToken`;
    if ((values[tokenKey] ?? "") !== "" || !needsHfToken(values[`${PROJECT}:existingHfTokenSecret`])) {
        return;
    }
    values[tokenKey] = PLACEHOLDER_SECRET_VALUE;
    secretKeys.push(tokenKey);
    notes.push(
        `${tokenKey}: not set; pulumi up needs it: ${SET_HF_TOKEN_COMMAND} ` +
            `(or name an existing Secret: ${SET_EXISTING_HF_TOKEN_SECRET_COMMAND}); planned with a placeholder secret`,
    );
}
