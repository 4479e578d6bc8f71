/**
 * The Prometheus text exposition format (0.0.4, and the sample lines of OpenMetrics 1.0), as
 * client_golang (the EPP) and prometheus_client (vLLM) write it. Pure.
 *
 * Kept hand-written: the one maintained-looking npm parser (parse-prometheus-text-format 1.1.1) folds
 * histograms into objects (the `_count` series this check reads disappear into them) and reads an
 * OpenMetrics exemplar as the sample's timestamp. This one returns every sample line as it is.
 */

/** One sample: a series (name and labels) and its value. `_total`, `_created`, `_count`, `_bucket` are part of the name. */
export interface Sample {
    name: string;
    labels: Record<string, string>;
    /** A float; `+Inf`, `-Inf` and `NaN` as JavaScript reads them. */
    value: number;
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const SPACE = /[ \t]*/y;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TIMESTAMP = /^-?\d+(?:\.\d+)?$/;

/** A sample value as the format writes it; undefined when it is not one. */
export function parseValue(text: string): number | undefined {
    if (NUMBER.test(text)) {
        return Number(text);
    }
    const lower = text.toLowerCase();
    if (lower === "+inf" || lower === "inf") {
        return Infinity;
    }
    if (lower === "-inf") {
        return -Infinity;
    }
    if (lower === "nan") {
        return NaN;
    }
    return undefined;
}

function match(re: RegExp, line: string, at: number): string | undefined {
    re.lastIndex = at;
    const m = re.exec(line);
    return m ? m[0] : undefined;
}

/** The labels between `{` (at `at`) and `}`, and where they end; undefined when malformed. */
function parseLabels(line: string, at: number): { labels: Record<string, string>; end: number } | undefined {
    const labels: Record<string, string> = {};
    let i = at + 1;
    for (;;) {
        i += match(SPACE, line, i)!.length;
        if (line[i] === "}") {
            return { labels, end: i + 1 };
        }
        const name = match(LABEL_NAME, line, i);
        if (!name) {
            return undefined;
        }
        i += name.length;
        i += match(SPACE, line, i)!.length;
        if (line[i] !== "=") {
            return undefined;
        }
        i++;
        i += match(SPACE, line, i)!.length;
        if (line[i] !== '"') {
            return undefined;
        }
        i++;
        let value = "";
        for (;;) {
            const c = line[i];
            if (c === undefined) {
                return undefined;
            }
            if (c === '"') {
                i++;
                break;
            }
            if (c === "\\") {
                const next = line[i + 1];
                if (next === undefined) {
                    return undefined;
                }
                value += next === "n" ? "\n" : next;
                i += 2;
                continue;
            }
            value += c;
            i++;
        }
        labels[name] = value;
        i += match(SPACE, line, i)!.length;
        if (line[i] === ",") {
            i++;
        } else if (line[i] !== "}") {
            return undefined;
        }
    }
}

/** One sample line; undefined when the line is not one (it is then skipped). */
export function parseSampleLine(line: string): Sample | undefined {
    const name = match(NAME, line, 0);
    if (!name) {
        return undefined;
    }
    let i = name.length;
    let labels: Record<string, string> = {};
    if (line[i] === "{") {
        const parsed = parseLabels(line, i);
        if (!parsed) {
            return undefined;
        }
        labels = parsed.labels;
        i = parsed.end;
    }
    // The value, an optional timestamp, and an optional OpenMetrics exemplar (`# {labels} value [timestamp]`).
    const hash = line.indexOf(" #", i);
    const rest = (hash === -1 ? line.slice(i) : line.slice(i, hash)).trim();
    if (rest === "" || !/^[ \t]/.test(line.slice(i))) {
        return undefined;
    }
    const [valueText, timestamp, extra] = rest.split(/[ \t]+/);
    const value = parseValue(valueText);
    if (value === undefined || extra !== undefined || (timestamp !== undefined && !TIMESTAMP.test(timestamp))) {
        return undefined;
    }
    return { name, labels, value };
}

/** Every sample of a page; comments (`# HELP`, `# TYPE`, `# EOF`) and lines that are not samples are skipped. */
export function parsePrometheusText(text: string): Sample[] {
    const samples: Sample[] = [];
    for (const raw of text.split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) {
            continue;
        }
        const sample = parseSampleLine(line);
        if (sample) {
            samples.push(sample);
        }
    }
    return samples;
}

/** Whether a series of `name` whose labels pass `where` is on the page (any value, NaN included). */
export function hasSeries(samples: Sample[], name: string, where: (labels: Record<string, string>) => boolean = () => true): boolean {
    return samples.some((s) => s.name === name && where(s.labels));
}

/**
 * The sum of the series of `name` whose labels pass `where`, NaN samples left out; undefined when the
 * page has no such series with a number.
 */
export function sumSeries(samples: Sample[], name: string, where: (labels: Record<string, string>) => boolean = () => true): number | undefined {
    const series = samples.filter((s) => s.name === name && where(s.labels) && !Number.isNaN(s.value));
    return series.length === 0 ? undefined : series.reduce((sum, s) => sum + s.value, 0);
}

/** A label filter for one model: series without a `model_name` label count too. */
export function forModel(model: string): (labels: Record<string, string>) => boolean {
    return (labels) => labels.model_name === undefined || labels.model_name === model;
}
