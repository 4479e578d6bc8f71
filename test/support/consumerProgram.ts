/**
 * A consumer's TypeScript program (a docs block, an example), written to a folder outside the project
 * as `<name>.ts` and as the CommonJS JavaScript a consumer's ts-node or tsc makes of it, `<name>.js`,
 * which the test requires (the suite's loader runs only the project's own files).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** Writes `<dir>/<name>.ts` and `<dir>/<name>.js`; returns the path of the JavaScript. */
export function writeConsumerProgram(dir: string, name: string, source: string): string {
    const file = path.join(dir, `${name}.ts`);
    fs.writeFileSync(file, source);
    const { outputText } = ts.transpileModule(source, {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
        fileName: file,
    });
    const js = path.join(dir, `${name}.js`);
    fs.writeFileSync(js, outputText);
    return js;
}
