/** The Kubernetes version PDStack renders for, the schema package pinned for it, and the served kinds table agree. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SERVED_KINDS } from "../../render/checks/servedKinds";
import { SCHEMA_PACKAGE, TARGET_KUBERNETES_VERSION } from "../../render/target";
import { LLMD09_FIXTURES } from "../support/kustomize";
import { PROJECT_DIR } from "../support/planCli";

const minor = (v: string) => v.split(".").slice(0, 2).join(".");

describe("render target: one Kubernetes version", () => {
    it("kubernetes-models is pinned at the version whose schemas are of the targeted minor, and installed", () => {
        assert.strictEqual(minor(SCHEMA_PACKAGE.kubernetesVersion), minor(TARGET_KUBERNETES_VERSION));
        const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
        assert.strictEqual(pkg.devDependencies[SCHEMA_PACKAGE.name], SCHEMA_PACKAGE.version);
        assert.strictEqual(require(`${SCHEMA_PACKAGE.name}/package.json`).version, SCHEMA_PACKAGE.version);
    });

    it("the served-kinds table agrees with Kubernetes 1.33's apps/v1 OpenAPI document in the fixtures", () => {
        const doc = JSON.parse(fs.readFileSync(path.join(LLMD09_FIXTURES, "kubectl-validate/pkg/openapiclient/builtins/1.33/apis/apps/v1.json"), "utf8"));
        const kinds = new Set<string>();
        // The group's own types; the shared meta kinds (DeleteOptions, WatchEvent) carry every group's GVK.
        for (const [, schema] of Object.entries<any>(doc.components.schemas).filter(([n]) => n.startsWith("io.k8s.api.apps.v1."))) {
            for (const gvk of schema["x-kubernetes-group-version-kind"] ?? []) {
                if (gvk.group === "apps" && gvk.version === "v1" && !gvk.kind.endsWith("List")) {
                    kinds.add(gvk.kind);
                }
            }
        }
        assert.deepStrictEqual([...SERVED_KINDS["apps/v1"]], [...kinds].sort());
        assert.strictEqual(minor(TARGET_KUBERNETES_VERSION), "1.33", "the table is Kubernetes 1.33's: regenerate it with the target");
    });
});
