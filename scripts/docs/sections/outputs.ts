/** The outputs only some releases set (`ReleaseProfile.outputs`): which this release sets, and where the others are set. */
import { LLMD_RELEASES, RELEASE_OUTPUT_NAMES } from "../../../components/releases";
import { code, table } from "../markdown";
import type { ReleasePageSection } from "./context";

export const outputsSection: ReleasePageSection = {
    id: "outputs",
    title: "Public outputs",
    render: ({ release, profile, profiles, outputs }) => {
        const doc = (name: string) => {
            const output = outputs.find((o) => o.name === name);
            if (!output) {
                throw new Error(`PDStack has no output ${name}, which components/releases/profile.ts names`);
            }
            return output;
        };
        const rows = RELEASE_OUTPUT_NAMES.map((name) => {
            const setBy = LLMD_RELEASES.filter((r) => profiles[r].outputs.includes(name));
            const here = profile.outputs.includes(name)
                ? "set"
                : `absent (set on ${setBy.map((r) => code(`llmdVersion: "${r}"`)).join(", ") || "no release"})`;
            const program = doc(name).programOutput;
            return [code(name), here, program ? code(program) : "not exported", doc(name).doc];
        });
        const common = outputs.filter((o) => !(RELEASE_OUTPUT_NAMES as readonly string[]).includes(o.name)).map((o) => code(o.name));
        return [
            `The release outputs of ${code("PDStack")} on ${code(`llmdVersion: "${release}"`)}: ${profile.outputs.map(code).join(", ") || "none"}. ` +
                `An output the release does not set is absent. The program column names the stack output ${code("index.ts")} exports it as.`,
            table(["output", "on this release", "program output", "what it is"], rows),
            `Every release also sets ${common.join(", ")} (see their TSDoc in ${code("components/pdstack/pdStack.ts")}; some depend on the gateway).`,
        ].join("\n\n");
    },
};
