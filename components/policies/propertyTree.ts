/** Walks a resource's properties depth-first, with the path of each value as a reader writes it. */

/** One value met on the walk. */
export interface PropertyVisit {
    /** Where the value is: `values.decode.containers[0].image`. */
    path: string;
    /** Its key in the parent object, or its index in the parent array; undefined at the root. */
    key: string | number | undefined;
    value: unknown;
}

/** `values.decode` + `containers` → `values.decode.containers`; `containers` + 0 → `containers[0]`. */
export function joinPath(path: string, key: string | number): string {
    if (typeof key === "number") {
        return `${path}[${key}]`;
    }
    const part = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
    return path === "" ? part : /^[A-Za-z_$]/.test(part) ? `${path}.${part}` : `${path}[${part}]`;
}

/**
 * Every value under `root` (the root itself included), parents before children. `skip` prunes a
 * subtree: it is called with each visit and the subtree is not entered when it returns true.
 */
export function* walkProperties(
    root: unknown,
    skip: (visit: PropertyVisit) => boolean = () => false,
    path = "",
    key: string | number | undefined = undefined,
): Generator<PropertyVisit> {
    const visit: PropertyVisit = { path, key, value: root };
    if (skip(visit)) {
        return;
    }
    yield visit;
    if (Array.isArray(root)) {
        for (let i = 0; i < root.length; i++) {
            yield* walkProperties(root[i], skip, joinPath(path, i), i);
        }
    } else if (typeof root === "object" && root !== null) {
        for (const [k, v] of Object.entries(root)) {
            yield* walkProperties(v, skip, joinPath(path, k), k);
        }
    }
}
