/**
 * The Pulumi CLI version the program and the component package require (issue 17.6). The CLI reads
 * `requiredPulumiVersion` from Pulumi.yaml (workspace.Project) and from PulumiPlugin.yaml
 * (workspace.PluginProject) and refuses to run when its own version is outside the range
 * (plugin.ValidatePulumiVersionRange). 3.158.0 is the first CLI whose engine gives a child resource the
 * parent's retainOnDelete when the child sets none (pulumi/pulumi#18956): before it, the CRDs of
 * GatewayControlPlane's charts and manifests were deleted on destroy despite retainCrdsOnDelete.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT_DIR } from "../support/planCli";

const REQUIRED = ">=3.158.0";

/** `a` compared with `b`, both `major.minor.patch` (a leading `v` ignored). */
function compareVersions(a: string, b: string): number {
    const parts = (v: string) => v.replace(/^v/, "").split(".").map(Number);
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < 3; i++) {
        if (x[i] !== y[i]) {
            return x[i] - y[i];
        }
    }
    return 0;
}

/** Whether `version` satisfies a `>=x.y.z` range, the only form used here. */
function satisfies(version: string, range: string): boolean {
    const m = /^>=(\d+\.\d+\.\d+)$/.exec(range);
    assert.ok(m, `${range} is not a >=x.y.z range`);
    return compareVersions(version, m[1]) >= 0;
}

describe("required Pulumi CLI version", () => {
    for (const file of ["Pulumi.yaml", "PulumiPlugin.yaml"]) {
        it(`${file} declares requiredPulumiVersion ${REQUIRED}`, () => {
            const doc = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8"));
            assert.strictEqual(doc.requiredPulumiVersion, REQUIRED);
        });
    }

    it("the range refuses 3.157.x and takes 3.158.0, the CLI of the e2e toolchain and the SDK's version", () => {
        assert.ok(!satisfies("3.157.9", REQUIRED));
        assert.ok(satisfies("3.158.0", REQUIRED));
        const toolchain = /^PULUMI_VERSION=(v[\d.]+)$/m.exec(fs.readFileSync(path.join(PROJECT_DIR, "toolchain", "versions.env"), "utf8"));
        assert.ok(toolchain, "toolchain/versions.env pins no PULUMI_VERSION");
        assert.ok(satisfies(toolchain[1], REQUIRED), `the e2e CLI ${toolchain[1]} is outside ${REQUIRED}`);
        const sdk = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
        assert.ok(satisfies(sdk, REQUIRED), `@pulumi/pulumi ${sdk} is outside ${REQUIRED}`);
    });
});
