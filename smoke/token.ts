/**
 * The EPP's bearer token, read from where `--epp-token-file` or `--epp-token-env` says. Its value is
 * never printed: the messages name the file or the variable, and what is wrong with the content.
 */
import * as fs from "fs";
import { SmokeOptions, UsageError } from "./args";
import { printable } from "./printable";

/** Largest token file read (a ServiceAccount token is about 1 KiB). */
export const TOKEN_MAX_BYTES = 64 << 10;

/** The token, trimmed; undefined when none was asked for. Throws {@link UsageError}. */
export function readEppToken(source: SmokeOptions["eppToken"], env: NodeJS.ProcessEnv = process.env): string | undefined {
    if (!source) {
        return undefined;
    }
    let raw: string;
    let where: string;
    if ("file" in source) {
        where = `--epp-token-file ${printable(source.file)}`;
        let size: number;
        try {
            size = fs.statSync(source.file).size;
        } catch (err) {
            throw new UsageError(`${where}: cannot read it (${(err as NodeJS.ErrnoException).code ?? "error"})`);
        }
        if (size > TOKEN_MAX_BYTES) {
            throw new UsageError(`${where}: the file has ${size} bytes, more than a token (at most ${TOKEN_MAX_BYTES})`);
        }
        try {
            raw = fs.readFileSync(source.file, "utf8");
        } catch (err) {
            throw new UsageError(`${where}: cannot read it (${(err as NodeJS.ErrnoException).code ?? "error"})`);
        }
    } else {
        where = `--epp-token-env ${source.env}`;
        raw = env[source.env] ?? "";
        if (raw.length > TOKEN_MAX_BYTES) {
            throw new UsageError(`${where}: the variable holds ${raw.length} characters, more than a token (at most ${TOKEN_MAX_BYTES})`);
        }
    }
    const token = raw.trim();
    if (token === "") {
        throw new UsageError(`${where}: ${"file" in source ? "the file is empty" : "the variable is not set or empty"}`);
    }
    // A header value: no whitespace or control character inside, nothing outside visible ASCII.
    if (!/^[\x21-\x7e]+$/.test(token)) {
        throw new UsageError(`${where}: the token has a space, a line break or a character outside printable ASCII inside (one bearer token expected, without "Bearer ")`);
    }
    return token;
}
