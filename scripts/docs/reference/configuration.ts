/**
 * The configuration reference (docs/configuration.md), generated from the code: the keys and shapes of
 * the one zod schema stack config and PDStackArgs go through (components/pdstack/spec.ts; the program's
 * `gkeCluster` key in program/cluster.ts), their allowed values as that schema states them (its JSON
 * Schema), their meaning and defaults from the args' TSDoc (components/pdstack/args.ts,
 * components/gke/gkeCluster.ts), and what differs by release profile (components/releases).
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { gkeClusterConfigSchema, GKE_CLUSTER_KEY } from "../../../program/cluster";
import { GATEWAY_NAMES } from "../../../components/pdstack/gateway";
import { HARDWARE, HARDWARE_NAMES } from "../../../components/pdstack/hardware";
import { pdStackInputSchema } from "../../../components/pdstack/spec";
import { DEFAULT_LLMD_RELEASE, LLMD_RELEASES, RELEASE_PROFILES } from "../../../components/releases";
import { CONFIG_PREFIX } from "../../../components/tokens";
import { PROJECT_DIR } from "../componentOutputs";
import { code, table } from "../markdown";
import { hasInterface, InterfaceMember, interfaceMembers } from "../tsdoc";
import type { PageSection } from "./page";

const ARGS_FILE = "components/pdstack/args.ts";
const GKE_ARGS_FILE = "components/gke/gkeCluster.ts";

/** The part of a JSON Schema the reference reads. */
interface JsonSchema {
    type?: string;
    enum?: unknown[];
    pattern?: string;
    minLength?: number;
    maxLength?: number;
    minimum?: number;
    exclusiveMinimum?: number;
    minItems?: number;
    items?: JsonSchema;
    properties?: Record<string, JsonSchema>;
    required?: string[];
    description?: string;
}

function jsonSchema(schema: z.ZodType): JsonSchema {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** Args members the schema does not hold, with why: read outside it. */
const OUTSIDE_SCHEMA: Readonly<Record<string, string>> = {
    hfToken: "a Pulumi secret input, read by the program outside the schema",
    // GkeClusterArgs.llmdVersion: the program passes the stack's own llmdVersion on.
    llmdVersion: "the stack's llmdVersion, passed on by the program",
};

/** What a value of `s` may be, as the schema says. */
export function allowedValues(s: JsonSchema): string {
    if (s.enum) {
        return s.enum.map((v) => code(String(v))).join(", ");
    }
    switch (s.type) {
        case "boolean":
            return "`true`, `false`";
        case "integer":
        case "number": {
            const word = s.type === "integer" ? "an integer" : "a number";
            if (s.exclusiveMinimum !== undefined) {
                return s.type === "integer" ? `${word} ≥ ${s.exclusiveMinimum + 1}` : `${word} > ${s.exclusiveMinimum}`;
            }
            return s.minimum !== undefined ? `${word} ≥ ${s.minimum}` : word;
        }
        case "string": {
            const parts = [s.pattern ? `matching ${code(s.pattern)}` : s.minLength ? "not empty" : ""];
            if (s.maxLength !== undefined) {
                parts.push(`at most ${s.maxLength} characters`);
            }
            return ["a string", ...parts.filter(Boolean)].join(", ");
        }
        case "array":
            return `a list${s.minItems ? ` of at least ${s.minItems}` : ""}: each ${s.items ? allowedValues(s.items) : "any"}`;
        case "object":
            return "an object: see below";
        default:
            return "any";
    }
}

/** One row of the reference: a key (dotted below the top level) and what the code says of it. */
export interface ConfigRow {
    key: string;
    required: boolean;
    allowed: string;
    default: string;
    doc: string;
}

/** The object members of `interfaceName`, matched one to one with the schema's properties (else the generator fails). */
function membersOf(file: string, interfaceName: string, schema: JsonSchema, where: string): Map<string, InterfaceMember> {
    const members = new Map(interfaceMembers(file, interfaceName).map((m) => [m.name, m]));
    const inSchema = Object.keys(schema.properties ?? {});
    const undocumented = inSchema.filter((k) => !members.has(k) && !schema.properties![k].description);
    const extra = [...members.keys()].filter((k) => !inSchema.includes(k) && !(k in OUTSIDE_SCHEMA));
    if (undocumented.length > 0 || extra.length > 0) {
        throw new Error(
            `${where}: the schema and ${interfaceName} (${file}) disagree: ` +
                [undocumented.length ? `in the schema only: ${undocumented.join(", ")}` : "", extra.length ? `in ${interfaceName} only: ${extra.join(", ")}` : ""].filter(Boolean).join("; "),
        );
    }
    return members;
}

function typeName(memberType: string): string {
    return memberType.replace(/\[\]$/, "");
}

/** Every leaf key below an object key, dotted, depth first in schema order. */
function flatten(schema: JsonSchema, file: string, interfaceName: string, prefix: string): ConfigRow[] {
    const members = membersOf(file, interfaceName, schema, prefix || interfaceName);
    const rows: ConfigRow[] = [];
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const member = members.get(name);
        const key = prefix ? `${prefix}.${name}` : name;
        const nested = member && hasInterface(file, typeName(member.type)) ? typeName(member.type) : undefined;
        if (property.type === "object" && nested) {
            rows.push(...flatten(property, file, nested, key));
            continue;
        }
        rows.push({
            key,
            required: (schema.required ?? []).includes(name) || /\bRequired(\.| when)/.test(member?.doc ?? ""),
            allowed: allowedValues(property),
            default: member?.default ?? (member?.optional === false ? "(required)" : "none"),
            doc: member?.doc || property.description || "",
        });
    }
    return rows;
}

