/**
 * What llm-d 0.9's builders make per hardware × gateway × variant beyond what the API server checks
 * (test/e2e/schemas.e2e.ts sends these objects to the test API server): a Gateway and an HTTPRoute unless
 * standalone, the istio parameters ConfigMap on istio alone, and probes on ports their container declares
 * (the API server takes any port name; the kubelet would fail the probe).
 */
import * as assert from "assert";
import {
    buildGateway,
    buildGatewayParameters,
    buildLlmd09HttpRoute,
    buildModelServerDeployment,
    deriveLlmd09Names,
    routerMode,
} from "../../../../components/releases/llmd09";
import { resolveSpec } from "../../../../components/pdstack/spec";
import { gatewaysOn, HARDWARE, ROLES, VARIANTS } from "../../../support/llmd09Variants";

type Obj = Record<string, any>;

/** Probes that name a port their container does not declare. */
function probePortProblems(d: Obj): string[] {
    const pod = d.spec.template.spec;
    const problems: string[] = [];
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        const ports = (c.ports ?? []).map((p: Obj) => p.name).filter((n: unknown) => n !== undefined);
        for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
            const port = c[probe]?.httpGet?.port;
            if (typeof port === "string" && !ports.includes(port)) {
                problems.push(`container ${c.name}: ${probe} names port "${port}", which the container does not declare`);
            }
        }
    }
    return problems;
}

describe("llm-d 0.9 objects per hardware, gateway and variant", () => {
    for (const hardware of HARDWARE) {
        for (const gateway of gatewaysOn(hardware)) {
            for (const [variant, input] of Object.entries(VARIANTS)) {
                const spec = resolveSpec({ hardware, llmdVersion: "0.9", gateway, ...input }, "llm-d-pd:");
                const names = deriveLlmd09Names(spec.namespace, spec.releasePostfix, spec.gateway);
                describe(`${hardware}, gateway ${gateway}, ${variant}`, () => {
                    it(routerMode({ gateway }).chart === "standalone" ? "standalone: no Gateway and no HTTPRoute" : "a Gateway and an HTTPRoute", () => {
                        const standalone = routerMode({ gateway }).chart === "standalone";
                        assert.strictEqual(buildGateway(spec, names) === undefined, standalone);
                        assert.strictEqual(buildLlmd09HttpRoute(spec, names) === undefined, standalone);
                    });
                    it("the istio parameters ConfigMap on gateway istio alone", () => {
                        assert.strictEqual(buildGatewayParameters(spec, names) !== undefined, gateway === "istio");
                    });
                    for (const role of ROLES) {
                        it(`the ${role} Deployment's probes use ports its containers declare`, () => {
                            assert.deepStrictEqual(probePortProblems(JSON.parse(JSON.stringify(buildModelServerDeployment(spec, names, role)))), []);
                        });
                    }
                });
            }
        }
    }

    it("a probe on a port its container does not declare is found", () => {
        const spec = resolveSpec({ hardware: "h200-ib", llmdVersion: "0.9", gateway: "istio" }, "llm-d-pd:");
        const d = JSON.parse(JSON.stringify(buildModelServerDeployment(spec, deriveLlmd09Names(spec.namespace, spec.releasePostfix, spec.gateway), "decode")));
        const vllm = d.spec.template.spec.containers[0];
        const probes = ["startupProbe", "livenessProbe", "readinessProbe"].filter((p) => typeof vllm[p]?.httpGet?.port === "string");
        assert.ok(probes.length > 0, "the vLLM container has probes on a named port");
        const port = vllm[probes[0]].httpGet.port;
        vllm.ports = vllm.ports.filter((p: Obj) => p.name !== port);
        assert.deepStrictEqual(
            probePortProblems(d),
            probes.filter((p) => vllm[p].httpGet.port === port).map((p) => `container ${vllm.name}: ${p} names port "${port}", which the container does not declare`),
        );
    });
});
