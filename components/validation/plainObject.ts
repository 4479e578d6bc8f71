/** Whether a value is a plain JSON-like object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
