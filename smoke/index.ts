/**
 * `npm run smoke -- --endpoint <url> --model <name> [--requests N] [--timeout SECONDS] [--json]
 * [--metrics --epp-metrics <url> --prefill-metrics <url> --decode-metrics <url>]`: checks a deployed
 * PDStack answers through its gateway and, with `--metrics`, that its requests went through prefill
 * and decode (see smoke/args.ts USAGE, docs/smoke.md, and the stack output `smokeCommand`).
 *
 * Exit codes: 0 when every request succeeded (and, with --metrics, P/D happened); 1 when the check
 * failed (nothing listens, the model is not served, the server answered an error, a request or the
 * run ran out of time, P/D did not happen), with one line on stderr; 2 on bad arguments, with one
 * line on stderr. `--json` prints one JSON document on stdout whenever the arguments were valid.
 *
 * Nothing a server sends reaches the terminal raw (smoke/printable.ts), and the process ends by
 * itself once its output is written: the exit code is set, never `process.exit()`ed.
 */
import { parseSmokeArgs, SmokeOptions, USAGE, UsageError } from "./args";
import { escapeControls, oneLine, safeJson } from "./printable";
import { headerLines, requestLine, summaryLines } from "./report";
import { runSmoke } from "./run";
import { readEppToken } from "./token";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Where the command writes, and the environment it reads a token from (the real ones by default). */
export interface SmokeIo {
    stdout: { write(text: string): unknown };
    stderr: { write(text: string): unknown };
    env: NodeJS.ProcessEnv;
}

const PROCESS_IO: SmokeIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** Writes lines, each with any control character escaped (the last guard: the parts are escaped already). */
function say(stream: SmokeIo["stdout"], text: string): void {
    stream.write(`${text.split("\n").map(escapeControls).join("\n")}\n`);
}

/** Runs the command; returns the exit code. Never throws for a failed check. */
export async function main(argv: string[], io: SmokeIo = PROCESS_IO): Promise<number> {
    let opts: SmokeOptions | "help";
    let eppToken: string | undefined;
    try {
        opts = parseSmokeArgs(argv);
        eppToken = opts === "help" ? undefined : readEppToken(opts.eppToken, io.env);
    } catch (err) {
        if (err instanceof UsageError) {
            say(io.stderr, `smoke: ${err.message} (npm run smoke -- --help)`);
            return EXIT_USAGE;
        }
        throw err;
    }
    if (opts === "help") {
        say(io.stdout, USAGE);
        return EXIT_OK;
    }
    const o = opts;
    const report = await runSmoke(
        o,
        o.json
            ? {}
            : {
                  onServed: (served) => headerLines(o.endpoint, o.model, served, o.stream).forEach((l) => say(io.stdout, l)),
                  onRequest: (r) => say(io.stdout, requestLine(r)),
              },
        eppToken,
    );
    if (o.json) {
        io.stdout.write(`${safeJson(report)}\n`);
    } else if (report.prefill) {
        summaryLines(report).forEach((l) => say(io.stdout, l));
    }
    if (!report.ok) {
        say(io.stderr, `smoke: ${report.error}`);
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
            say(process.stderr, `smoke: unexpected failure: ${oneLine(err instanceof Error ? err.message : String(err), 300)}`);
            process.exitCode = EXIT_FAILED;
        },
    );
}
