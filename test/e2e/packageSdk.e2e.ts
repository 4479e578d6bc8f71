/**
 * "Consumable from other languages", proven with the real CLI: `pulumi package gen-sdk` of this
 * repository (the CLI starts the Node.js component provider from PulumiPlugin.yaml, reads its schema
 * and binds it, as `pulumi package add` does) generates a Python SDK, and a Python program using it
 * (a PDStack with existingHfTokenSecret) runs `pulumi preview` against the test API server.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ensureBuilt } from "../support/build";
import { PROJECT_DIR } from "../support/planCli";
import { e2eCluster } from "./support/hooks";
import { execFileSync } from "child_process";
import { e2eTempDir, PulumiWorkspace, toolchainPython } from "./support/pulumi";

const PROGRAM = `"""A platform program in Python that embeds PDStack through the generated SDK."""
import os
import tempfile

import pulumi
import pulumi_pdstack as pdstack


# The test machine has no network, so a chart cannot be downloaded: as in the Node.js e2e program
# (test/e2e/program), a stack transform (which the engine also applies to the children the PDStack
# component registers in its own plugin) gives each Helm release an empty local chart with the chart's
# own name and version. Nothing else is changed.
def stand_in_chart(args):
    if args.type_ != "kubernetes:helm.sh/v3:Release" or not isinstance(args.props.get("chart"), str):
        return None
    name = args.props["chart"].rstrip("/").split("/")[-1]
    version = str(args.props.get("version") or "0.0.0").lstrip("v")
    folder = os.path.join(tempfile.gettempdir(), "pdstack-e2e-py-charts", name + "-" + version, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "Chart.yaml"), "w") as f:
        f.write("apiVersion: v2\\nname: %s\\nversion: %s\\n" % (name, version))
    props = {k: v for k, v in args.props.items() if k != "repositoryOpts"}
    props["chart"] = folder
    return pulumi.ResourceTransformResult(props, args.opts)


pulumi.runtime.register_resource_transform(stand_in_chart)

stack = pdstack.PDStack(
    "py-llm-d",
    hardware="xpu",
    namespace="py-llm-d",
    existing_hf_token_secret="hf-token-from-vault",
)
pulumi.export("servedModelName", stack.served_model_name)
pulumi.export("curlCommand", stack.curl_command)
`;

describe("e2e: the generated Python SDK (pulumi package gen-sdk) previews a PDStack", function () {
    let tmp: string;
    let sdkDir: string;

    before(() => {
        ensureBuilt(); // the plugin host loads the package's build (package.json "main" through ts-node, "exports" for pdstack/policies)
        tmp = e2eTempDir("sdk");
        sdkDir = path.join(tmp, "sdk");
    });

    it("pulumi package gen-sdk of this repository binds the schema and writes a Python SDK", async () => {
        const ws = new PulumiWorkspace({ projectDir: tmp, tmp });
        const gen = await ws.run(["package", "gen-sdk", PROJECT_DIR, "--language", "python", "--out", sdkDir]);
        assert.strictEqual(gen.code, 0, gen.output);
        assert.doesNotMatch(gen.output, /error|failed to bind|not found in package/i, gen.output);
        const pkg = path.join(sdkDir, "python", "pulumi_pdstack");
        for (const f of ["__init__.py", "pd_stack.py", "gke_cluster.py", "gateway_control_plane.py", "pulumi-plugin.json"]) {
            assert.ok(fs.existsSync(path.join(pkg, f)), `${f} is not in the generated SDK (${fs.existsSync(pkg) ? fs.readdirSync(pkg).join(", ") : "no package folder"})`);
        }
        const gke = fs.readFileSync(path.join(pkg, "gke_cluster.py"), "utf8");
        assert.match(gke, /def kubeconfig\(self\)/, "GkeCluster's kubeconfig output is the cross-language way to its cluster");
        assert.doesNotMatch(gke, /def provider\(self\)/, "a k8s.Provider output would not bind");
    });

    it("a Python program using the SDK runs pulumi preview against the test API server", async () => {
        const cluster = e2eCluster();
        const project = path.join(tmp, "py-program");
        fs.mkdirSync(project, { recursive: true });
        fs.writeFileSync(path.join(project, "__main__.py"), PROGRAM);
        fs.writeFileSync(
            path.join(project, "Pulumi.yaml"),
            // The pdstack plugin is this repository (PulumiPlugin.yaml, run by the Node.js language host).
            YAML.stringify({ name: "py-platform", runtime: { name: "python" }, plugins: { providers: [{ name: "pdstack", path: PROJECT_DIR }] } }),
        );
        // Installed as a user installs it (pip), into a folder of its own: the SDK reads its version from its metadata.
        const site = path.join(tmp, "site");
        execFileSync(toolchainPython(), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation", "--target", site, path.join(sdkDir, "python")], { stdio: "pipe" });
        const ws = new PulumiWorkspace({ projectDir: project, tmp: project, kubeconfig: cluster.kubeconfig, env: { PYTHONPATH: site } });
        await ws.ok(["stack", "init", "dev"]);
        const preview = await ws.run(["preview", "--stack", "dev", "--diff"]);
        assert.strictEqual(preview.code, 0, preview.output);
        for (const type of ["pdstack:index:PDStack", "kubernetes:core/v1:Namespace", "kubernetes:helm.sh/v3:Release"]) {
            assert.ok(preview.stdout.includes(type), `${type} is not in the preview:\n${preview.stdout.slice(-4000)}`);
        }
        assert.doesNotMatch(preview.stdout, /kubernetes:core\/v1:Secret/, "existingHfTokenSecret: PDStack creates no token Secret");
        assert.match(preview.stdout, /servedModelName\s*:\s*"[^"]+"/);
    });
});
