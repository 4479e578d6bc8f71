/**
 * The reference pages the generator writes besides the release pages. A new generated page is a file
 * here and one entry below; `npm run docs` creates it under its heading and rewrites its blocks from then on.
 */
import { configFieldsSection, configKeysSection, configReleasesSection } from "./configuration";
import type { ReferencePage } from "./page";
import { policiesSection } from "./policies";

export { allowedValues, ConfigKey, configKeys, ConfigRow } from "./configuration";
export { PageSection, ReferencePage } from "./page";

export const REFERENCE_PAGES: readonly ReferencePage[] = [
    {
        file: "configuration.md",
        heading: "# Configuration reference",
        sections: [configKeysSection, configFieldsSection, configReleasesSection],
    },
    {
        file: "policies.md",
        heading: "# Policies",
        sections: [policiesSection],
    },
];
