import * as pulumi from "@pulumi/pulumi";
import { escapeControls } from "./printable";

/**
 * The one header every input error starts with: `invalid <what>:` then one line per problem, each
 * escaped (./printable) so that no value in it can break the line or reach a terminal raw.
 */
export function inputErrorMessage(what: string, lines: string[]): string {
    return `invalid ${what}:\n${lines.map((l) => `  ${escapeControls(l.trimStart())}`).join("\n")}`;
}

/**
 * Bad input to a component or to the stack config. The message names the key, what was given
 * (never a secret's value) and what is allowed; it is thrown before any resource is registered.
 *
 * It is a `pulumi.RunError`, so the Node.js language host prints the message alone, without a
 * stack trace, under `pulumi preview` and `pulumi up` (`@pulumi/pulumi` `cmd/run/run.js`). Its `stack`
 * is the message too: an error thrown once the program's module has run (from an Output's `apply`, as
 * a check of what preview read from the cluster) reaches the host's first handler
 * (`cmd/run/index.js`), which prints `stack` whatever the error.
 */
export class InputError extends pulumi.RunError {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
        this.stack = message;
    }

    /** An error with the one header style: `invalid <what>:` and an indented line per problem. */
    static of(what: string, lines: string[]): InputError {
        return new InputError(inputErrorMessage(what, lines));
    }
}
