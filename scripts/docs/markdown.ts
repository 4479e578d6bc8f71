/** Markdown the docs generator writes: table cells, tables and code spans, escaped so that any text fits. */

/** Text as one table cell: no line breaks, `|` escaped. */
export function cell(text: string): string {
    return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** A table; every row has as many cells as there are headers. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    for (const row of rows) {
        if (row.length !== headers.length) {
            throw new Error(`a table row has ${row.length} cells for ${headers.length} headers: ${row.join(" / ").slice(0, 80)}`);
        }
    }
    const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
    return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A code span that holds `text` whatever backticks it contains. */
export function code(text: string): string {
    const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}
