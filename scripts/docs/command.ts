/**
 * What `npm run docs` does for its arguments, as a function: the lines it prints and its exit code
 * (scripts/docs/cli.ts prints them). Without `--check` it writes the pages that are not current.
 */
import * as fs from "fs";
import * as path from "path";
import { DOCS_COMMAND, DOCS_DIR, generateAllPages } from "./index";

interface Options {
    check: boolean;
    dir: string;
}

export interface DocsRun {
    code: number;
    stdout: string[];
    stderr: string[];
}

function parseArgs(args: readonly string[]): Options {
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

function run(args: readonly string[]): DocsRun {
    const options = parseArgs(args);
    const stdout: string[] = [];
    let stale = 0;
    for (const page of generateAllPages(options.dir)) {
        const name = path.relative(process.cwd(), page.file) || page.file;
        if (page.current === page.next) {
            stdout.push(`${name}: up to date`);
        } else if (options.check) {
            stale++;
            stdout.push(`${name}: ${page.current === undefined ? "missing" : "not what the code generates"}; run ${DOCS_COMMAND}`);
        } else {
            fs.mkdirSync(path.dirname(page.file), { recursive: true });
            fs.writeFileSync(page.file, page.next);
            stdout.push(`${name}: written`);
        }
    }
    return { code: stale > 0 ? 1 : 0, stdout, stderr: [] };
}

/** `npm run docs` with these arguments; an error is one line on stderr and exit code 1, never a stack trace. */
export function docsCommand(args: readonly string[]): DocsRun {
    try {
        return run(args);
    } catch (e) {
        return { code: 1, stdout: [], stderr: [`${DOCS_COMMAND}: ${(e as Error).message.split("\n")[0]}`] };
    }
}
