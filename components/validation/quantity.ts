/** Kubernetes resource quantities (`500m`, `64Gi`, `8`, `1e3`) as numbers, to compare requests with limits. */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const WITH_SUFFIX = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;
const WITH_EXPONENT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))[eE]([+-]?\d+)$/;

/** The value of a quantity in base units (cores, bytes, devices), or undefined when it is not a quantity. */
export function parseQuantity(q: unknown): number | undefined {
    if (typeof q === "number") {
        return Number.isFinite(q) ? q : undefined;
    }
    if (typeof q !== "string") {
        return undefined;
    }
    const s = q.trim();
    const exp = WITH_EXPONENT.exec(s);
    if (exp) {
        return Number(exp[1]) * 10 ** Number(exp[2]);
    }
    const m = WITH_SUFFIX.exec(s);
    if (!m) {
        return undefined;
    }
    const suffix = m[2] ?? "";
    return Number(m[1]) * (BINARY[suffix] ?? DECIMAL[suffix]);
}
