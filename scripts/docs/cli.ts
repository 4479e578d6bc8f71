/**
 * `npm run docs`: rewrites the generated blocks of docs/releases/<release>.md, docs/configuration.md and
 * docs/policies.md from the code. `npm run docs -- --check`: writes nothing, and fails naming each page
 * that is not what the code generates. `--dir <folder>`: the docs folder (default docs; release pages in
 * its releases/). One line per page; an error is one line, never a stack trace.
 */
import * as fs from "fs";
import * as path from "path";
import { DOCS_COMMAND, DOCS_DIR, generateAllPages } from "./index";

interface Options {
    check: boolean;
    dir: string;
}

function parseArgs(args: string[]): Options {
    const options: Options = { check: false, dir: DOCS_DIR };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === "--check") {
            options.check = true;
        } else if (arg === "--dir" && i + 1 < args.length) {
            options.dir = path.resolve(args[++i]);
        } else {
            throw new Error(`unknown argument ${JSON.stringify(arg.slice(0, 60))}; usage: ${DOCS_COMMAND} -- [--check] [--dir <folder>]`);
        }
    }
    return options;
}

function main(args: string[]): void {
    const options = parseArgs(args);
    const pages = generateAllPages(options.dir);
    let stale = 0;
    for (const page of pages) {
        const name = path.relative(process.cwd(), page.file) || page.file;
        if (page.current === page.next) {
            console.log(`${name}: up to date`);
        } else if (options.check) {
            stale++;
            console.log(`${name}: ${page.current === undefined ? "missing" : "not what the code generates"}; run ${DOCS_COMMAND}`);
        } else {
            fs.mkdirSync(path.dirname(page.file), { recursive: true });
            fs.writeFileSync(page.file, page.next);
            console.log(`${name}: written`);
        }
    }
    if (stale > 0) {
        process.exitCode = 1;
    }
}

try {
    main(process.argv.slice(2));
} catch (e) {
    console.error(`${DOCS_COMMAND}: ${(e as Error).message.split("\n")[0]}`);
    process.exitCode = 1;
}
