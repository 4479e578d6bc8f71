/**
 * The generated sections of every release's page, in page order. A new section (a table of the
 * configuration, of the policies) is a file here and one entry below: `npm run docs` adds it to each
 * page under its title, between its markers, and rewrites it from then on.
 */
import type { ReleasePageSection } from "./context";
import { controlPlaneSection } from "./controlPlane";
import { deploysSection } from "./deploys";
import { namesSection } from "./names";
import { outputsSection } from "./outputs";
import { pinsSection } from "./pins";

export { ReleasePageContext, ReleasePageSection } from "./context";
export { sourceText } from "./pins";

export const RELEASE_PAGE_SECTIONS: readonly ReleasePageSection[] = [deploysSection, namesSection, controlPlaneSection, pinsSection, outputsSection];
