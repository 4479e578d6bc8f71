/**
 * Builds the config a stack's program would get from `pulumi up`: Pulumi.yaml's declared keys and
 * defaults, overlaid with `Pulumi.<stack>.yaml`, checked the way the Pulumi CLI checks them.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** What the plan puts in place of a secret it cannot decrypt or that the stack does not set. */
export const PLACEHOLDER_SECRET_VALUE = "plan-placeholder-secret";

export interface StackConfig {
    project: string;
    stack: string;
    /** Full keys (`llm-d-pd:hardware`) to string values, as the language host passes them. */
    values: Record<string, string>;
    /** Full keys whose values are secrets. */
    secretKeys: string[];
    /** What the plan did that `pulumi up` would not (placeholders for secrets). */
    notes: string[];
}

interface DeclaredKey {
    type?: string;
    default?: unknown;
    secret?: boolean;
}

export class StackConfigError extends Error {}

function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function readYaml(file: string): Record<string, any> {
    try {
        return (YAML.parse(fs.readFileSync(file, "utf8")) as Record<string, any>) ?? {};
    } catch (e) {
        throw new StackConfigError(`cannot read ${file}: ${(e as Error).message}`);
    }
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && "secure" in value;
}

function checkDeclaredType(fullKey: string, decl: DeclaredKey, value: unknown): void {
    const ok =
        decl.type === undefined ||
        (decl.type === "string" && typeof value === "string") ||
        (decl.type === "boolean" && typeof value === "boolean") ||
        (decl.type === "integer" && Number.isInteger(value)) ||
        (decl.type === "array" && Array.isArray(value));
    if (!ok) {
        throw new StackConfigError(`${fullKey}: Pulumi.yaml declares type ${decl.type}, the stack gives ${JSON.stringify(value)}`);
    }
}

/**
 * Loads the config of `stack` from `projectDir`. `configFile` overrides `Pulumi.<stack>.yaml`,
 * as the CLI's `--config-file` does.
 */
export function loadStackConfig(projectDir: string, stack: string, configFile?: string): StackConfig {
    const projectFile = path.join(projectDir, "Pulumi.yaml");
    const project = readYaml(projectFile);
    const projectName: string = project.name;
    const declared: Record<string, DeclaredKey> = project.config ?? {};
    const stackFile = configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        const have = fs
            .readdirSync(projectDir)
            .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
            .map((f) => f.slice("Pulumi.".length, -".yaml".length));
        throw new StackConfigError(`no stack file ${stackFile}; stacks here: ${have.join(", ") || "none"}`);
    }
    const stackConfig: Record<string, unknown> = readYaml(stackFile).config ?? {};

    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    const notes: string[] = [];
    const setSecretPlaceholder = (fullKey: string, why: string) => {
        values[fullKey] = PLACEHOLDER_SECRET_VALUE;
        secretKeys.push(fullKey);
        notes.push(`${fullKey}: ${why}; planned with a placeholder secret`);
    };

    for (const [key, value] of Object.entries(stackConfig)) {
        const fullKey = key.includes(":") ? key : `${projectName}:${key}`;
        const [namespace, name] = [fullKey.slice(0, fullKey.indexOf(":")), fullKey.slice(fullKey.indexOf(":") + 1)];
        const decl = namespace === projectName ? declared[name] : undefined;
        if (namespace === projectName && !decl) {
            throw new StackConfigError(
                `${fullKey}: the stack uses a key Pulumi.yaml does not declare; declared keys: ${Object.keys(declared).join(", ")}`,
            );
        }
        if (isSecure(value)) {
            setSecretPlaceholder(fullKey, "encrypted in the stack file, which the plan cannot decrypt");
            continue;
        }
        if (decl) {
            checkDeclaredType(fullKey, decl, value);
        }
        values[fullKey] = asConfigString(value);
        if (decl?.secret) {
            secretKeys.push(fullKey);
        }
    }

    for (const [name, decl] of Object.entries(declared)) {
        const fullKey = `${projectName}:${name}`;
        if (fullKey in values) {
            continue;
        }
        if (decl.default !== undefined) {
            values[fullKey] = asConfigString(decl.default);
        } else if (decl.secret) {
            setSecretPlaceholder(fullKey, "not set in the stack file (pulumi config set --secret)");
        } else {
            throw new StackConfigError(
                `${fullKey}: the stack must set it (Pulumi.yaml declares it without a default): pulumi config set ${name} <value>`,
            );
        }
    }
    return { project: projectName, stack, values, secretKeys, notes };
}
