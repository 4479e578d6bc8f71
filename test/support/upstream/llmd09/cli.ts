/**
 * `npm run record:llmd09 -- [--out <folder>] llm-d=<folder>@<commit> llm-d-main=<folder>@<commit>
 * llm-d-router=<folder>@<commit> istio=<folder>@<commit> agentgateway=<folder>@<commit>`: writes the
 * records of upstream facts (default folder test/fixtures/llmd09) from upstream trees exported with
 * `git archive <commit>`. Run by a developer when the 0.9 profile's pins move; never in CI.
 */
import * as fs from "fs";
import * as path from "path";
import { LLMD09_FIXTURES, TreeLocations, TREES, writeRecords } from ".";

function parseArgs(argv: string[]): { out: string; trees: TreeLocations } {
    let out = LLMD09_FIXTURES;
    const trees: Partial<TreeLocations> = {};
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--out") {
            out = path.resolve(argv[++i]);
            continue;
        }
        const m = /^([a-z-]+)=(.+)@([0-9a-f]{40})$/.exec(argv[i]);
        if (!m || !(m[1] in TREES)) {
            throw new Error(`"${argv[i]}": expected <tree>=<folder>@<40-hex commit>, <tree> one of ${Object.keys(TREES).join(", ")}`);
        }
        trees[m[1] as keyof TreeLocations] = { root: path.resolve(m[2]), commit: m[3] };
    }
    const missing = Object.keys(TREES).filter((t) => !(t in trees));
    if (missing.length > 0) {
        throw new Error(`no folder given for ${missing.join(", ")}`);
    }
    return { out, trees: trees as TreeLocations };
}

async function main(): Promise<void> {
    const { out, trees } = parseArgs(process.argv.slice(2));
    fs.mkdirSync(out, { recursive: true });
    for (const { file, text } of await writeRecords(trees)) {
        fs.writeFileSync(path.join(out, file), text);
        console.log(`${path.join(out, file)}: ${text.length} bytes`);
    }
}

main().catch((e) => {
    console.error((e as Error).message);
    process.exitCode = 1; // not process.exit(): the lines already written to a pipe would be cut
});
