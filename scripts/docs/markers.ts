/**
 * The generated blocks of a hand-written page: each between a start and an end marker comment, so
 * that the generator rewrites only what is between them and the prose around them stays.
 */

/** How the pages name the command that writes them. */
export const DOCS_COMMAND = "npm run docs";

/** A block of a page the generator writes: its id (the markers'), the heading it gets when first added, its content. */
export interface GeneratedBlock {
    id: string;
    title: string;
    body: string;
}

export function startMarker(id: string): string {
    return `<!-- generated:${id} by ${DOCS_COMMAND}: edit the code it is generated from, not this block -->`;
}

export function endMarker(id: string): string {
    return `<!-- /generated:${id} -->`;
}

function occurrences(text: string, needle: string): number[] {
    const at: number[] = [];
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) {
        at.push(i);
    }
    return at;
}

/**
 * The page with the block's content between its markers, everything else unchanged; a block the
 * page has no markers for is added at the end under its heading. `where` names the page in errors.
 */
export function fillBlock(page: string, block: GeneratedBlock, where: string): string {
    const startPrefix = `<!-- generated:${block.id} `;
    const starts = occurrences(page, startPrefix);
    const ends = occurrences(page, endMarker(block.id));
    const content = `${startMarker(block.id)}\n\n${block.body.trim()}\n\n${endMarker(block.id)}`;
    if (starts.length === 0 && ends.length === 0) {
        return `${page.replace(/\s*$/, "")}\n\n## ${block.title}\n\n${content}\n`;
    }
    if (starts.length !== 1 || ends.length !== 1) {
        throw new Error(
            `${where}: block "${block.id}" needs one start and one end marker, found ${starts.length} and ${ends.length}; ` +
                `mend the page (or delete both markers to have the block added again)`,
        );
    }
    const startEnd = page.indexOf("-->", starts[0]);
    if (startEnd < 0 || startEnd > ends[0]) {
        throw new Error(`${where}: block "${block.id}" ends before it starts; mend the page`);
    }
    return page.slice(0, starts[0]) + content + page.slice(ends[0] + endMarker(block.id).length);
}
