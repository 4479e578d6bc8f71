/**
 * llm-d 0.9's pins against the upstream files they name, as recorded from upstream (test/fixtures/llmd09,
 * see its SOURCE.md): every pin is read from llm-d v0.9.0's release commit and its value is what the file
 * and key it names say; every floating reference it replaces is what upstream writes there; nothing the
 * profile deploys floats; and the message refusing `llmdVersion: "0.10"` names what "0.9" deploys.
 */
import * as assert from "assert";
import { chartVersionProblem, imageReferenceProblem } from "../../../../components/policies/pinnedVersions";
import { resolveSpec } from "../../../../components/pdstack/spec";
import { RELEASE_PROFILES } from "../../../../components/releases";
import {
    CONTROL_PLANE,
    DISAGG_SIDECAR_IMAGE,
    imageRef,
    INFERENCE_POOL_API_VERSION,
    KEDA_CHART,
    LLMD_REPOSITORY,
    LLMD_V0_9_0_COMMIT,
    ROUTER_CHARTS,
    ROUTER_VERSION,
    VLLM_IMAGES,
} from "../../../../components/releases/llmd09";
import type { Pin, UpstreamSource } from "../../../../components/releases/pins";
import { keysAt, llmd09Facts, llmd09Record, pick } from "../../../support/llmd09Records";
import { OVERLAY_OF_HARDWARE } from "../../../support/upstream/llmd09";
import { UPSTREAM_CRDS } from "../../../support/upstreamCrds";

/** The pins read from llm-d's guide; the others are the charts of tools the guide installs from their own project (KEDA). */
const PINS = RELEASE_PROFILES["0.9"].pins.filter((p) => p.source.repository === LLMD_REPOSITORY);
const TOOL_PINS = RELEASE_PROFILES["0.9"].pins.filter((p) => p.source.repository !== LLMD_REPOSITORY);
/** The references that move; PDStack pins none of them. */
const FLOATING = ["latest", "v0", "main", "nightly"];

/**
 * The values the source's key names, as recorded from the file at the source's commit, read as
 * upstream's tools read it: a script's defaults, a guide's shell variables, a Kustomize image component's fields.
 */
function valuesAt(source: UpstreamSource): string[] {
    assert.ok(source.key, `${source.path}: no key`);
    assert.strictEqual(source.repository, LLMD_REPOSITORY, `${source.path}: not one of llm-d/llm-d's files`);
    const read = keysAt(source.repository, source.commit)[source.path];
    assert.ok(read, `${source.path}: not recorded at llm-d/llm-d ${source.commit} (re-record: test/fixtures/llmd09/SOURCE.md)`);
    return source.key.split(", ").map((key) => {
        assert.ok(key in read, `${source.path} has no ${key}`);
        return read[key];
    });
}

/** `ref`, and its name and version split at the last colon (`oci://…/chart:v1` gives the chart and `v1`). */
function parts(ref: string): string[] {
    const at = ref.lastIndexOf(":");
    return at > 0 && !ref.slice(at).startsWith("//") ? [ref, ref.slice(0, at), ref.slice(at + 1)] : [ref];
}

/** What a pin says it deploys: its value, and the reference where it is published (before the first comma). */
function pinned(pin: Pin): string[] {
    return [...parts(pin.value), ...(pin.published ? parts(pin.published.split(", ")[0]) : [])];
}

