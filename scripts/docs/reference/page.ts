/**
 * The reference pages of docs/ (configuration, policies): hand-written prose around blocks generated
 * from the code, like the release pages, but one page each rather than one per release.
 */

/** One generated block of a reference page: its marker id, the heading it is added under, its content. */
export interface PageSection {
    id: string;
    title: string;
    render(): string;
}

/** A reference page: its file under docs/, the heading a new page starts with, its generated blocks in page order. */
export interface ReferencePage {
    file: string;
    heading: string;
    sections: readonly PageSection[];
}
