"use strict";
// `npm run build:policy` (also the last step of `npm run build`): compiles the policies the pack serves,
// components/policies and every module they import, into policy/lib, which the pack ships. The pack
// then installs with registry dependencies only (policy/package.json), wherever `pulumi policy publish`
// sends it; it does not depend on the pdstack package.
//
// tsc's build mode (`tsc -b`) leaves an up-to-date lib/ as it is (its build info is bin/policy.tsbuildinfo).
// When anything changed, lib/ is rebuilt from scratch, so a module no longer imported never ships.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const policyDir = path.join(__dirname, "..", "policy");
const project = path.join(policyDir, "tsconfig.build.json");
const tsc = (...args) => execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-b", project, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
try {
    // `--dry` says whether a build would do anything ("... is up to date" when not).
    if (!/is up to date/.test(tsc("--dry")) || !fs.existsSync(path.join(policyDir, "lib", "policies", "index.js"))) {
        fs.rmSync(path.join(policyDir, "lib"), { recursive: true, force: true });
        fs.rmSync(path.join(__dirname, "..", "bin", "policy.tsbuildinfo"), { force: true });
        process.stdout.write(tsc());
    }
} catch (e) {
    process.stdout.write(e.stdout ?? "");
    process.stderr.write("build:policy: tsc could not compile the policies into policy/lib (errors above)\n");
    process.exitCode = 1;
}
