/**
 * The documented members of a TypeScript interface, read with the compiler from its source file: each
 * property's name, whether it is optional, its type as written, its TSDoc summary and its default (the text's closing `Default: ...`, or an `@default` tag).
 * The configuration reference is generated from these, so that it says what the args' TSDoc says.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PROJECT_DIR } from "./componentOutputs";

export interface InterfaceMember {
    name: string;
    optional: boolean;
    /** The type as written in the source (`string`, `RoleArgs`, `pulumi.Input<string>`). */
    type: string;
    /** The TSDoc summary, on one line, `{@link X}` as `X`. */
    doc: string;
    /** The `@default` tag's text, on one line; undefined when the member has none. */
    default?: string;
}

const cache = new Map<string, ts.SourceFile>();

function sourceFile(relative: string): ts.SourceFile {
    let file = cache.get(relative);
    if (!file) {
        const full = path.join(PROJECT_DIR, relative);
        file = ts.createSourceFile(full, fs.readFileSync(full, "utf8"), ts.ScriptTarget.ES2022, true);
        cache.set(relative, file);
    }
    return file;
}

/** TSDoc text on one line, links as their target's name. */
function plain(comment: string | readonly ts.JSDocComment[] | undefined): string {
    const text =
        typeof comment === "string" || comment === undefined
            ? (comment ?? "")
            : comment.map((part) => (ts.isJSDocLink(part) || ts.isJSDocLinkCode(part) || ts.isJSDocLinkPlain(part) ? (part.name ? part.name.getText() : "") + part.text : part.text)).join("");
    return text.replace(/\s+/g, " ").trim();
}

/** Every property of interface `name` in `relative` (a path from the project folder), in source order. */
export function interfaceMembers(relative: string, name: string): InterfaceMember[] {
    const decl = sourceFile(relative).statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
    if (!decl) {
        throw new Error(`${relative} has no interface ${name}`);
    }
    return decl.members.filter(ts.isPropertySignature).map((member) => {
        const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
        const text = docs.map((d) => plain(d.comment)).join(" ").trim();
        // The default is stated in the text ("Default: 32000."), since the schema analyzer keeps only the text
        // (test/package/schemaDocs.test.ts); an `@default` tag is still read where one is left.
        const stated = /\s*Default: (.*?)\.?$/.exec(text);
        const tag = docs.flatMap((d) => d.tags ?? []).find((t) => t.tagName.text === "default");
        const doc = stated ? text.slice(0, stated.index).trim() : text;
        const dflt = tag ? plain(tag.comment) : stated?.[1];
        return {
            name: member.name.getText(),
            optional: member.questionToken !== undefined,
            type: member.type?.getText() ?? "unknown",
            doc,
            ...(dflt !== undefined ? { default: dflt } : {}),
        };
    });
}

/** Whether `relative` declares an interface `name` (a nested args type the reference expands). */
export function hasInterface(relative: string, name: string): boolean {
    return sourceFile(relative).statements.some((s) => ts.isInterfaceDeclaration(s) && s.name.text === name);
}
