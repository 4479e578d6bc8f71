/**
 * The public outputs of PDStack as its source documents them: each output property of the component
 * (components/pdstack/pdStack.ts) with its TSDoc, and the name the Pulumi program (index.ts) exports it
 * under, read with the TypeScript compiler so that the docs say what the code says.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");
const COMPONENT_FILE = "components/pdstack/pdStack.ts";
const PROGRAM_FILE = "index.ts";
const COMPONENT_CLASS = "PDStack";

export interface ComponentOutput {
    /** The property of PDStack. */
    name: string;
    /** Its TSDoc, on one line. */
    doc: string;
    /** The stack output the program exports it as; absent when the program does not. */
    programOutput?: string;
}

function sourceFile(relative: string): ts.SourceFile {
    const file = path.join(PROJECT_DIR, relative);
    return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

function docOf(node: ts.Node): string {
    const comments = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    return comments
        .map((c) => ts.getTextOfJSDocComment(c.comment) ?? "")
        .join(" ")
        .replace(/\s+/g, " ")
        .trim();
}

/** `export const <name> = stack.<property>` of the program: property → name. */
function programOutputs(): Map<string, string> {
    const out = new Map<string, string>();
    for (const statement of sourceFile(PROGRAM_FILE).statements) {
        if (!ts.isVariableStatement(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
            continue;
        }
        for (const d of statement.declarationList.declarations) {
            let init = d.initializer;
            while (init && (ts.isAsExpression(init) || ts.isParenthesizedExpression(init))) {
                init = init.expression;
            }
            if (init && ts.isPropertyAccessExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "stack" && ts.isIdentifier(d.name)) {
                out.set(init.name.text, d.name.text);
            }
        }
    }
    return out;
}

/** Every public readonly property of PDStack (its outputs), in source order. */
export function componentOutputs(): ComponentOutput[] {
    const component = sourceFile(COMPONENT_FILE).statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === COMPONENT_CLASS);
    if (!component) {
        throw new Error(`${COMPONENT_FILE} has no class ${COMPONENT_CLASS}`);
    }
    const exported = programOutputs();
    const outputs: ComponentOutput[] = [];
    for (const member of component.members) {
        const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
        const is = (kind: ts.SyntaxKind) => modifiers.some((m) => m.kind === kind);
        if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name) || !is(ts.SyntaxKind.PublicKeyword) || !is(ts.SyntaxKind.ReadonlyKeyword) || is(ts.SyntaxKind.StaticKeyword)) {
            continue;
        }
        const programOutput = exported.get(member.name.text);
        outputs.push({ name: member.name.text, doc: docOf(member), ...(programOutput ? { programOutput } : {}) });
    }
    return outputs;
}
