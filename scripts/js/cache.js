"use strict";
// The project's TypeScript as JavaScript, compiled once and kept in bin/js/ (git-ignored): what the
// command-line tools (plan, smoke, benches, docs) run instead of compiling every file on every run.
//
// Each source file compiles on its own (TypeScript's transpileModule: no type check; `npm run
// typecheck` is the one full check), to bin/js/<same path>.js. The first line of a compiled file holds
// a hash of its source, of tsconfig.json, of the options below and of the TypeScript version: a compiled file is used only
// when that hash matches, so an edited, checked-out or copied source is compiled again before it runs,
// whatever its timestamp. Nothing here loads TypeScript unless a file needs compiling.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_DIR = path.join(ROOT, "bin", "js");
const TSCONFIG = path.join(ROOT, "tsconfig.json");

/**
 * What differs from tsconfig.json: one file at a time, JavaScript only, with its source map inline, its
 * paths relative to the source (the JavaScript runs as if it sat beside it; stack
 * traces point at the TypeScript where source maps are enabled: the test suite's loader enables them).
 */
const OVERRIDES = { declaration: false, sourceMap: false, inlineSourceMap: true, outDir: undefined, noEmit: false, isolatedModules: true };

let salt;
/** What every compiled file depends on besides its source: the compiler options and the compiler. */
function compilerSalt() {
    if (salt === undefined) {
        const tsVersion = JSON.parse(fs.readFileSync(require.resolve("typescript/package.json", { paths: [ROOT] }), "utf8")).version;
        salt = `typescript ${tsVersion}\n${JSON.stringify(OVERRIDES)}\n${fs.readFileSync(TSCONFIG, "utf8")}`;
    }
    return salt;
}

let compiler;
/** TypeScript and the options of tsconfig.json, loaded on the first file that needs compiling. */
function loadCompiler() {
    if (compiler === undefined) {
        const ts = require(require.resolve("typescript", { paths: [ROOT] }));
        const read = ts.readConfigFile(TSCONFIG, ts.sys.readFile);
        if (read.error) {
            throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
        }
        const { options } = ts.convertCompilerOptionsFromJson(read.config.compilerOptions, ROOT);
        // One file at a time, nothing but the JavaScript: no declarations, no source maps.
        const compilerOptions = { ...options, ...OVERRIDES };
        compiler = { ts, compilerOptions };
    }
    return compiler;
}

/** The cache file of a source file. */
function cachePath(file) {
    return path.join(CACHE_DIR, path.relative(ROOT, file).replace(/\.ts$/, ".js"));
}

const hashOf = (source) => crypto.createHash("sha256").update(compilerSalt()).update("\0").update(source).digest("hex");

/** The first line of a compiled file: the hash it was compiled from. */
const stampLine = (hash) => `// pdstack-compiled ${hash}\n`;

/** Compiles `source` (the text of `file`) and writes it to the cache; returns the JavaScript. */
function compileToCache(file, source, hash) {
    const { ts, compilerOptions } = loadCompiler();
    const js = ts.transpileModule(source, { compilerOptions, fileName: file, reportDiagnostics: false }).outputText;
    const out = cachePath(file);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Written under a unique name, then renamed: a process reading the cache at the same time (the
    // parallel test workers) sees the old file or the new one, never half of one.
    const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(tmp, stampLine(hash) + js);
    fs.renameSync(tmp, out);
    return js;
}

/** The JavaScript of a TypeScript file: from the cache when it was compiled from this source, else compiled now. */
function compiledSource(file) {
    const source = fs.readFileSync(file, "utf8");
    const hash = hashOf(source);
    let cached;
    try {
        cached = fs.readFileSync(cachePath(file), "utf8");
    } catch {
        cached = undefined;
    }
    const stamp = stampLine(hash);
    if (cached !== undefined && cached.startsWith(stamp)) {
        return cached.slice(stamp.length);
    }
    return compileToCache(file, source, hash);
}

/** Whether the cache holds `file` compiled from its current source. */
function isFresh(file) {
    try {
        return fs.readFileSync(cachePath(file), "utf8").startsWith(stampLine(hashOf(fs.readFileSync(file, "utf8"))));
    } catch {
        return false;
    }
}

module.exports = { ROOT, CACHE_DIR, cachePath, compiledSource, isFresh };
