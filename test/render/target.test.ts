/** The Kubernetes version PDStack renders for, the schema package pinned for it, and the served kinds table agree. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SERVED_KINDS } from "../../render/checks/servedKinds";
import { SCHEMA_PACKAGE, TARGET_KUBERNETES_VERSION } from "../../render/target";
import { PROJECT_DIR } from "../support/planCli";

const minor = (v: string) => v.split(".").slice(0, 2).join(".");

describe("render target: one Kubernetes version", () => {
    it("kubernetes-models is pinned at the version whose schemas are of the targeted minor, and installed", () => {
        assert.strictEqual(minor(SCHEMA_PACKAGE.kubernetesVersion), minor(TARGET_KUBERNETES_VERSION));
        const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
        assert.strictEqual(pkg.devDependencies[SCHEMA_PACKAGE.name], SCHEMA_PACKAGE.version);
        assert.strictEqual(require(`${SCHEMA_PACKAGE.name}/package.json`).version, SCHEMA_PACKAGE.version);
    });

    it("the served-kinds table agrees with the apps/v1 kinds of the schema package (Kubernetes 1.33's OpenAPI)", () => {
        // The package's apps/v1 models, each kind under its own name and its definition's (IoK8sApiAppsV1Deployment); lists left out.
        const models: Record<string, { apiVersion?: string; kind?: string }> = require(`${SCHEMA_PACKAGE.name}/apps/v1`);
        const kinds = new Set<string>();
        for (const model of Object.values(models)) {
            if (model.apiVersion === "apps/v1" && model.kind && !model.kind.endsWith("List")) {
                kinds.add(model.kind);
            }
        }
        assert.deepStrictEqual([...SERVED_KINDS["apps/v1"]], [...kinds].sort());
        assert.strictEqual(minor(TARGET_KUBERNETES_VERSION), "1.33", "the table is Kubernetes 1.33's: regenerate it with the target");
    });
});
