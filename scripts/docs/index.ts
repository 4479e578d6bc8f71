/**
 * The docs generator: one page per release profile (`docs/releases/<release>.md`) and the reference
 * pages (`docs/configuration.md`, `docs/policies.md`), hand-written prose around blocks generated from
 * the code (a profile's summary, control plane, pins and outputs; the configuration keys; the policy
 * table). Pure functions of the code and the page's current text; cli.ts reads and writes the files.
 */
import * as fs from "fs";
import * as path from "path";
import { LLMD_RELEASES, LlmdRelease, RELEASE_PROFILES } from "../../components/releases";
import { componentOutputs, ComponentOutput, PROJECT_DIR } from "./componentOutputs";
import { fillBlock } from "./markers";
import { RELEASE_PAGE_SECTIONS, ReleasePageSection } from "./sections";
import { REFERENCE_PAGES, ReferencePage } from "./reference";

export { DOCS_COMMAND, endMarker, fillBlock, GeneratedBlock, startMarker } from "./markers";
export { cell, code, table } from "./markdown";
export { ComponentOutput, componentOutputs, PROJECT_DIR } from "./componentOutputs";
export { RELEASE_PAGE_SECTIONS, ReleasePageContext, ReleasePageSection } from "./sections";
export { allowedValues, ConfigKey, configKeys, ConfigRow, PageSection, REFERENCE_PAGES, ReferencePage } from "./reference";

/** Where the docs live. */
export const DOCS_DIR = path.join(PROJECT_DIR, "docs");
/** Where the release pages live. */
export const RELEASE_DOCS_DIR = path.join(DOCS_DIR, "releases");

export function releasePagePath(release: LlmdRelease, dir: string = RELEASE_DOCS_DIR): string {
    return path.join(dir, `${release}.md`);
}

/** The heading a new page starts with (the prose below it is written by hand). */
function newPage(release: LlmdRelease): string {
    return `# ${"`"}llmdVersion: "${release}"${"`"}: ${RELEASE_PROFILES[release].title}\n`;
}

/**
 * A release's page with every generated block rewritten from the code; `current` is the page as it is
 * (undefined for a new page). `where` names the page in errors.
 */
export function renderReleasePage(
    release: LlmdRelease,
    current: string | undefined,
    where: string,
    outputs: readonly ComponentOutput[] = componentOutputs(),
    sections: readonly ReleasePageSection[] = RELEASE_PAGE_SECTIONS,
): string {
    const ctx = { release, profile: RELEASE_PROFILES[release], profiles: RELEASE_PROFILES, outputs };
    return sections.reduce((page, s) => fillBlock(page, { id: s.id, title: s.title, body: s.render(ctx) }, where), current ?? newPage(release));
}

/** One page: where it is, what it holds now (undefined when missing), and what the generator makes of it. */
export interface GeneratedPage {
    /** The release of a release page; undefined for a reference page. */
    release?: LlmdRelease;
    file: string;
    current: string | undefined;
    next: string;
}

/** Every release's page, generated. */
export function generateReleasePages(dir: string = RELEASE_DOCS_DIR): GeneratedPage[] {
    const outputs = componentOutputs();
    return LLMD_RELEASES.map((release) => {
        const file = releasePagePath(release, dir);
        const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        const where = path.relative(PROJECT_DIR, file) || file;
        return { release, file, current, next: renderReleasePage(release, current, where, outputs) };
    });
}

/** A reference page with every generated block rewritten from the code. */
export function renderReferencePage(page: ReferencePage, current: string | undefined, where: string): string {
    return page.sections.reduce((text, s) => fillBlock(text, { id: s.id, title: s.title, body: s.render() }, where), current ?? `${page.heading}\n`);
}

/** Every reference page, generated; `dir` is the docs folder. */
export function generateReferencePages(dir: string = DOCS_DIR): GeneratedPage[] {
    return REFERENCE_PAGES.map((page) => {
        const file = path.join(dir, page.file);
        const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        const where = path.relative(PROJECT_DIR, file) || file;
        return { file, current, next: renderReferencePage(page, current, where) };
    });
}

/** Every generated page of the docs folder `dir`: the release pages (in `dir`/releases) and the reference pages. */
export function generateAllPages(dir: string = DOCS_DIR): GeneratedPage[] {
    return [...generateReleasePages(path.join(dir, "releases")), ...generateReferencePages(dir)];
}
