/** What a release deploys: its summary, its default vLLM images, and the gateways it works with. */
import { GATEWAY_NAMES } from "../../../components/pdstack/gateway";
import { HARDWARE_NAMES } from "../../../components/pdstack/hardware";
import { code, table } from "../markdown";
import type { ReleasePageSection } from "./context";

export const deploysSection: ReleasePageSection = {
    id: "deploys",
    title: "What it deploys",
    render: ({ release, profile }) =>
        [
            `**${code(`llmdVersion: "${release}"`)}**: ${profile.title}. ${profile.summary}.`,
            table(
                ["hardware", "vLLM image when `vllmImage` is empty"],
                HARDWARE_NAMES.map((h) => [code(h), code(profile.defaultVllmImage[h])]),
            ),
            table(
                ["gateway", "with this release"],
                GATEWAY_NAMES.map((g) => {
                    const support = profile.gateways[g];
                    return [code(g), support.supported ? "yes" : `no: ${support.why}`];
                }),
            ),
        ].join("\n\n"),
};
