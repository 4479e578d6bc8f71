/**
 * The schema the plugin host serves for this package (what `pulumi package add` reads), built offline
 * by Pulumi's own analyzer (`ComponentProvider.getSchema`).
 *
 * The analyzer compiles the components with TypeScript, seconds of work, and three test files read
 * its schema: it is built once per content of its inputs and kept in
 * `node_modules/.cache/pdstack-test/schema-<hash>.json`. The hash covers every file under components/,
 * tsconfig.json, package.json and package-lock.json (which pins @pulumi/pulumi and TypeScript), so an
 * edit to any of them builds it anew. Parallel test workers wait for the one building it.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as components from "../../components";
import { PROJECT_DIR } from "./planCli";

const CACHE_DIR = path.join(PROJECT_DIR, "node_modules", ".cache", "pdstack-test");
/** A lock older than this was left by a killed worker: building the schema takes seconds, not minutes. */
const STALE_LOCK_MS = 600_000;

function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** A hash of what the schema is built from: the path and content of each input file under `root`. */
export function schemaInputsHash(root: string = PROJECT_DIR): string {
    const hash = createHash("sha256");
    const inputs = [...filesUnder(path.join(root, "components")), ...["tsconfig.json", "package.json", "package-lock.json"].map((f) => path.join(root, f))];
    for (const file of inputs.sort()) {
        hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0");
    }
    return hash.digest("hex").slice(0, 24);
}

/** The schema, built by the analyzer now (no cache). */
async function buildPackageSchema(): Promise<string> {
    const provider = new ComponentProvider({
        name: "pdstack",
        dirname: PROJECT_DIR,
        components: getPulumiComponents(components), // what the plugin host serves
    });
    return provider.getSchema();
}

let memo: Promise<any> | undefined;

/** The package's schema (parsed), from the cache when its inputs are unchanged. */
export function packageSchema(): Promise<any> {
    memo ??= cachedSchema().then((text) => JSON.parse(text));
    return memo;
}

async function cachedSchema(): Promise<string> {
    const file = path.join(CACHE_DIR, `schema-${schemaInputsHash()}.json`);
    const lock = `${file}.lock`;
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    for (;;) {
        if (fs.existsSync(file)) {
            return fs.readFileSync(file, "utf8");
        }
        try {
            fs.mkdirSync(lock);
        } catch {
            const lockedAt = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
            if (Date.now() - lockedAt > STALE_LOCK_MS) {
                fs.rmSync(lock, { recursive: true, force: true });
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
            continue;
        }
        try {
            const text = await buildPackageSchema();
            fs.writeFileSync(`${file}.${process.pid}`, text);
            fs.renameSync(`${file}.${process.pid}`, file);
            return text;
        } finally {
            fs.rmSync(lock, { recursive: true, force: true });
        }
    }
}
