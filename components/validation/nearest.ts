/** The known name nearest to a misspelt one, for "did you mean" hints. Pure. */

/** Levenshtein distance, case-insensitive. */
function distance(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
        const cur = [i];
        for (let j = 1; j <= y.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[y.length];
}

/**
 * The name of `known` nearest to `given`, if it is near enough to be a typo: at most a third of its
 * letters differ (at least one, at most 3). Undefined for a name far from every known one, or a long one.
 */
export function nearestName(given: string, known: readonly string[]): string | undefined {
    if (given.length > 64) {
        return undefined;
    }
    let best: { name: string; d: number } | undefined;
    for (const name of known) {
        const d = distance(given, name);
        if (!best || d < best.d) {
            best = { name, d };
        }
    }
    const allowed = Math.min(3, Math.max(1, Math.floor(given.length / 3)));
    return best && best.d > 0 && best.d <= allowed ? best.name : undefined;
}
