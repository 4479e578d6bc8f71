/**
 * The records of upstream facts the llm-d 0.9 tests compare PDStack with (test/fixtures/llmd09/*.yaml):
 * which upstream tree each is read from, and how. `npm run record:llmd09` writes them (cli.ts).
 */
import * as path from "path";
import { LLMD_REPOSITORY } from "../../../../components/releases/llmd09";
import { Facts, formatRecord } from "../recordFile";
import { UpstreamTree } from "../tree";
import { agentgatewayRecord } from "./agentgateway";
import { istioRecord } from "./istio";
import { guideRecord, mainRecord, renderedRecord } from "./llmd";
import { routerRecord } from "./router";

export { AGENTGATEWAY_CHART_VALUES } from "./agentgateway";
export { ISTIO_FILES } from "./istio";
export { GATEWAY_DOCS, KGATEWAY_RECIPE, OVERLAY_OF_HARDWARE, RECIPE_OF_GATEWAY } from "./llmd";
export { ROUTER_FILES } from "./router";

/** test/fixtures/llmd09: where the records are kept (see its SOURCE.md). */
export const LLMD09_FIXTURES = path.resolve(__dirname, "..", "..", "..", "fixtures", "llmd09");

/** The upstream trees the records are read from, and the repository each is of. */
export const TREES = {
    /** llm-d/llm-d at the commit the 0.9 profile's pins are read from. */
    "llm-d": LLMD_REPOSITORY,
    /** llm-d/llm-d at the commit of `main` whose floating references the pins replace. */
    "llm-d-main": LLMD_REPOSITORY,
    "llm-d-router": "llm-d/llm-d-router",
    istio: "istio/istio",
    agentgateway: "agentgateway/agentgateway",
} as const;
export type TreeName = keyof typeof TREES;

interface RecordSpec {
    file: string;
    tree: TreeName;
    read: (tree: UpstreamTree) => Facts | Promise<Facts>;
}

/** Every record: its file, the tree it is read from, how. */
export const RECORDS = {
    /** The model-server overlays and Gateway recipes, rendered. */
    rendered: { file: "llm-d.rendered.yaml", tree: "llm-d", read: renderedRecord },
    /** The guide's variables, defaults, install commands, router values. */
    guide: { file: "llm-d.guide.yaml", tree: "llm-d", read: guideRecord },
    /** `main`'s floating references. */
    main: { file: "llm-d-main.guide.yaml", tree: "llm-d-main", read: mainRecord },
    router: { file: "llm-d-router.yaml", tree: "llm-d-router", read: routerRecord },
    istio: { file: "istio.yaml", tree: "istio", read: istioRecord },
    agentgateway: { file: "agentgateway.yaml", tree: "agentgateway", read: agentgatewayRecord },
} as const satisfies Record<string, RecordSpec>;
export type RecordName = keyof typeof RECORDS;

/** Where each tree was exported and the commit it was exported at. */
export type TreeLocations = Record<TreeName, { root: string; commit: string }>;

/** The command that writes the records from trees at these commits (the folders are the developer's). */
export function recordCommand(trees: TreeLocations): string {
    return `npm run record:llmd09 -- ${Object.keys(TREES).map((name) => `${name}=<tree>@${trees[name as TreeName].commit}`).join(" ")}`;
}

/** Each record's file name and text, read from the trees. */
export async function writeRecords(trees: TreeLocations): Promise<Array<{ file: string; text: string }>> {
    const command = recordCommand(trees);
    const out: Array<{ file: string; text: string }> = [];
    for (const spec of Object.values(RECORDS) as RecordSpec[]) {
        const at = trees[spec.tree];
        const tree = new UpstreamTree(TREES[spec.tree], at.root, at.commit);
        const facts = await spec.read(tree);
        out.push({ file: spec.file, text: formatRecord({ source: { repository: tree.repository, commit: tree.commit, paths: tree.paths(), command }, facts }) });
    }
    return out;
}