describe("llm-d 0.9 pins against llm-d v0.9.0's guide", () => {
    it("every pin is read from llm-d/llm-d at the v0.9.0 release commit, and names where its version is published", () => {
        assert.deepStrictEqual(
            PINS.map((p) => p.what),
            [
                "llm-d-router-gateway chart",
                "llm-d-router-standalone chart",
                "EPP image",
                "disaggregation sidecar image",
                "vLLM image (h200-ib, gke)",
                "vLLM image (xpu)",
                "Gateway API CRDs",
                "Gateway API Inference Extension CRDs",
                "istio control plane",
                "agentgateway control plane",
                "llm-d guide manifests (P/D model-server overlays, router values files, Gateway recipes)",
            ],
        );
        for (const pin of PINS) {
            assert.deepStrictEqual([pin.what, pin.source.repository, pin.source.commit], [pin.what, LLMD_REPOSITORY, LLMD_V0_9_0_COMMIT]);
            assert.ok(pin.published, `${pin.what}: where is ${pin.value} published?`);
            // An image or chart is published under its own reference, not another version's.
            const chart = Object.values(ROUTER_CHARTS).find((c) => pin.what === `${c.chart.split("/").pop()} chart`);
            const reference = pin.published.split(", ")[0];
            if (chart) {
                assert.strictEqual(reference, `${chart.chart}:${pin.value}`);
            } else if (pin.value.includes("/")) {
                assert.strictEqual(reference, pin.value);
            }
        }
    });

    it("the one pin from another project is KEDA's chart, at the version llm-d v0.9.0's autoscaling guide installs", () => {
        assert.deepStrictEqual(
            TOOL_PINS.map((p) => [p.what, p.value, p.source.repository]),
            [["KEDA chart (autoscaling.installKeda)", KEDA_CHART.chart.version, "kedacore/charts"]],
        );
        // llm-d v0.9.0's slo-aware autoscaling guide sets KEDA_VERSION; the e2e suite's ScaledObject CRD is of the same KEDA release.
        const guide = KEDA_CHART.sources.find((s) => s.repository === LLMD_REPOSITORY)!;
        assert.strictEqual(guide.commit, LLMD_V0_9_0_COMMIT);
        assert.match(guide.path, new RegExp(`KEDA_VERSION=${KEDA_CHART.chart.version.replace(/\./g, "\\.")}`));
        assert.deepStrictEqual([UPSTREAM_CRDS.keda.module, UPSTREAM_CRDS.keda.version], ["github.com/kedacore/keda/v2", `v${KEDA_CHART.chart.version}`]);
    });

    it("every pin's value is what the file and key it names say", () => {
        const keyless: string[] = [];
        for (const pin of PINS) {
            if (!pin.source.key) {
                keyless.push(pin.what);
                continue;
            }
            for (const value of valuesAt(pin.source)) {
                assert.ok(pinned(pin).includes(value), `${pin.what}: ${pin.source.path} ${pin.source.key} says ${value}, the pin ${pinned(pin).join(" ")}`);
            }
        }
        // The one pin without a key is the commit of the guide's manifests, whose folders the rendered objects are read from.
        const guide = PINS.find((p) => !p.source.key)!;
        assert.deepStrictEqual(keyless, [guide.what]);
        assert.strictEqual(guide.value, LLMD_V0_9_0_COMMIT);
        const rendered = llmd09Record("rendered").source;
        assert.strictEqual(rendered.commit, guide.value);
        for (const folder of guide.source.path.split(", ")) {
            assert.ok(rendered.paths.some((p) => p.startsWith(folder)), `nothing rendered from ${folder}`);
        }
    });

    it("every floating reference a pin replaces is what upstream writes there, and the pin itself is exact", () => {
        const replaced: string[] = [];
        for (const pin of PINS) {
            for (const r of pin.replaces ?? []) {
                assert.ok(FLOATING.includes(r.ref), `${pin.what}: ${r.ref} is not a floating reference`);
                assert.deepStrictEqual(valuesAt(r.source), [r.ref], `${pin.what}: ${r.source.path} ${r.source.key}`);
                assert.ok(!pinned(pin).includes(r.ref), `${pin.what} still floats`);
                replaced.push(`${pin.what}: ${r.ref}`);
            }
            assert.ok(!pinned(pin).some((v) => FLOATING.includes(v)), `${pin.what} floats: ${pin.value}`);
            if (/^[0-9a-f]{40}$/.test(pin.value)) {
                continue; // a commit
            }
            if (pin.value.includes("/")) {
                assert.strictEqual(imageReferenceProblem(pin.value), undefined, pin.what);
            } else {
                assert.strictEqual(chartVersionProblem(pin.value), undefined, pin.what);
            }
        }
        assert.deepStrictEqual(replaced, [
            "llm-d-router-gateway chart: v0",
            "llm-d-router-standalone chart: v0",
            "EPP image: main",
            "disaggregation sidecar image: main",
            "Gateway API CRDs: latest",
            "Gateway API Inference Extension CRDs: latest",
            "llm-d guide manifests (P/D model-server overlays, router values files, Gateway recipes): main",
            "llm-d guide manifests (P/D model-server overlays, router values files, Gateway recipes): main",
        ]);
    });

    it("the P/D overlays PDStack follows run the nightly sidecar (main) and the release vLLM images; PDStack the same images, the sidecar pinned", () => {
        const floating = DISAGG_SIDECAR_IMAGE.replaces![0].ref;
        const overlays = [
            [OVERLAY_OF_HARDWARE["h200-ib"], VLLM_IMAGES.nvidia],
            [OVERLAY_OF_HARDWARE.gke, VLLM_IMAGES.nvidia],
            [OVERLAY_OF_HARDWARE.xpu, VLLM_IMAGES.xpu],
        ] as const;
        const rendered = llmd09Facts("rendered").modelServers;
        for (const [overlay, vllm] of overlays) {
            const decode = pick(rendered[overlay], "Deployment", "-decode");
            assert.strictEqual(decode.spec.template.spec.initContainers[0].image, `${DISAGG_SIDECAR_IMAGE.name}:${floating}`, overlay);
            assert.strictEqual(decode.spec.template.spec.containers[0].image, imageRef(vllm), overlay);
        }
        const profile = RELEASE_PROFILES["0.9"];
        assert.deepStrictEqual(profile.defaultVllmImage, { "h200-ib": imageRef(VLLM_IMAGES.nvidia), gke: imageRef(VLLM_IMAGES.nvidia), xpu: imageRef(VLLM_IMAGES.xpu) });
    });


    it("the router charts the policy pack checks are the pinned ones", () => {
        assert.deepStrictEqual(RELEASE_PROFILES["0.9"].checks.charts, ROUTER_CHARTS);
        for (const chart of Object.values(ROUTER_CHARTS)) {
            assert.strictEqual(chart.version, ROUTER_VERSION);
            assert.strictEqual(chartVersionProblem(chart.version, chart.chart), undefined);
        }
    });
});

