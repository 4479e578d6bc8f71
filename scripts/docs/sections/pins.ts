/** Every pin of a release with its upstream source, where its version is published, and the floating reference it replaces. */
import type { FloatingRef, Pin, UpstreamSource } from "../../../components/releases";
import { code, table } from "../markdown";
import type { ReleasePageSection } from "./context";

/** `repository`: `path` (`key`) at `commit`; note. */
export function sourceText(source: UpstreamSource): string {
    const key = source.key ? ` ${code(source.key)}` : "";
    const note = source.note ? `; ${source.note}` : "";
    return `${source.repository}: ${code(source.path)}${key} at ${code(source.commit)}${note}`;
}

function floatingText(ref: FloatingRef): string {
    return `${code(ref.ref)} (${sourceText(ref.source)})`;
}

/** The columns of the pins table; the optional ones only when some pin fills them. */
const COLUMNS: { header: string; value: (p: Pin) => string | undefined; optional?: boolean }[] = [
    { header: "what", value: (p) => p.what },
    { header: "pinned", value: (p) => code(p.value) },
    { header: "published at", value: (p) => p.published, optional: true },
    { header: "upstream source", value: (p) => sourceText(p.source) },
    { header: "replaces upstream's floating reference", value: (p) => p.replaces?.map(floatingText).join("; "), optional: true },
];

export const pinsSection: ReleasePageSection = {
    id: "pins",
    title: "Pins and their upstream sources",
    render: ({ profile }) => {
        const columns = COLUMNS.filter((c) => !c.optional || profile.pins.some((p) => c.value(p) !== undefined));
        const commits = new Map<string, string>();
        for (const source of profile.pins.flatMap((p) => [p.source, ...(p.replaces ?? []).map((r) => r.source)])) {
            commits.set(`${source.repository} ${source.commit}`, `${source.repository} at ${code(source.commit)}`);
        }
        return [
            table(
                columns.map((c) => c.header),
                profile.pins.map((p) => columns.map((c) => c.value(p) ?? "—")),
            ),
            `Upstream commits these pins were read at:\n\n${[...commits.values()].map((c) => `- ${c}`).join("\n")}`,
        ].join("\n\n");
    },
};
