/** pd-pinned-versions: exact chart versions and images with a tag or digest. */
import * as assert from "assert";
import { PlannedResource } from "../../../plan/recorder";
import { chartVersionProblem, imageReferenceProblem } from "../../../components/policies/pinnedVersions";
import { gaie, mandatory, ms, msValues, mutate, ofType, one, recordEachHardware, vllm } from "../../support/policyFixture";

describe("policy pd-pinned-versions", () => {
    const P = "pd-pinned-versions";
    let xpu: PlannedResource[];

    before(async () => {
        ({ xpu } = await recordEachHardware());
    });

    it("tells exact chart versions from ranges", () => {
        for (const ok of ["v0.2.7", "0.2.7", "1.28.0-alpha.89f30b26", "v1.2.4+build.1"]) {
            assert.strictEqual(chartVersionProblem(ok), undefined, ok);
        }
        for (const bad of ["^0.2.7", "~0.2", ">=0.2.0", "*", "0.2.x", "0.2", ""]) {
            assert.ok(chartVersionProblem(bad), bad);
        }
        assert.match(chartVersionProblem(undefined)!, /has no version/);
    });

    it("tells pinned images from floating ones", () => {
        for (const ok of ["ghcr.io/llm-d/llm-d:v0.2.0", "registry:5000/team/vllm:1.0", `ghcr.io/llm-d/llm-d@sha256:${"a".repeat(64)}`]) {
            assert.strictEqual(imageReferenceProblem(ok), undefined, ok);
        }
        assert.match(imageReferenceProblem("ghcr.io/llm-d/llm-d")!, /has no tag/);
        assert.match(imageReferenceProblem("registry:5000/team/vllm")!, /has no tag/);
        assert.match(imageReferenceProblem("vllm/vllm-openai:latest")!, /uses tag "latest"/);
    });

    it("fails a chart version range on a release", async () => {
        const rs = mutate(xpu, (r) => {
            ms(r).inputs.version = "^0.2.7";
        });
        one(await mandatory(rs, P), 'Helm release "ms-pd" (namespace llm-d-pd): chart llm-d-modelservice version "^0.2.7" is a range', 'pin an exact version such as "v0.2.7"');
    });

    it("fails floating images in values (strings and {hub, name, tag}) and in object specs", async () => {
        const rs = mutate(xpu, (r) => {
            vllm(r, "decode").image = "ghcr.io/llm-d/llm-d-xpu:latest";
            msValues(r).routing.proxy.image = "ghcr.io/llm-d/llm-d-routing-sidecar";
            delete gaie(r).inputs.values.inferenceExtension.image.tag;
            ofType(r, "kubernetes:apps/v1:DaemonSet").inputs.spec.template.spec.containers[0].image = "intel/intel-gpu-plugin";
        });
        const messages = (await mandatory(rs, P)).join("\n");
        assert.match(messages, /DaemonSet "intel-gpu-plugin": image "intel\/intel-gpu-plugin" at spec\.template\.spec\.containers\[0\]\.image has no tag/);
        assert.match(messages, /Helm release "gaie-pd" .*: image ghcr\.io\/llm-d\/llm-d-inference-scheduler at values\.inferenceExtension\.image has no tag/);
        assert.match(messages, /Helm release "ms-pd" .*: image "ghcr\.io\/llm-d\/llm-d-xpu:latest" at values\.decode\.containers\[0\]\.image uses tag "latest", which moves; pin a tag or digest in llm-d-pd:vllmImage/);
        assert.match(messages, /image "ghcr\.io\/llm-d\/llm-d-routing-sidecar" at values\.routing\.proxy\.image has no tag/);
        assert.strictEqual(messages.split("\n").length, 4, messages);
    });
});
