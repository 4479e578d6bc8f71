/**
 * scripts/js: the tools run the project's TypeScript compiled once into bin/js/, and never a stale
 * compile: a changed source runs changed, whatever its timestamp says.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PLAN_PROCESS_LIMIT_MS, PROJECT_DIR, tempDir } from "../support/planCli";

/** Runs `script` in a node process with the tools' loader (as `npm run plan` does). */
function withLoader(script: string): string {
    const r = spawnSync(process.execPath, ["-r", "./scripts/js/register.js", "-e", script], { cwd: PROJECT_DIR, encoding: "utf8", timeout: PLAN_PROCESS_LIMIT_MS });
    assert.strictEqual(r.status, 0, r.stderr);
    return r.stdout.trim();
}

describe("scripts/js: compiled JavaScript for the tools", () => {
    // A throwaway source inside the project (bin/ is git-ignored), since only the project's own files compile.
    const dir = path.join(PROJECT_DIR, "bin", `compiled-js-test-${process.pid}`);
    const source = path.join(dir, "probe.ts");
    const cached = path.join(PROJECT_DIR, "bin", "js", path.relative(PROJECT_DIR, source).replace(/\.ts$/, ".js"));
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(path.dirname(cached), { recursive: true, force: true });
    });

    it("compiles a source on first use into bin/js, then runs the compiled file; an edited source runs edited, even with its old timestamp", () => {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(source, "export const answer: number = 1;\n");
        const requireProbe = `console.log(require(${JSON.stringify(source)}).answer)`;
        assert.strictEqual(withLoader(requireProbe), "1");
        assert.ok(fs.existsSync(cached), "compiled into bin/js");
        const before = fs.statSync(source);
        // The same length, and the old modification time: only the content tells.
        fs.writeFileSync(source, "export const answer: number = 2;\n");
        fs.utimesSync(source, before.atime, before.mtime);
        assert.strictEqual(withLoader(requireProbe), "2");
    });

    it("a plan runs from the compiled files: neither TypeScript nor ts-node loads once bin/js is current", () => {
        const build = spawnSync(process.execPath, ["scripts/js/build.js"], { cwd: PROJECT_DIR, encoding: "utf8", timeout: PLAN_PROCESS_LIMIT_MS });
        assert.strictEqual(build.status, 0, build.stderr);
        assert.match(build.stdout, /^scripts\/js\/build: \d+ files compiled or current in bin\/js\//);
        const loaded = withLoader(
            `require("./plan.ts").planCommand(["--stack", "xpu", "--json"]).then((r) => console.log(r.code, ` +
                `Object.keys(require.cache).filter((f) => /\\/node_modules\\/(typescript|ts-node)\\//.test(f)).length))`,
        );
        assert.strictEqual(loaded, "0 0");
    });

    it("only the project's own TypeScript runs compiled: a .ts file elsewhere is refused with the reason", () => {
        const outside = path.join(tempDir("pdstack-outside-"), "elsewhere.ts");
        fs.writeFileSync(outside, "export const x = 1;\n");
        const r = spawnSync(process.execPath, ["-r", "./scripts/js/register.js", "-e", `require(${JSON.stringify(outside)})`], { cwd: PROJECT_DIR, encoding: "utf8", timeout: PLAN_PROCESS_LIMIT_MS });
        assert.notStrictEqual(r.status, 0);
        assert.ok(r.stderr.includes(`${outside}: only the project's own TypeScript runs compiled`), r.stderr);
    });
});
