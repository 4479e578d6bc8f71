/**
 * The records of upstream facts the llm-d 0.9 tests compare with (test/fixtures/llmd09/*.yaml) are of
 * the commits the 0.9 profile pins: a pin moved without re-recording (test/fixtures/llmd09/SOURCE.md)
 * fails here.
 */
import * as assert from "assert";
import { RELEASE_PROFILES } from "../../../../components/releases";
import {
    AGENTGATEWAY_CONTROL_PLANE,
    ISTIO_1_29_CONTROL_PLANE,
    LLMD_MAIN_AFTER_V0_9_0_COMMIT,
    LLMD_REPOSITORY,
    LLMD_V0_9_0_COMMIT,
    UPSTREAM_COMMITS,
} from "../../../../components/releases/llmd09";
import type { ControlPlaneCharts } from "../../../../components/controlplane/types";
import { llmd09Record, recordFilesPresent } from "../../../support/llmd09Records";
import { RecordName, RECORDS, TREES } from "../../../support/upstream/llmd09";

/** The commit of `repository` a control plane's sources name. */
function sourceCommit(charts: ControlPlaneCharts, repository: string): string {
    const found = charts.sources.filter((s) => s.repository === repository);
    assert.strictEqual(found.length, 1, `${charts.gateway}: one source of ${repository}`);
    return found[0].commit;
}

/** Where the 0.9 profile says each record's facts come from. */
const PINNED: Record<RecordName, { repository: string; commit: string }> = {
    rendered: { repository: LLMD_REPOSITORY, commit: LLMD_V0_9_0_COMMIT },
    guide: { repository: LLMD_REPOSITORY, commit: LLMD_V0_9_0_COMMIT },
    main: { repository: LLMD_REPOSITORY, commit: LLMD_MAIN_AFTER_V0_9_0_COMMIT },
    router: { repository: "llm-d/llm-d-router", commit: UPSTREAM_COMMITS["llm-d/llm-d-router"].commit },
    istio: { repository: "istio/istio", commit: sourceCommit(ISTIO_1_29_CONTROL_PLANE, "istio/istio") },
    agentgateway: { repository: "agentgateway/agentgateway", commit: sourceCommit(AGENTGATEWAY_CONTROL_PLANE, "agentgateway/agentgateway") },
};

describe("llm-d 0.9: the records of upstream facts", () => {
    it("each record names the repository and commit the 0.9 profile pins, and the command that wrote it from a tree at that commit", () => {
        for (const name of Object.keys(RECORDS) as RecordName[]) {
            const { source } = llmd09Record(name);
            assert.deepStrictEqual({ repository: source.repository, commit: source.commit }, PINNED[name], `${RECORDS[name].file}: re-record it (SOURCE.md)`);
            assert.strictEqual(TREES[RECORDS[name].tree], source.repository);
            assert.ok(source.command.includes(` ${RECORDS[name].tree}=<tree>@${source.commit}`), `${RECORDS[name].file}: ${source.command}`);
            assert.ok(source.paths.length > 0);
        }
    });

    it("every llm-d/llm-d commit a 0.9 pin, or a floating reference it replaces, is read from is recorded", () => {
        const pins = RELEASE_PROFILES["0.9"].pins.filter((p) => p.source.repository === LLMD_REPOSITORY);
        const named = new Set(pins.flatMap((p) => [p.source, ...(p.replaces ?? []).map((r) => r.source)]).map((s) => s.commit));
        const recorded = new Set((Object.keys(RECORDS) as RecordName[]).filter((n) => PINNED[n].repository === LLMD_REPOSITORY).map((n) => llmd09Record(n).source.commit));
        assert.deepStrictEqual([...named].sort(), [...recorded].sort());
    });

    it("the folder holds the records and nothing else of theirs: no stale record is left", () => {
        assert.deepStrictEqual(recordFilesPresent(), Object.values(RECORDS).map((r) => r.file).sort());
    });
});
