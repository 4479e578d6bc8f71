/** A render that cannot go on: one line naming what is missing or wrong and how to fix it (exit 1). */
export class RenderError extends Error {
    override name = "RenderError";
}