/** A top-level key: its row, and for an object key the rows of its fields. */
export interface ConfigKey extends ConfigRow {
    /** The args interface of an object key (`RoleArgs`), from which its fields are documented. */
    shape?: string;
    fields?: ConfigRow[];
}

/** The `llm-d-pd:` keys, in the order of PDStackArgs, then the program's `gkeCluster`. */
export function configKeys(): ConfigKey[] {
    const schema = jsonSchema(pdStackInputSchema);
    const members = membersOf(ARGS_FILE, "PDStackArgs", schema, "PDStackArgs");
    const keys: ConfigKey[] = [...members.values()].map((m) => {
        const property = schema.properties![m.name];
        const shape = hasInterface(ARGS_FILE, m.type) ? m.type : undefined;
        return {
            key: m.name,
            required: !m.optional,
            allowed: property ? allowedValues(property) : m.name === "hfToken" ? "a string, stored encrypted (`pulumi config set --secret`)" : "any",
            default: m.default ?? (m.optional ? "none" : "(required)"),
            doc: m.doc,
            ...(shape && property?.type === "object" ? { shape, fields: flatten(property, ARGS_FILE, shape, "") } : {}),
        };
    });
    const gke = jsonSchema(gkeClusterConfigSchema);
    keys.push({
        key: GKE_CLUSTER_KEY,
        required: false,
        allowed: allowedValues(gke),
        default: "none: deploy on the cluster of the kubernetes provider config (kubeconfig)",
        doc: "Create a GKE cluster with the `GkeCluster` component and deploy through it (hardware `gke` only). A program key: in a program, construct `GkeCluster` yourself.",
        shape: "GkeClusterArgs",
        fields: flatten(gke, GKE_ARGS_FILE, "GkeClusterArgs", ""),
    });
    checkDeclared(keys.map((k) => k.key));
    return keys;
}

