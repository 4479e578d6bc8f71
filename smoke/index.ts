/**
 * `npm run smoke -- --endpoint <url> --model <name> [--requests N] [--timeout SECONDS] [--json]`:
 * checks a deployed PDStack answers through its gateway (see smoke/args.ts USAGE, and the stack
 * output `smokeCommand` for the exact command of a stack).
 *
 * Exit codes: 0 when every request succeeded; 1 when the check failed (nothing listens, the model is
 * not served, the server answered an error, a request or the run ran out of time), with one line on
 * stderr; 2 on bad arguments, with one line on stderr. `--json` prints one JSON document on stdout
 * whenever the arguments were valid.
 */
import { parseSmokeArgs, SmokeOptions, USAGE, UsageError } from "./args";
import { headerLines, requestLine, summaryLines } from "./report";
import { runSmoke } from "./run";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function say(stream: NodeJS.WriteStream, line: string): void {
    stream.write(`${line}\n`);
}

/** Runs the command; returns the exit code. Never throws for a failed check. */
export async function main(argv: string[]): Promise<number> {
    let opts: SmokeOptions | "help";
    try {
        opts = parseSmokeArgs(argv);
    } catch (err) {
        if (err instanceof UsageError) {
            say(process.stderr, `smoke: ${err.message} (npm run smoke -- --help)`);
            return EXIT_USAGE;
        }
        throw err;
    }
    if (opts === "help") {
        say(process.stdout, USAGE);
        return EXIT_OK;
    }
    const o = opts;
    const report = await runSmoke(
        o,
        o.json
            ? {}
            : {
                  onServed: (served) => headerLines(o.endpoint, o.model, served, o.stream).forEach((l) => say(process.stdout, l)),
                  onRequest: (r) => say(process.stdout, requestLine(r)),
              },
    );
    if (o.json) {
        say(process.stdout, JSON.stringify(report, null, 2));
    } else if (report.prefill) {
        summaryLines(report).forEach((l) => say(process.stdout, l));
    }
    if (!report.ok) {
        say(process.stderr, `smoke: ${report.error}`);
        return EXIT_FAILED;
    }
    return EXIT_OK;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (err: unknown) => {
            say(process.stderr, `smoke: unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
            process.exitCode = EXIT_FAILED;
        },
    );
}
