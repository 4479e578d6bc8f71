/**
 * The package build the packaging tests read (bin/components). `npm test` builds it once for the
 * whole run (`mochaGlobalSetup`, loaded by .mocharc.json); a test file run on its own builds it itself.
 */
import { execFileSync } from "child_process";
import { PROJECT_DIR } from "./planCli";

const BUILT = "PDSTACK_TEST_BUILT";

/** `npm run build` in the project (prebuild drops stale outputs, then `tsc -b`: a build of unchanged sources is a no-op). */
function build(): void {
    execFileSync("npm", ["run", "build", "--silent"], { cwd: PROJECT_DIR, stdio: "pipe" });
    process.env[BUILT] = "1";
}

/** Makes sure bin/components holds a build of the current sources. */
export function ensureBuilt(): void {
    if (process.env[BUILT] !== "1") {
        build();
    }
}

/** Mocha root hook: one build before any test file runs (parallel workers inherit the marker). */
export function mochaGlobalSetup(): void {
    build();
}
