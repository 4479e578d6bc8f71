/**
 * PDStack's input errors reach the user of `pulumi up` as their message alone: they are RunErrors,
 * which the Node.js language host prints without a stack trace (@pulumi/pulumi cmd/run/run.js), and
 * they share one header style.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import type { PDStack as PDStackClass } from "../../../components/pdstack/pdStack";
import { InputError } from "../../../components/validation";
import { ResourceRecorder } from "../../../plan/recorder";

let PDStack: typeof PDStackClass;

function inputError(fn: () => unknown): string {
    try {
        fn();
    } catch (e) {
        assert.ok(pulumi.RunError.isInstance(e as Error), `not a RunError: ${(e as Error).stack}`);
        return (e as Error).message;
    }
    assert.fail("expected an input error");
}

describe("pdstack: input errors", () => {
    before(async () => {
        await ResourceRecorder.install();
        PDStack = (await import("../../../components/pdstack/pdStack")).PDStack;
    });

    it("missing args, a missing token, a token beside an existing Secret, a bad value: RunErrors, `invalid PDStack configuration:`", () => {
        assert.strictEqual(
            inputError(() => new PDStack("pd", undefined as any)),
            'invalid PDStack configuration:\n  PDStackArgs: PDStack "pd" needs args, at least { hardware }',
        );
        assert.strictEqual(
            inputError(() => new PDStack("pd", { hardware: "xpu" })),
            "invalid PDStack configuration:\n  PDStackArgs.hfToken: is required unless existingHfTokenSecret names a Secret with key HF_TOKEN " +
                "(stack config: pulumi config set --secret hfToken <token>, or pulumi config set existingHfTokenSecret <name>)",
        );
        assert.strictEqual(
            inputError(() => new PDStack("pd", { hardware: "xpu", hfToken: pulumi.secret("x"), existingHfTokenSecret: "mine" })),
            'invalid PDStack configuration:\n  PDStackArgs.hfToken: give either hfToken or existingHfTokenSecret ("mine"), not both',
        );
        assert.strictEqual(
            inputError(() => new PDStack("pd", { hardware: "xpu", model: "hf://x/y" as any, existingHfTokenSecret: "mine" })),
            'invalid PDStack configuration:\n  PDStackArgs.model: must be an object; known keys: uri, name, size (got "hf://x/y")',
        );
    });

    it("carry their message as their stack: the language host prints `stack` for an error thrown after the program's module ran (from an apply)", () => {
        const e = new InputError('PDStack "pd": modelCache.storageClassName: one line');
        assert.strictEqual(e.stack, e.message);
        assert.strictEqual(InputError.of("PDStack configuration", ["a: b"]).stack, "invalid PDStack configuration:\n  a: b");
    });
});
