/**
 * `npm run docs`: rewrites the generated blocks of docs/releases/<release>.md, docs/configuration.md and
 * docs/policies.md from the code. `npm run docs -- --check`: writes nothing, and fails naming each page
 * that is not what the code generates. `--dir <folder>`: the docs folder (default docs; release pages in
 * its releases/). One line per page; an error is one line, never a stack trace (./command.ts).
 */
import { docsCommand } from "./command";

const run = docsCommand(process.argv.slice(2));
run.stdout.forEach((line) => console.log(line));
run.stderr.forEach((line) => console.error(line));
process.exitCode = run.code;
