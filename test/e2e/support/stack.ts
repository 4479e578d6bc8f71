/**
 * The e2e stack: the real llm-d-pd program (index.ts) run by test/e2e/program, whose test hooks skip
 * Pulumi's await on workloads and swap the router's chart for an empty local one (see
 * test/e2e/program/index.ts), with a stack file the tests write.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT_DIR } from "../../support/planCli";
import { UpstreamCrdName, upstreamCrds } from "../../support/upstreamCrds";
import { e2eTempDir, PulumiWorkspace } from "./pulumi";

/** The llm-d release profile the lifecycle test deploys: the one place it is named. */
export const E2E_LLMD_VERSION = "0.9";

/** The Pulumi project of the e2e program (Pulumi.yaml, index.ts). */
export const E2E_PROGRAM_DIR = path.join(PROJECT_DIR, "test", "e2e", "program");

/**
 * The upstream CRDs (test/support/upstreamCrds.ts) the cluster needs for what the stack creates: the
 * Gateway API's, the InferencePool's and KEDA's ScaledObject (the stack autoscales, and expects KEDA on
 * the cluster).
 */
export const E2E_CRD_MODULES: readonly UpstreamCrdName[] = ["gatewayApi", "inferencePool", "keda"];

/** Every CRD of these modules' files, read where scripts/upstreamCrds.ts recorded them. */
export function e2eCrds(): any[] {
    return upstreamCrds(E2E_CRD_MODULES);
}

/** Writes a stack file with these `llm-d-pd:` keys (and any others, given whole) and returns its path. */
export function writeStackConfig(file: string, llmdPd: Record<string, unknown>, other: Record<string, unknown> = {}): string {
    const config: Record<string, unknown> = { ...other };
    for (const [k, v] of Object.entries(llmdPd)) {
        config[`llm-d-pd:${k}`] = v;
    }
    fs.writeFileSync(file, YAML.stringify({ config }));
    return file;
}

/**
 * How the Node.js language host runs the e2e program: as TypeScript through its own ts-node, as a
 * user's `pulumi up` runs index.ts (4 s of CPU a run here, mostly compiling the components), or as the
 * compiled JavaScript the project's tools run (scripts/js/register.js: compiled once into bin/js; half
 * a second). The suite's many runs take the compiled program; the README's quick start keeps ts-node,
 * so the user's way stays tested.
 */
export type ProgramRuntime = "typescript" | "compiled";

/**
 * A project folder in `tmp` that runs the e2e program: `pulumi stack init` writes the stack's
 * encryption salt to Pulumi.<stack>.yaml beside Pulumi.yaml, so the project may not live in the
 * repository. Its entry loads test/e2e/program/index.ts; node_modules is the repository's. Its
 * Pulumi.yaml is the e2e program's, or `pulumiYaml` (the docs tests take the repository's own, so that
 * the CLI checks the docs' config against the real declarations), with only `main` and the runtime's
 * `typescript` option set for `runtime`.
 */
export function e2eProject(tmp: string, pulumiYaml: string = path.join(E2E_PROGRAM_DIR, "Pulumi.yaml"), runtime: ProgramRuntime = "compiled"): string {
    const dir = path.join(tmp, "project");
    fs.mkdirSync(dir, { recursive: true });
    const project = YAML.parseDocument(fs.readFileSync(pulumiYaml, "utf8"));
    const program = JSON.stringify(path.join(E2E_PROGRAM_DIR, "index"));
    if (runtime === "typescript") {
        project.set("main", "index.ts");
        project.setIn(["runtime", "options", "typescript"], true);
        fs.writeFileSync(path.join(dir, "index.ts"), `module.exports = require(${program});\n`);
    } else {
        project.set("main", "index.js");
        project.setIn(["runtime", "options", "typescript"], false);
        const register = JSON.stringify(path.join(PROJECT_DIR, "scripts", "js", "register.js"));
        fs.writeFileSync(path.join(dir, "index.js"), `require(${register});\nmodule.exports = require(${program});\n`);
    }
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project.toString());
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

/** The Hugging Face token the e2e stacks store, encrypted (a dummy: nothing is downloaded). */
export const E2E_HF_TOKEN = "hf_e2e_not_a_real_token";

/**
 * One stack of the e2e program, initialized in a fresh project (`e2eProject`) on the test cluster. Its
 * config is a stack file outside the project, passed with `--config-file` (`args`), which `configure`
 * writes.
 */
export class E2eStack {
    private constructor(
        readonly ws: PulumiWorkspace,
        readonly name: string,
        readonly configFile: string,
    ) {}

    /** `pulumi stack init <name>` in a fresh project under a temp folder named for `prefix`. */
    static async init(prefix: string, name: string, kubeconfig: string): Promise<E2eStack> {
        const tmp = e2eTempDir(prefix);
        const ws = new PulumiWorkspace({ projectDir: e2eProject(tmp), tmp, kubeconfig });
        await ws.ok(["stack", "init", name]);
        return new E2eStack(ws, name, path.join(tmp, `Pulumi.${name}.yaml`));
    }

    /** `--stack` and `--config-file` of this stack. */
    get args(): string[] {
        return ["--stack", this.name, "--config-file", this.configFile];
    }

    /** Writes the stack file with these `llm-d-pd:` keys, then stores the token in it, encrypted (writing the file drops it). */
    async configure(llmdPd: Record<string, unknown>): Promise<void> {
        writeStackConfig(this.configFile, llmdPd);
        await this.ws.ok(["config", "set", "--secret", "llm-d-pd:hfToken", E2E_HF_TOKEN, ...this.args]);
    }
}

/** A CRD that declares a namespaced kind and nothing of its fields (an open schema). */
function openCrd(group: string, version: string, kind: string, plural: string): any {
    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `${plural}.${group}` },
        spec: {
            group,
            scope: "Namespaced",
            names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
            versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
        },
    };
}

/**
 * The Prometheus operator's kinds a stack with `monitoring` creates on llm-d 0.9 (PodMonitor,
 * PrometheusRule: monitoring.coreos.com/v1), declared with an open schema: the tests hold no copy of
 * their CRDs, so here the API server checks only that the objects are of these kinds (their fields are
 * the unit tests' to check).
 */
export function monitoringCrds(): any[] {
    return [openCrd("monitoring.coreos.com", "v1", "PodMonitor", "podmonitors"), openCrd("monitoring.coreos.com", "v1", "PrometheusRule", "prometheusrules")];
}
