"use strict";
// `npm ci` (the `prepare` script) and `node scripts/js/build.js`: compiles every TypeScript file the
// command-line tools run into bin/js/ (./cache.js), so that the first `npm run plan` after an install
// starts compiled; and removes compiled files whose source is gone. The tools compile any file that
// changed since on their own, before running it.
const fs = require("fs");
const path = require("path");
const { CACHE_DIR, compiledSource, ROOT } = require("./cache");

/** What the tools run: the program, the plan, smoke, render, benches, the docs generator and the components. */
const SOURCES = ["index.ts", "plan.ts", "program", "plan", "components", "render", "smoke", "bench", "scripts/docs"];

const walk = (p) =>
    fs.statSync(p).isDirectory()
        ? fs.readdirSync(p, { withFileTypes: true }).flatMap((e) => (e.name === "node_modules" ? [] : walk(path.join(p, e.name))))
        : [p];

function typescriptInstalled() {
    try {
        require.resolve("typescript", { paths: [ROOT] });
        return true;
    } catch {
        return false;
    }
}

if (!typescriptInstalled()) {
    // An install without the dev dependencies (npm ci --omit=dev) must not fail here: it runs no tool.
    process.stdout.write("scripts/js/build: typescript is not installed (an install without dev dependencies): nothing compiled\n");
    return;
}

const sources = SOURCES.map((s) => path.join(ROOT, s))
    .filter((p) => fs.existsSync(p))
    .flatMap(walk)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
for (const file of sources) {
    compiledSource(file);
}

// A compiled file whose source was removed or moved can never run (modules resolve against the
// sources), but it would linger: drop it, and any write a killed process left half done.
let removed = 0;
for (const file of fs.existsSync(CACHE_DIR) ? walk(CACHE_DIR) : []) {
    const source = path.join(ROOT, path.relative(CACHE_DIR, file)).replace(/\.js$/, ".ts");
    if (!file.endsWith(".js") || !fs.existsSync(source)) {
        fs.rmSync(file);
        removed++;
    }
}
process.stdout.write(`scripts/js/build: ${sources.length} files compiled or current in ${path.relative(ROOT, CACHE_DIR)}/${removed ? `, ${removed} stale removed` : ""}\n`);
