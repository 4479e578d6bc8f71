/**
 * The package build the packaging tests read (bin/components, policy/lib). `npm test` starts it once for
 * the whole run (`mochaGlobalSetup`, loaded by .mocharc.json) and the test files start meanwhile; a test
 * that reads the build waits for it (`ensureBuilt`). A test file run on its own builds it itself.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");
/** "1" once this process or its parent built; else unset. */
const BUILT = "PDSTACK_TEST_BUILT";
/** The file the run's build writes its outcome to ("ok", or what npm printed), set by mochaGlobalSetup. */
const OUTCOME = "PDSTACK_TEST_BUILD_OUTCOME";
/** Only a hung build reaches it: a cold build takes seconds, ten times that on a busy machine. */
const BUILD_LIMIT_MS = 600_000;

const BUILD_COMMAND = ["run", "build", "--silent"] as const;

/** `npm run build` in the project (prebuild drops stale outputs, then `tsc -b`: a build of unchanged sources is a no-op). */
function build(): void {
    execFileSync("npm", BUILD_COMMAND, { cwd: PROJECT_DIR, stdio: "pipe", timeout: BUILD_LIMIT_MS });
    process.env[BUILT] = "1";
}

/** Waits for the outcome the run's build writes; throws what npm printed if it failed. */
function awaitRunBuild(outcomeFile: string): void {
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    const until = Date.now() + BUILD_LIMIT_MS;
    while (!fs.existsSync(outcomeFile)) {
        if (Date.now() > until) {
            throw new Error(`npm run build did not finish within ${BUILD_LIMIT_MS / 1000} s`);
        }
        Atomics.wait(sleeper, 0, 0, 100);
    }
    const outcome = fs.readFileSync(outcomeFile, "utf8");
    if (outcome !== "ok") {
        throw new Error(`npm run build failed:\n${outcome}`);
    }
    process.env[BUILT] = "1";
}

/** Makes sure bin/components holds a build of the current sources. */
export function ensureBuilt(): void {
    if (process.env[BUILT] === "1") {
        return;
    }
    const outcomeFile = process.env[OUTCOME];
    if (outcomeFile) {
        awaitRunBuild(outcomeFile);
    } else {
        build();
    }
}

let running: Promise<void> | undefined;

/**
 * Mocha's global setup: starts the build and returns; the parallel workers, started next, inherit
 * where its outcome will be written.
 */
export function mochaGlobalSetup(): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdstack-build-"));
    const outcomeFile = path.join(dir, "outcome");
    process.env[OUTCOME] = outcomeFile;
    running = new Promise((resolve) => {
        const child = spawn("npm", BUILD_COMMAND, { cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"], timeout: BUILD_LIMIT_MS });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        let ended = false;
        const done = (outcome: string) => {
            if (ended) {
                return;
            }
            ended = true;
            fs.writeFileSync(`${outcomeFile}.tmp`, outcome);
            fs.renameSync(`${outcomeFile}.tmp`, outcomeFile);
            resolve();
        };
        child.on("error", (e) => done(`npm could not start: ${e.message}`));
        child.on("close", (code, signal) => done(code === 0 ? "ok" : `${output.trim()}\n(npm run build exited ${code ?? signal})`));
    });
}

/** Mocha's global teardown: the build has ended before the run does; its folder goes. */
export async function mochaGlobalTeardown(): Promise<void> {
    await running;
    const outcomeFile = process.env[OUTCOME];
    if (outcomeFile) {
        fs.rmSync(path.dirname(outcomeFile), { recursive: true, force: true });
    }
}
