/**
 * Numbers PDStack derives from its input and puts into objects, within the limit of the field they
 * set. Counts the user gives are bounded by the schema (`positiveInt`: int32); what is computed from
 * them is checked here. Pure.
 */
import { printable } from "../../validation/printable";

/**
 * The largest `activeDeadlineSeconds` PDStack writes: the field is an int64, and beyond 2^53 a
 * JavaScript number is no longer the integer it prints as (past 1e21 it prints as `4.6e+50`, which
 * the API server refuses to decode).
 */
export const MAX_DEADLINE_SECONDS = Number.MAX_SAFE_INTEGER;

/** Why the model download Job's deadline (seconds, from the model's size) cannot be written, or undefined. */
export function downloadDeadlineProblem(deadlineSeconds: number, modelSize: string): string | undefined {
    if (Number.isSafeInteger(deadlineSeconds) && deadlineSeconds <= MAX_DEADLINE_SECONDS) {
        return undefined;
    }
    const shown = Number.isFinite(deadlineSeconds) ? deadlineSeconds.toExponential(2) : String(deadlineSeconds);
    return (
        `model size ${printable(modelSize)} makes the model download Job's activeDeadlineSeconds ${shown}, above the field's limit ` +
        `${MAX_DEADLINE_SECONDS} (int64, exact in JavaScript): give the model's real size, such as "140Gi"`
    );
}
