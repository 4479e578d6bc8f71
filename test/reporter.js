"use strict";
// Mocha's spec reporter, plus the plain closing line CI reads: "N passed, N failed".
// With PDSTACK_TEST_TOTALS set (by .ci/run, which runs the unit and e2e suites one after the other),
// the line is prefixed with PDSTACK_TEST_LABEL ("unit:", "e2e:") and the counts are also appended to
// that file as one JSON line, from which .ci/run prints the closing line of the whole run.
const fs = require("fs");
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SpecWithTotals extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats || {};
      const skipped = pending > 0 ? `, ${pending} skipped` : "";
      const label = process.env.PDSTACK_TEST_LABEL ? `${process.env.PDSTACK_TEST_LABEL}: ` : "";
      process.stdout.write(`\n${label}${passes} passed, ${failures} failed${skipped}\n`);
      if (process.env.PDSTACK_TEST_TOTALS) {
        fs.appendFileSync(process.env.PDSTACK_TEST_TOTALS, JSON.stringify({ label: process.env.PDSTACK_TEST_LABEL || "", passes, failures, pending }) + "\n");
      }
    });
  }
}
module.exports = SpecWithTotals;
