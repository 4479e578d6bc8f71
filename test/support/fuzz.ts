/**
 * What the suite's fuzz targets share: a seeded PRNG, a small generator over it, and the seed and
 * count (FUZZ_SEED and FUZZ_COUNT run other or more cases). A failure names its seed and case.
 */

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export class Gen {
    constructor(readonly r: () => number) {}
    int(n: number): number {
        return Math.floor(this.r() * n);
    }
    pick<T>(xs: readonly T[]): T {
        return xs[this.int(xs.length)];
    }
    chance(p: number): boolean {
        return this.r() < p;
    }
    /** Text with control characters, separators, bidi controls, quotes and backslashes mixed in. */
    text(max: number): string {
        const alphabet = ["a", "b", " ", "/", '"', "\\", "\u001b[2J", "\u0007", "\n", "\r", "\t", "\u0000", "\u007f", "\u009b", "\u202e", "\u2028", "é", "😀", "{", "}", ",", "="];
        return Array.from({ length: this.int(max) }, () => this.pick(alphabet)).join("");
    }
}

/** The seed and the number of cases of a fuzz target, from FUZZ_SEED and FUZZ_COUNT when set. */
export function fuzzBudget(defaultCount: number, defaultSeed = 18): { seed: number; count: number } {
    return { seed: Number(process.env.FUZZ_SEED ?? defaultSeed), count: Number(process.env.FUZZ_COUNT ?? defaultCount) };
}