describe('llmdVersion "0.10" and "1.0"', () => {
    const refusal = (llmdVersion: string): string => {
        try {
            resolveSpec({ hardware: "h200-ib", llmdVersion }, "llm-d-pd:");
        } catch (e) {
            return (e as Error).message;
        }
        assert.fail(`llmdVersion ${llmdVersion} was accepted`);
    };

    it('"0.10" is refused with what "0.9" deploys, from the 0.9 profile\'s own pins', () => {
        const message = refusal("0.10");
        assert.match(message, /llm-d-pd:llmdVersion: llm-d v0\.10 has no PDStack profile yet\. The profile PDStack called "0\.10" is "0\.9"/);
        const deploys = [
            `llm-d-router ${ROUTER_VERSION}`,
            `vLLM ${VLLM_IMAGES.nvidia.tag}`,
            `InferencePool ${INFERENCE_POOL_API_VERSION.split("/")[1]}`,
            `istio ${CONTROL_PLANE.istio.version}`,
            `agentgateway ${CONTROL_PLANE.agentgateway.version}`,
            'write "0.9"',
        ];
        for (const fact of deploys) {
            assert.ok(message.includes(fact), `the message lacks "${fact}": ${message}`);
        }
        assert.ok(message.endsWith('(got "0.10")'), message);
    });

    it('"1.0" is refused, naming "0.9" as the newest profile', () => {
        assert.match(refusal("1.0"), /llm-d-pd:llmdVersion: llm-d v1\.0 has no PDStack profile yet; "0\.9" \(llm-d v0\.9\.0\) is the newest profile \(got "1\.0"\)/);
    });
});
