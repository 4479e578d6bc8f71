/**
 * The Hugging Face token rule, one implementation for PDStack's args and for the program's stack
 * config: PDStack creates Secret `llm-d-hf-token` from `hfToken`, unless `existingHfTokenSecret`
 * names a Secret that already holds `HF_TOKEN`. Exactly one of the two.
 */
import { isDeferred, keyName, kindOf } from "../validation";

/** How a stack stores the token, encrypted. */
export const SET_HF_TOKEN_COMMAND = "pulumi config set --secret hfToken <token>";
/** How a stack names an existing Secret instead. */
export const SET_EXISTING_HF_TOKEN_SECRET_COMMAND = "pulumi config set existingHfTokenSecret <name>";

/** Whether an install needs `hfToken`: when no existing Secret is named (unset or empty). */
export function needsHfToken(existingHfTokenSecret: string | undefined): boolean {
    return existingHfTokenSecret === undefined || existingHfTokenSecret === "";
}

/**
 * What is wrong with how the token is given, as one line naming `hfToken` under `prefix`
 * (`PDStackArgs`, `llm-d-pd:`), or undefined when nothing is. Never includes the token.
 */
export function hfTokenProblem(prefix: string, hasToken: boolean, existingHfTokenSecret: string | undefined): string | undefined {
    const key = keyName(prefix, ["hfToken"]);
    if (needsHfToken(existingHfTokenSecret)) {
        return hasToken
            ? undefined
            : `${key}: is required unless existingHfTokenSecret names a Secret with key HF_TOKEN ` +
                  `(stack config: ${SET_HF_TOKEN_COMMAND}, or ${SET_EXISTING_HF_TOKEN_SECRET_COMMAND})`;
    }
    return hasToken ? `${key}: give either hfToken or existingHfTokenSecret ("${existingHfTokenSecret}"), not both` : undefined;
}

/** The keys PDStackArgs and the stack config take beside the spec's schema: the secret token, checked here. */
export const SECRET_KEYS = ["hfToken"] as const;

/**
 * What is wrong with the token's value itself, as one line naming `hfToken` under `prefix`, or
 * undefined: it must be a non-empty string, or an Output or a Promise of one (a Pulumi secret), as
 * the stack config's encrypted token is. The line says what kind of value was given, never the value.
 */
export function hfTokenValueProblem(prefix: string, value: unknown): string | undefined {
    if (value === undefined || isDeferred(value) || (typeof value === "string" && value.trim() !== "")) {
        return undefined;
    }
    const given = typeof value === "string" ? "an empty string" : kindOf(value);
    return `${keyName(prefix, ["hfToken"])}: must be a non-empty string, or an Output of one such as pulumi.secret(token) (got ${given}; a token is never shown)`;
}
