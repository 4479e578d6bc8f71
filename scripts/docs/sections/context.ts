/** What a section of a release's page is rendered from, and what a section is. */
import type { LlmdRelease, ReleaseProfile } from "../../../components/releases";
import type { ComponentOutput } from "../componentOutputs";

export interface ReleasePageContext {
    release: LlmdRelease;
    profile: ReleaseProfile;
    /** Every release's profile, for what one release says about the others (where an absent output is set). */
    profiles: Readonly<Record<LlmdRelease, ReleaseProfile>>;
    /** PDStack's outputs, as its source documents them. */
    outputs: readonly ComponentOutput[];
}

/** One generated block of every release's page: its marker id, the heading it is added under, its content. */
export interface ReleasePageSection {
    id: string;
    title: string;
    render(ctx: ReleasePageContext): string;
}
