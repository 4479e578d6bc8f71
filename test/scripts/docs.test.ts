/**
 * The release pages (docs/releases/<release>.md) and the reference pages (docs/configuration.md,
 * docs/policies.md) are what `npm run docs` generates from the code, so the docs cannot drift from the
 * profiles, the schema, the args' TSDoc or the policy pack; the generator rewrites only its marked blocks
 * and keeps the prose; its tables hold every pin, output and control plane part of each profile, every
 * configuration key and every policy; the CLI checks and writes, failing with one line.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { z } from "zod";
import { POLICIES, RETIRED_POLICIES } from "../../components/policies";
import { pdStackInputSchema } from "../../components/pdstack/spec";
import { LLMD_RELEASES, RELEASE_OUTPUT_NAMES, RELEASE_PROFILES } from "../../components/releases";
import { gkeClusterConfigSchema } from "../../program/cluster";
import {
    allowedValues,
    cell,
    code,
    componentOutputs,
    configKeys,
    DOCS_DIR,
    endMarker,
    fillBlock,
    generateAllPages,
    generateReleasePages,
    REFERENCE_PAGES,
    RELEASE_DOCS_DIR,
    RELEASE_PAGE_SECTIONS,
    releasePagePath,
    renderReferencePage,
    renderReleasePage,
    startMarker,
    table,
} from "../../scripts/docs";
import { PROJECT_DIR } from "../support/planCli";

/** The generated block `id` of a page, without its markers. */
function blockOf(page: string, id: string): string {
    const start = page.indexOf(startMarker(id));
    const end = page.indexOf(endMarker(id));
    assert.ok(start >= 0 && end > start, `no block ${id}`);
    return page.slice(start + startMarker(id).length, end);
}

function runDocsCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ["-r", "./scripts/js/register.js", "scripts/docs/cli.ts", ...args], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        timeout: 600_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("docs/releases: one page per release profile, generated from the code", () => {
    it("every committed page is what npm run docs generates (run it after changing a profile)", () => {
        const pages = generateReleasePages();
        assert.deepStrictEqual(
            pages.map((p) => path.relative(PROJECT_DIR, p.file)),
            LLMD_RELEASES.map((r) => `docs/releases/${r}.md`),
        );
        for (const page of pages) {
            assert.ok(page.current !== undefined, `${page.file} is missing: run npm run docs`);
            assert.ok(page.current === page.next, `${path.relative(PROJECT_DIR, page.file)} is not what the code generates: run npm run docs`);
        }
    });

    it("each page holds every generated section once, and the hand-written prose around them", () => {
        for (const release of LLMD_RELEASES) {
            const page = fs.readFileSync(releasePagePath(release), "utf8");
            assert.ok(page.startsWith(`# \`llmdVersion: "${release}"\`: ${RELEASE_PROFILES[release].title}\n`), release);
            for (const section of RELEASE_PAGE_SECTIONS) {
                assert.strictEqual(page.split(startMarker(section.id)).length, 2, `${release}: ${section.id}`);
            }
            const prose = RELEASE_PAGE_SECTIONS.reduce((p, s) => p.replace(blockOf(p, s.id), ""), page);
            assert.match(prose, /## What differs from upstream's (guide|quickstart)/, release);
        }
    });

    it("the pins block lists every pin: its value, its source's repository, path and commit, and any floating reference it replaces", () => {
        for (const release of LLMD_RELEASES) {
            const pins = blockOf(fs.readFileSync(releasePagePath(release), "utf8"), "pins");
            for (const pin of RELEASE_PROFILES[release].pins) {
                const row = pins.split("\n").find((l) => l.startsWith(`| ${cell(pin.what)} | ${code(pin.value)} |`));
                assert.ok(row, `${release}: no row for ${pin.what}`);
                for (const part of [pin.source.repository, code(pin.source.path), code(pin.source.commit), ...(pin.replaces ?? []).map((r) => code(r.ref))]) {
                    assert.ok(row.includes(cell(part)), `${release} ${pin.what}: the row lacks ${part}`);
                }
            }
        }
        const pins09 = blockOf(fs.readFileSync(releasePagePath("0.9"), "utf8"), "pins");
        assert.match(pins09, /\| replaces upstream's floating reference \|/);
        assert.doesNotMatch(blockOf(fs.readFileSync(releasePagePath("0.2"), "utf8"), "pins"), /floating/, "a column no 0.2 pin fills is left out");
    });

    it("the outputs block says which release outputs the profile sets and, for the others, which release sets them", () => {
        const outputs = componentOutputs();
        assert.deepStrictEqual(
            RELEASE_OUTPUT_NAMES.filter((n) => !outputs.some((o) => o.name === n)),
            [],
            "every release output is a documented PDStack output",
        );
        for (const release of LLMD_RELEASES) {
            const block = blockOf(fs.readFileSync(releasePagePath(release), "utf8"), "outputs");
            for (const name of RELEASE_OUTPUT_NAMES) {
                const row = block.split("\n").find((l) => l.startsWith(`| ${code(name)} |`))!;
                const setBy = LLMD_RELEASES.filter((r) => RELEASE_PROFILES[r].outputs.includes(name));
                assert.ok(row, `${release}: no row for ${name}`);
                if (RELEASE_PROFILES[release].outputs.includes(name)) {
                    assert.ok(row.startsWith(`| ${code(name)} | set |`), row);
                } else {
                    assert.ok(row.includes(`absent (set on ${setBy.map((r) => code(`llmdVersion: "${r}"`)).join(", ")})`), row);
                }
            }
        }
        // The program's stack outputs are read from index.ts.
        assert.strictEqual(outputs.find((o) => o.name === "infraReleaseName")?.programOutput, "infraRelease");
        assert.ok(outputs.find((o) => o.name === "routerReleaseName")!.doc.includes('Set on llmdVersion "0.9" only'));
    });

    it("the control plane block names each part a gateway's install uses, from the profile", () => {
        const block = blockOf(fs.readFileSync(releasePagePath("0.9"), "utf8"), "control-plane");
        const { gatewayApiCrds, inferenceCrds, controllers } = RELEASE_PROFILES["0.9"].controlPlane;
        for (const fact of [gatewayApiCrds.manifest.url, inferenceCrds.manifest.url, inferenceCrds.fromGke!.minimumVersion, controllers.istio!.charts.controller.chart.chart]) {
            assert.ok(block.includes(fact), fact);
        }
        assert.ok(block.split("\n").some((l) => l.startsWith("| `gke` | nothing | Gateway API CRDs v1.5.1")), "gke: GatewayControlPlane installs nothing, the cluster brings the CRDs");
    });
});

describe("the docs generator", () => {
    const block = { id: "pins", title: "Pins", body: "| a | b |\n| --- | --- |\n| 1 | 2 |" };

    it("rewrites only what is between a block's markers; prose before and after stays", () => {
        const page = `# Page\n\nintro\n\n${startMarker("pins")}\n\nold\n\n${endMarker("pins")}\n\noutro\n`;
        const filled = fillBlock(page, block, "p.md");
        assert.strictEqual(filled, `# Page\n\nintro\n\n${startMarker("pins")}\n\n${block.body}\n\n${endMarker("pins")}\n\noutro\n`);
        assert.strictEqual(fillBlock(filled, block, "p.md"), filled, "a second run changes nothing");
    });

    it("adds a block the page has no markers for at its end, under the section's title (how a new section reaches every page)", () => {
        const filled = fillBlock("# Page\n\nprose\n", block, "p.md");
        assert.strictEqual(filled, `# Page\n\nprose\n\n## Pins\n\n${startMarker("pins")}\n\n${block.body}\n\n${endMarker("pins")}\n`);
        const extra = { id: "policies", title: "Policies", render: () => "the policy table" };
        const page = renderReleasePage("0.9", fs.readFileSync(releasePagePath("0.9"), "utf8"), "0.9.md", componentOutputs(), [...RELEASE_PAGE_SECTIONS, extra]);
        assert.ok(page.endsWith(`## Policies\n\n${startMarker("policies")}\n\nthe policy table\n\n${endMarker("policies")}\n`));
    });

    it("refuses a page whose markers are unmatched, repeated or reversed, naming the page and the block", () => {
        const cases = [
            `${startMarker("pins")}\nno end\n`,
            `no start\n${endMarker("pins")}\n`,
            `${startMarker("pins")}\n${endMarker("pins")}\n${startMarker("pins")}\n${endMarker("pins")}\n`,
        ];
        for (const page of cases) {
            assert.throws(() => fillBlock(page, block, "docs/releases/x.md"), /^Error: docs\/releases\/x\.md: block "pins" needs one start and one end marker, found \d and \d; /);
        }
        assert.throws(() => fillBlock(`${endMarker("pins")}\n${startMarker("pins")}\n`, block, "x.md"), /x\.md: block "pins" ends before it starts/);
    });

    it("a new page starts with the release's heading and gets every section", () => {
        const page = renderReleasePage("0.2", undefined, "0.2.md");
        assert.ok(page.startsWith('# `llmdVersion: "0.2"`: llm-d v0.2 (September 2025)\n'));
        for (const s of RELEASE_PAGE_SECTIONS) {
            assert.ok(page.includes(`## ${s.title}\n\n${startMarker(s.id)}`), s.id);
        }
    });

    it("escapes table cells and code spans, and refuses a row of the wrong width", () => {
        assert.strictEqual(table(["a", "b"], [["x|y", "line\nbreak"]]), "| a | b |\n| --- | --- |\n| x\\|y | line break |");
        assert.strictEqual(code("a`b"), "`` a`b ``");
        assert.throws(() => table(["a", "b"], [["only one"]]), /a table row has 1 cells for 2 headers/);
    });

    it("npm run docs -- --check fails on a stale page, one line naming it; npm run docs mends it", function () {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdstack-docs-"));
        try {
            fs.mkdirSync(path.join(dir, "releases"));
            for (const release of LLMD_RELEASES) {
                fs.copyFileSync(releasePagePath(release), releasePagePath(release, path.join(dir, "releases")));
            }
            for (const page of REFERENCE_PAGES) {
                fs.copyFileSync(path.join(DOCS_DIR, page.file), path.join(dir, page.file));
            }
            const page = releasePagePath("0.9", path.join(dir, "releases"));
            const policies = path.join(dir, "policies.md");
            const committedPolicies = fs.readFileSync(policies, "utf8");
            fs.writeFileSync(policies, committedPolicies.replace("| `pd-workload-fit` | advisory |", "| `pd-workload-fit` | mandatory |"));
            const committed = fs.readFileSync(page, "utf8");
            fs.writeFileSync(page, committed.replace("| `xpu` | `ghcr.io/llm-d/llm-d-xpu:v0.9.0` |", "| `xpu` | `ghcr.io/llm-d/llm-d-xpu:v0.7.0` |"));
            assert.notStrictEqual(fs.readFileSync(page, "utf8"), committed, "the page was made stale");

            const check = runDocsCli("--check", "--dir", dir);
            assert.strictEqual(check.status, 1, check.stderr);
            const stale = check.stdout.split("\n").filter((l) => l.includes("not what the code generates"));
            assert.deepStrictEqual(stale, [page, policies].map((p) => `${path.relative(PROJECT_DIR, p)}: not what the code generates; run npm run docs`));

            const write = runDocsCli("--dir", dir);
            assert.strictEqual(write.status, 0, write.stderr);
            assert.strictEqual(fs.readFileSync(page, "utf8"), committed);
            assert.strictEqual(fs.readFileSync(policies, "utf8"), committedPolicies);
            assert.strictEqual(runDocsCli("--check", "--dir", dir).status, 0);

            const bad = runDocsCli("--frobnicate");
            assert.strictEqual(bad.status, 1);
            assert.deepStrictEqual(bad.stderr.trim().split("\n"), ['npm run docs: unknown argument "--frobnicate"; usage: npm run docs -- [--check] [--dir <folder>]']);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.strictEqual(RELEASE_DOCS_DIR, path.join(PROJECT_DIR, "docs", "releases"));
    });
});

describe("docs/configuration.md and docs/policies.md: generated from the schema, the args' TSDoc and the policy pack", () => {
    const read = (file: string) => fs.readFileSync(path.join(DOCS_DIR, file), "utf8");

    it("every committed page, release and reference, is what npm run docs generates", () => {
        const pages = generateAllPages();
        assert.deepStrictEqual(
            pages.map((p) => path.relative(PROJECT_DIR, p.file)),
            [...LLMD_RELEASES.map((r) => `docs/releases/${r}.md`), "docs/configuration.md", "docs/policies.md"],
        );
        for (const page of pages) {
            assert.ok(page.current === page.next, `${path.relative(PROJECT_DIR, page.file)} is not what the code generates: run npm run docs`);
        }
    });

    it("lists every key of the schema, at the top and in each object, with the schema's allowed values", () => {
        const page = read("configuration.md");
        const keys = blockOf(page, "config-keys");
        const fields = blockOf(page, "config-fields");
        const schema = z.toJSONSchema(pdStackInputSchema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, { enum?: string[]; properties?: object }> };
        for (const key of [...Object.keys(schema.properties), "hfToken", "gkeCluster"]) {
            assert.ok(keys.split("\n").some((l) => l.startsWith(`| ${code(key)} |`) || l.startsWith(`| [${code(key)}](`)), `no row for ${key}`);
        }
        assert.ok(keys.includes(`| ${code("hardware")} | **required** | ${["h200-ib", "gke", "xpu"].map(code).join(", ")} |`));
        assert.ok(keys.includes(`| ${LLMD_RELEASES.map(code).join(", ")} |`), "llmdVersion's allowed values are the release profiles");
        for (const leaf of ["resources.limits.cpu", "inputTokens", "accessMode", "prefill.metric", "decode.metric", "deciderFallback", "gpuZones", "create"]) {
            assert.ok(fields.includes(`| ${code(leaf)} |`), `no field row for ${leaf}`);
        }
        const decodeMetric = fields.split("\n").find((l) => l.startsWith(`| ${code("decode.metric")} |`))!;
        assert.ok(decodeMetric.includes(`| ${code("kv-cache-usage")}, ${code("running-requests")} |`), decodeMetric);
        assert.ok(!fields.includes(`| ${code("llmdVersion")} |`), "GkeClusterArgs.llmdVersion is not a field of the stack's gkeCluster key");
        assert.ok(blockOf(page, "config-releases").includes("~~`kgateway`~~"), "kgateway is marked as refused on 0.9");
    });

    it("takes meaning and defaults from the args' TSDoc and allowed values from the schema", () => {
        const keys = configKeys();
        const cache = keys.find((k) => k.key === "modelCache")!;
        const accessMode = cache.fields!.find((f) => f.key === "accessMode")!;
        assert.strictEqual(accessMode.default, '"ReadWriteMany"');
        assert.strictEqual(accessMode.allowed, "`ReadWriteMany`, `ReadWriteOnce`");
        assert.strictEqual(keys.find((k) => k.key === "maxModelLen")!.default, "32000");
        const gke = keys.find((k) => k.key === "gkeCluster")!;
        assert.deepStrictEqual(
            gke.fields!.map((f) => f.key),
            Object.keys((z.toJSONSchema(gkeClusterConfigSchema, { io: "input", unrepresentable: "any" }) as { properties: object }).properties),
        );
        assert.strictEqual(allowedValues({ type: "integer", exclusiveMinimum: 0 }), "an integer ≥ 1");
        assert.strictEqual(allowedValues({ type: "string", pattern: "^a|b$", maxLength: 3 }), "a string, matching `^a|b$`, at most 3 characters");
    });

    it("the policy table has one row per policy of the pack, with its enforcement level, its description and its settings", () => {
        const block = blockOf(read("policies.md"), "policies");
        const rows = block.split("\n").filter((l) => /^\| `pd-/.test(l));
        assert.strictEqual(rows.length, POLICIES.length);
        assert.ok(POLICIES.length >= 10, `${POLICIES.length} policies`);
        for (const [i, policy] of POLICIES.entries()) {
            assert.ok(rows[i].startsWith(`| ${code(policy.name)} | ${policy.enforcementLevel} | ${cell(policy.description)} |`), policy.name);
        }
        assert.ok(rows.find((r) => r.startsWith("| `pd-accelerator-budget` |"))!.includes("`maxAccelerators` (integer, ≥ 1, default `8`)"));
        for (const [old, now] of Object.entries(RETIRED_POLICIES)) {
            assert.ok(block.includes(`${code(old)} → ${code(now)}`), old);
        }
    });

    it("a new reference page starts with its heading and gets every section", () => {
        for (const page of REFERENCE_PAGES) {
            const text = renderReferencePage(page, undefined, page.file);
            assert.ok(text.startsWith(`${page.heading}\n`));
            for (const s of page.sections) {
                assert.ok(text.includes(`## ${s.title}\n\n${startMarker(s.id)}`), s.id);
            }
        }
    });
});
