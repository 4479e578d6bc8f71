#!/usr/bin/env node
"use strict";
// `npx pdstack plan --stack <name> [...]`: the offline plan (plan.ts) run directly, not through `npm
// run`, so that stdout holds the plan and nothing else, whatever the exit code: the documented command
// for a script that reads the JSON (`--json`). Works in a clone of the PDStack repository, where
// plan.ts is; the published package ships the components only.
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const USAGE = "usage: pdstack plan --stack <name> [--stack <name> ...] [--json] [...] (pdstack plan --help for all options)";

const [command, ...args] = process.argv.slice(2);
if (command === "plan" && fs.existsSync(path.join(ROOT, "plan.ts"))) {
    require("./register");
    require(path.join(ROOT, "plan.ts")).cli(args);
} else if (command === "plan") {
    process.stderr.write(`pdstack plan runs in a clone of the PDStack repository (after npm ci there); ${ROOT} has no plan.ts\n`);
    process.exitCode = 1;
} else {
    process.stderr.write(`${command === undefined ? "missing command" : `unknown command ${JSON.stringify(command)}`}; ${USAGE}\n`);
    process.exitCode = 2;
}
