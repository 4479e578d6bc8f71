/**
 * The table of release profiles is complete by construction: a release added to LLMD_RELEASES without
 * its row does not compile, and the compiler names the table. Checked with the TypeScript compiler on
 * the real sources, with only the list of releases changed in memory.
 */
import * as assert from "assert";
import * as path from "path";
import * as ts from "typescript";
import { LLMD_RELEASES, RELEASE_PROFILES, releaseProfile, gatewayProblem } from "../../../components/releases";
import { GATEWAY_NAMES } from "../../../components/pdstack/gateway";
import { PROJECT_DIR } from "../../support/planCli";

const RELEASES_FILE = path.join(PROJECT_DIR, "components/releases/releases.ts");
const TABLE_FILE = path.join(PROJECT_DIR, "components/releases/index.ts");

/** Type errors of the package's entry point, with `releases.ts` rewritten by `edit`. */
function diagnosticsWith(edit: (source: string) => string): { file: string; line: number; message: string }[] {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(PROJECT_DIR, "tsconfig.build.json"), {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    })!;
    const host = ts.createCompilerHost(config.options);
    const readFile = host.readFile.bind(host);
    host.readFile = (f) => (path.resolve(f) === RELEASES_FILE ? edit(readFile(f)!) : readFile(f));
    // What `tsc --noEmit` reports, less the checks of declaration emit (a fifth of the time; the
    // edit cannot make a declaration unemittable). Most of the rest is reading the ~1,600 files the
    // components import: a smaller root would leave dependents of the list unchecked.
    const options = { ...config.options, noEmit: true, declaration: false, declarationMap: false };
    const program = ts.createProgram({ rootNames: [path.join(PROJECT_DIR, "components/index.ts")], options, host });
    return ts.getPreEmitDiagnostics(program).map((d) => ({
        file: d.file ? path.relative(PROJECT_DIR, d.file.fileName) : "",
        line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
        message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    }));
}

describe("the table of release profiles", () => {
    it("has one row per release, each its own, and every gateway answered by every row", () => {
        assert.deepStrictEqual(Object.keys(RELEASE_PROFILES), [...LLMD_RELEASES]);
        for (const release of LLMD_RELEASES) {
            assert.strictEqual(RELEASE_PROFILES[release].release, release);
            assert.deepStrictEqual(Object.keys(RELEASE_PROFILES[release].gateways).sort(), [...GATEWAY_NAMES].sort(), release);
        }
        assert.strictEqual(releaseProfile().release, "0.2", "the default release");
        assert.strictEqual(gatewayProblem("0.2", "istio"), undefined);
        assert.match(gatewayProblem("0.9", "kgateway")!, /^gateway "kgateway" does not work with llmdVersion "0.9": /);
    });

    it("a release added to the list without its row does not compile, and the error names the table", function () {
        // The sources as they are type-check (npm run typecheck); with one more release:
        const listed = 'export const LLMD_RELEASES = ["0.2", "0.9"] as const;';
        const withNext = diagnosticsWith((s) => {
            assert.ok(s.includes(listed), "the list of releases is written as this test expects");
            return s.replace(listed, 'export const LLMD_RELEASES = ["0.2", "0.9", "0.11"] as const;');
        });
        assert.ok(withNext.length > 0, "adding a release without a row compiled");
        for (const d of withNext) {
            assert.strictEqual(d.file, path.relative(PROJECT_DIR, TABLE_FILE), `an error outside the table: ${JSON.stringify(d)}`);
        }
        assert.ok(
            withNext.some((d) => /Property '0\.11' is missing/.test(d.message) && /Record<"0\.2" \| "0\.9" \| "0\.11", ReleaseProfile>/.test(d.message)),
            JSON.stringify(withNext),
        );
    });
});
