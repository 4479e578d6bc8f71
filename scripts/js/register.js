"use strict";
// Preloaded by the project's command-line tools (`node -r ./scripts/js/register.js plan.ts`, see
// package.json): runs the project's .ts files as JavaScript compiled once into bin/js/ (./cache.js),
// never a stale compile, and without ts-node.
//
// It also defers `@pulumi/pulumi`'s Automation API: @pulumi/pulumi's index requires it eagerly, with
// npm's arborist, sigstore and ~750 modules (over a second of a plan's start-up), although no tool
// here drives the Pulumi CLI; and the modules of `@pulumi/gcp` GkeCluster imports, which only a stack that
// creates its GKE cluster uses: GkeCluster's first use of each loads it. Each works as before:
// the real module loads on first use.
const Module = require("module");
const path = require("path");
const { compiledSource, ROOT } = require("./cache");

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

Module._extensions[".ts"] = function compileTs(module, filename) {
    if (filename.includes(NODE_MODULES) || !filename.startsWith(ROOT + path.sep)) {
        throw new Error(`${filename}: only the project's own TypeScript runs compiled; this is not one of its files`);
    }
    module._compile(compiledSource(filename), filename);
};

/** Puts a stand-in for `request` (resolved from ROOT) into the require cache that loads the real module on first use. */
function deferModule(request) {
    let file;
    try {
        file = require.resolve(request, { paths: [ROOT] });
    } catch {
        return; // not installed: nothing to defer
    }
    if (require.cache[file]) {
        return;
    }
    let real;
    const load = () => {
        if (real === undefined) {
            delete require.cache[file];
            real = require(file);
            require.cache[file] = standIn;
        }
        return real;
    };
    // `__esModule` is answered without loading, so that TypeScript's import helpers (`__importStar`)
    // take the stand-in as it is; anything else loads the real module.
    const exports = new Proxy(
        {},
        {
            get: (_t, key) => (key === "__esModule" ? true : Reflect.get(load(), key)),
            has: (_t, key) => key === "__esModule" || Reflect.has(load(), key),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_t, key) => {
                const d = Reflect.getOwnPropertyDescriptor(load(), key);
                return d && { ...d, configurable: true };
            },
            set: (_t, key, value) => Reflect.set(load(), key, value),
        },
    );
    const standIn = new Module(file, null);
    standIn.filename = file;
    standIn.loaded = true;
    standIn.exports = exports;
    require.cache[file] = standIn;
}

deferModule("@pulumi/pulumi/automation");
// Required at load by the closure serializer (runtime/closure/codePaths.js), used only to package
// functions, which nothing here does.
deferModule("@npmcli/arborist");
// TypeScript (9 MB of JavaScript), which the same serializer requires at load to parse functions.
deferModule("@pulumi/pulumi/typescript-shim");
// The @pulumi/gcp modules GkeCluster imports (components/gke/gkeCluster.ts), which only a stack that
// creates its GKE cluster uses.
for (const gcpModule of ["@pulumi/gcp/compute", "@pulumi/gcp/container", "@pulumi/gcp/projects"]) {
    deferModule(gcpModule);
}
