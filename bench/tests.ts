/**
 * Measures the test suite as CI runs it (`npm test`: mocha with .mocharc.json, parallel, one package
 * build): wall time of N whole runs, and the closing "N passed, N failed" line of each.
 *
 *   npm run bench:tests [-- --runs 3]
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { parseArgs } from "node:util";

const PROJECT_DIR = path.resolve(__dirname, "..");

const { values } = parseArgs({ options: { runs: { type: "string", default: "1" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 10) {
    console.error(`bench:tests: --runs must be an integer from 1 to 10 (got ${values.runs})`);
    process.exit(2);
}

for (let i = 1; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(PROJECT_DIR, "node_modules", "mocha", "bin", "mocha.js")], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const totals = /^(\d+) passed, (\d+) failed.*$/m.exec(r.stdout)?.[0] ?? `no totals line (exit ${r.status})`;
    console.log(`npm test run ${i}/${runs}: ${seconds.toFixed(1)} s wall, ${totals}`);
}