/** Every key the reference lists is declared in Pulumi.yaml, and every declared key is listed. */
function checkDeclared(keys: string[]): void {
    const project = parseYaml(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as { config?: Record<string, unknown> };
    const declared = Object.keys(project.config ?? {});
    const missing = keys.filter((k) => !declared.includes(k));
    const extra = declared.filter((k) => !keys.includes(k));
    if (missing.length > 0 || extra.length > 0) {
        throw new Error(`Pulumi.yaml and the schema disagree: ${[missing.length ? `not declared: ${missing.join(", ")}` : "", extra.length ? `declared only: ${extra.join(", ")}` : ""].filter(Boolean).join("; ")}`);
    }
}

/** The keys sharing one args interface (`prefill` and `decode`), as their heading names them. */
function heading(keys: readonly ConfigKey[]): string {
    return keys.map((k) => k.key).join(", ");
}

/** A heading's anchor, as GitHub makes it. */
function slug(text: string): string {
    return text.toLowerCase().replace(/[^a-z0-9 _-]/g, "").replace(/ /g, "-");
}

/** The object keys grouped by their args interface, in key order. */
function byShape(keys: readonly ConfigKey[]): ConfigKey[][] {
    const groups = new Map<string, ConfigKey[]>();
    for (const k of keys.filter((k) => k.fields)) {
        groups.set(k.shape!, [...(groups.get(k.shape!) ?? []), k]);
    }
    return [...groups.values()];
}

function keyRows(keys: readonly ConfigKey[]): string[][] {
    const anchors = new Map(byShape(keys).flatMap((group) => group.map((k) => [k.key, `#${slug(heading(group))}`] as const)));
    return keys.map((k) => {
        const anchor = anchors.get(k.key);
        return [
            anchor ? `[${code(k.key)}](${anchor})` : code(k.key),
            k.required ? "**required**" : k.default,
            anchor ? `an object: [its fields](${anchor})` : k.allowed,
            k.doc,
        ];
    });
}

export const configKeysSection: PageSection = {
    id: "config-keys",
    title: "Keys",
    render: () =>
        [
            `Every key is ${code(`${CONFIG_PREFIX}<key>`)} in a stack file and a ${code("PDStackArgs")} property of the same name and shape ` +
                `(but ${code(GKE_CLUSTER_KEY)}, a key of the program). An empty value in ${code("Pulumi.yaml")} (${code('""')} or ${code("{}")}) means the default.`,
            table(["key", "default", "allowed values", "what it is"], keyRows(configKeys())),
        ].join("\n\n"),
};

export const configFieldsSection: PageSection = {
    id: "config-fields",
    title: "Fields of the object keys",
    render: () => {
        return byShape(configKeys())
            .map((same) =>
                [
                    `### ${heading(same)}`,
                    `${same.map((k) => `${code(`${CONFIG_PREFIX}${k.key}`)}: ${k.doc}`).join(" ")} Fields of ${code(same[0].shape!)}:`,
                    table(
                        ["field", "default", "allowed values", "what it is"],
                        same[0].fields!.map((f) => [code(f.key), f.required ? "**required**" : f.default, f.allowed, f.doc]),
                    ),
                ].join("\n\n"),
            )
            .join("\n\n");
    },
};

export const configReleasesSection: PageSection = {
    id: "config-releases",
    title: "What depends on the release profile",
    render: () => {
        const header = ["", ...LLMD_RELEASES.map((r) => `${code(`llmdVersion: "${r}"`)}${r === DEFAULT_LLMD_RELEASE ? " (default)" : ""}`)];
        const rows: string[][] = [
            ["what it is", ...LLMD_RELEASES.map((r) => `${RELEASE_PROFILES[r].title}: ${RELEASE_PROFILES[r].summary}`)],
            [
                code("gateway"),
                ...LLMD_RELEASES.map((r) =>
                    GATEWAY_NAMES.map((g) => {
                        const s = RELEASE_PROFILES[r].gateways[g];
                        return s.supported ? code(g) : `~~${code(g)}~~ (${s.why})`;
                    }).join(", "),
                ),
            ],
            [code("autoscaling"), ...LLMD_RELEASES.map((r) => (RELEASE_PROFILES[r].autoscaling.supported ? "yes" : `no: ${(RELEASE_PROFILES[r].autoscaling as { why: string }).why}`))],
            ...HARDWARE_NAMES.map((h) => [`${code("vllmImage")} default on ${code(h)}`, ...LLMD_RELEASES.map((r) => code(RELEASE_PROFILES[r].defaultVllmImage[h]))]),
        ];
        const gatewayDefaults = HARDWARE_NAMES.map((h) => `${code(h)}: ${code(HARDWARE[h].defaultGateway)}`).join(", ");
        return [
            table(header, rows),
            `The default ${code("gateway")} follows the hardware (${gatewayDefaults}). Each profile's page in [releases/](releases/) lists what it installs and pins.`,
        ].join("\n\n");
    },
};
