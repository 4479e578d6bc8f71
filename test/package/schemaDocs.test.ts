/**
 * The descriptions of the generated schema, which become the docs of every generated SDK (issue 17.7).
 * The Node.js schema analyzer (@pulumi/pulumi provider/experimental/analyzer) takes a description from a
 * declaration's TSDoc comment text only: it drops every tag (`@default` among them), and joins a comment
 * holding a `{@link}` as its parts' `toString()`, `[object Object],[object Object],...`. So a default must
 * be stated in the text, and the text must be plain. Every TS `number` becomes `"number"` (the analyzer has
 * no integer type to map to), so integer fields say so in their text.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PROJECT_DIR } from "../support/planCli";
import { packageSchema } from "../support/packageSchema";

interface Declared {
    /** The comment text, as the analyzer reads it (tags excluded). */
    text: string;
    /** The text of its `@default` tag, if it has one. */
    defaultTag?: string;
}

/** Every interface and class member of components/ with a TSDoc comment: type name → member → what it declares. */
function declarations(): Map<string, Map<string, Declared>> {
    const out = new Map<string, Map<string, Declared>>();
    const files = fs.readdirSync(path.join(PROJECT_DIR, "components"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    for (const f of files) {
        const file = path.join(PROJECT_DIR, "components", f);
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        for (const statement of source.statements) {
            if (!(ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) || !statement.name) {
                continue;
            }
            const members = new Map<string, Declared>();
            for (const member of statement.members) {
                if (!member.name || !ts.isIdentifier(member.name)) {
                    continue;
                }
                const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
                if (docs.length === 0) {
                    continue;
                }
                const defaultTag = ts.getJSDocTags(member).find((t) => t.tagName.text === "default");
                members.set(member.name.text, {
                    text: docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").join("\n"),
                    ...(defaultTag ? { defaultTag: ts.getTextOfJSDocComment(defaultTag.comment) ?? "" } : {}),
                });
            }
            out.set(statement.name.text, members);
        }
    }
    return out;
}

interface Described {
    where: string;
    description: string | undefined;
    /** An input the caller may leave out. */
    optionalInput: boolean;
    declared?: Declared;
}

/** Every property of the schema's resources (inputs and outputs) and types, with its TS declaration. */
function describedProperties(schema: any): Described[] {
    const decls = declarations();
    const out: Described[] = [];
    const add = (where: string, props: Record<string, any>, required: string[], input: boolean, declaredIn: string) => {
        for (const [name, prop] of Object.entries(props ?? {})) {
            out.push({ where: `${where}.${name}`, description: prop.description, optionalInput: input && !required.includes(name), declared: decls.get(declaredIn)?.get(name) });
        }
    };
    for (const [token, resource] of Object.entries<any>(schema.resources)) {
        const name = token.split(":")[2];
        add(`${name}Args`, resource.inputProperties, resource.requiredInputs ?? [], true, `${name}Args`);
        add(name, resource.properties, [], false, name);
    }
    for (const [token, type] of Object.entries<any>(schema.types)) {
        const name = token.split(":")[2];
        add(name, type.properties, type.required ?? [], true, name);
    }
    return out;
}

describe("component package: the schema's descriptions (the generated SDKs' docs)", () => {
    let described: Described[];
    let schema: any;

    before(async () => {
        schema = await packageSchema();
        described = describedProperties(schema);
    });

    it("finds the properties and their declarations", () => {
        assert.ok(described.length > 60, `${described.length} properties`);
        for (const where of ["PDStackArgs.installGatewayControlPlane", "GkeClusterArgs.gpuNodeCount", "RoleArgs.replicas", "GatewayControlPlaneArgs.retainCrdsOnDelete"]) {
            assert.ok(described.find((d) => d.where === where)?.declared, `${where} not found with its TSDoc`);
        }
    });

    it("are plain text: no [object Object] of a {@link}, no TSDoc tag", () => {
        const texts = [
            ...described.map((d) => ({ where: d.where, text: d.description ?? "" })),
            ...Object.entries<any>({ ...schema.resources, ...schema.types }).map(([token, r]) => ({ where: token, text: r.description ?? "" })),
        ];
        const bad = texts.filter((t) => /\[object |\{@link|@(default|link|see|example|param)\b/.test(t.text)).map((t) => `${t.where}: ${t.text.slice(0, 120)}`);
        assert.deepStrictEqual(bad, []);
    });

    it("state the default of every optional input in the text (an @default tag would be dropped)", () => {
        const tagged = described.filter((d) => d.declared?.defaultTag !== undefined).map((d) => `${d.where}: @default ${d.declared!.defaultTag} (write "Default: ..." in the text)`);
        assert.deepStrictEqual(tagged, []);
        const silent = described.filter((d) => d.optionalInput && !/\bdefault\b/i.test(d.description ?? "")).map((d) => d.where);
        assert.deepStrictEqual(silent, [], "optional inputs whose description states no default");
    });

    it("describe every property, as its TSDoc says it", () => {
        const missing = described.filter((d) => !d.description || d.description.trim().length < 10).map((d) => d.where);
        assert.deepStrictEqual(missing, []);
        for (const d of described.filter((d) => d.declared)) {
            assert.strictEqual(d.description, d.declared!.text, d.where);
        }
    });

    it("say 'integer' where a number field takes whole numbers only (the schema can only say number)", () => {
        const integers = ["RoleArgs.replicas", "RoleArgs.tensorParallelSize", "PDStackArgs.maxModelLen", "RoleScalingArgs.minReplicas", "RoleScalingArgs.maxReplicas", "GkeClusterArgs.gpuNodeCount"];
        for (const where of integers) {
            const d = described.find((x) => x.where === where);
            assert.ok(d, `${where} not in the schema`);
            assert.match(d.description ?? "", /\binteger\b/, where);
        }
    });
});
