"use strict";
// `npm run build:policy` (also the last step of `npm run build`): compiles the policies the pack serves,
// components/policies and every module they import, into policy/lib, which the pack ships. The pack
// then installs with registry dependencies only (policy/package.json), wherever `pulumi policy publish`
// sends it; it does not depend on the pdstack package. lib/ is rebuilt from scratch, so a module no
// longer imported never ships.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const policyDir = path.join(__dirname, "..", "policy");
fs.rmSync(path.join(policyDir, "lib"), { recursive: true, force: true });
try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(policyDir, "tsconfig.build.json")], { stdio: "inherit" });
} catch {
    process.stderr.write("build:policy: tsc could not compile the policies into policy/lib (errors above)\n");
    process.exitCode = 1;
}
