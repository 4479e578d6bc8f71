"use strict";
// The test suite's loader (.mocharc.json): the project's TypeScript runs as the compiled JavaScript the
// command-line tools run (scripts/js/register.js: compiled once into bin/js, shared by the parallel
// workers and by later runs), with source maps on, so that a failure's stack trace names the .ts line.
process.setSourceMapsEnabled(true);
require("../../scripts/js/register.js");
