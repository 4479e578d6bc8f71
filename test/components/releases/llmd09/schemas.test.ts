/**
 * Every object PDStack builds on llm-d 0.9, strictly valid against the schema the API server checks
 * it with (unknown fields are errors): the Gateway and HTTPRoute against the Gateway API v1.5.1 standard
 * CRDs, the prefill and decode Deployments against the apps/v1 OpenAPI v3 document of Kubernetes 1.33,
 * the metadata of the ServiceAccount and the istio parameters ConfigMap against its ObjectMeta, and the
 * InferencePool fields the router chart takes from PDStack's values against the InferencePool v1 CRD.
 * The CRDs' CEL rules, which the checker cannot evaluate, are checked by hand below, each of them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { GATEWAYS, GatewayName } from "../../../../components/pdstack/gateway";
import { HardwareName } from "../../../../components/pdstack/hardware";
import {
    buildGateway,
    buildGatewayParameters,
    buildLlmd09HttpRoute,
    buildModelServerDeployment,
    buildModelServerServiceAccount,
    buildRouterValues,
    deriveLlmd09Names,
    Llmd09Names,
    ROUTER_MODES,
    routerMode,
} from "../../../../components/releases/llmd09";
import { PDSpec, resolveSpec } from "../../../../components/pdstack/spec";
import { LLMD09_FIXTURES } from "../../../support/kustomize";
import { SchemaContext, schemaProblems } from "../../../support/structuralSchema";

type Obj = Record<string, any>;

function crdSchema(file: string): Obj {
    const crd = parse(fs.readFileSync(path.join(LLMD09_FIXTURES, file), "utf8"));
    return crd.spec.versions.find((v: Obj) => v.name === "v1").schema.openAPIV3Schema;
}

const GATEWAY_SCHEMA = crdSchema("gateway-api/config/crd/standard/gateway.networking.k8s.io_gateways.yaml");
const ROUTE_SCHEMA = crdSchema("gateway-api/config/crd/standard/gateway.networking.k8s.io_httproutes.yaml");
const POOL_SCHEMA = crdSchema("gateway-api-inference-extension/config/crd/bases/inference.networking.k8s.io_inferencepools.yaml");
const APPS_V1: Obj = JSON.parse(fs.readFileSync(path.join(LLMD09_FIXTURES, "kubectl-validate/pkg/openapiclient/builtins/1.33/apis/apps/v1.json"), "utf8")).components.schemas;
const DEPLOYMENT_SCHEMA = APPS_V1["io.k8s.api.apps.v1.Deployment"];
const OBJECT_META = APPS_V1["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"];

const HARDWARE: HardwareName[] = ["h200-ib", "gke", "xpu"];
const ROLES = ["prefill", "decode"] as const;

/** Inputs beyond the defaults that change what the builders write: another namespace and postfix, a model on a claim, the model cache, benchmarking. */
const VARIANTS: Record<string, Obj> = {
    defaults: {},
    "namespace, postfix, model on a claim": { namespace: "team-a", releasePostfix: "llama", model: { uri: "pvc://models/llama/8b", name: "meta-llama/Llama-3.1-8B" } },
    "model cache, benchmarking": { modelCache: { enabled: true, storageClassName: "filestore-rwx" }, benchmarking: true },
};

/** The gateways 0.9 serves on `hardware` (gke only on gke hardware). */
function gatewaysOn(hardware: HardwareName): GatewayName[] {
    return (Object.keys(ROUTER_MODES) as GatewayName[]).filter((g) => !("unavailable" in ROUTER_MODES[g]) && (GATEWAYS[g].requiresHardware ?? hardware) === hardware);
}

function specFor(hardware: HardwareName, gateway: GatewayName, variant: Obj): PDSpec {
    return resolveSpec({ hardware, llmdVersion: "0.9", gateway, ...variant }, "llm-d-pd:");
}

function namesOf(spec: PDSpec): Llmd09Names {
    return deriveLlmd09Names(spec.namespace, spec.releasePostfix, spec.gateway);
}

/** The value as the provider sends it: JSON, without undefined fields. */
function json(v: unknown): Obj {
    return JSON.parse(JSON.stringify(v));
}

interface CelRule {
    at: string;
    rule: string;
}

/** `.spec.rules[0].matches[1].path` -> `.spec.rules[*].matches[*].path`. */
const template = (at: string) => at.replace(/\[\d+\]/g, "[*]");

/** The value at a checker path (`.spec.rules[0].timeouts`). */
function at(obj: Obj, p: string): any {
    return p
        .split(/\.|\[(\d+)\]/)
        .filter((s) => s !== undefined && s !== "")
        .reduce((v: any, k) => v?.[k], obj);
}

const unique = (keys: string[]) => new Set(keys).size === keys.length;
const FILTERS_ABSENT = (rule: Obj) => !("filters" in rule) && (rule.backendRefs ?? []).every((b: Obj) => !("filters" in b));

/**
 * The CEL rules each object reaches, by where they sit, with how many there are and a check, by hand,
 * that this object keeps all of them. A rule at a place not listed here fails the test: read it, then
 * add its check.
 */
const CEL_CHECKS: Record<string, { rules: number; holds: (value: any, rules: string[]) => boolean; what: string }> = {
    ".spec.listeners": {
        rules: 6,
        what: "HTTP listeners without tls or hostname, unique names, unique port and protocol",
        holds: (ls: Obj[]) =>
            ls.every((l) => l.protocol === "HTTP" && !("tls" in l) && !("hostname" in l)) && unique(ls.map((l) => l.name)) && unique(ls.map((l) => `${l.port}/${l.protocol}`)),
    },
    ".spec.parentRefs": {
        rules: 2,
        what: "no parentRef twice",
        holds: (refs: Obj[]) => unique(refs.map((r) => JSON.stringify(r))),
    },
    ".spec.rules": {
        rules: 1,
        what: "at most 128 matches over all rules",
        holds: (rules: Obj[]) => rules.reduce((n, r) => n + (r.matches?.length ?? 0), 0) <= 128,
    },
    ".spec.rules[*]": {
        rules: 5,
        what: "no filters (redirects, rewrites), on the rule or its backends",
        holds: FILTERS_ABSENT,
    },
    ".spec.rules[*].backendRefs[*]": {
        rules: 1,
        what: "a backend in the core group of kind Service has a port (the InferencePool has a group)",
        holds: (b: Obj) => (b.group ?? "") !== "" || b.kind !== "Service" || "port" in b,
    },
    ".spec.rules[*].matches[*].path": {
        rules: 11,
        what: "a PathPrefix or Exact path, starting with /, no //, /./, /../, %2f, %2F, #, not ending in /. or /.., in the rule's character set",
        holds: (p: Obj, rules: string[]) => {
            const charset = rules.map((r) => /r"""(.*)"""/.exec(r)?.[1]).find((r) => r !== undefined);
            return (
                ["PathPrefix", "Exact"].includes(p.type) &&
                p.value.startsWith("/") &&
                !["//", "/./", "/../", "%2f", "%2F", "#"].some((s) => p.value.includes(s)) &&
                !p.value.endsWith("/..") &&
                !p.value.endsWith("/.") &&
                charset !== undefined &&
                new RegExp(charset).test(p.value)
            );
        },
    },
    ".spec.rules[*].timeouts": {
        rules: 1,
        what: "no backendRequest timeout (that the request timeout could be below)",
        holds: (t: Obj) => !("backendRequest" in t),
    },
};

/** Problems of `obj` against a CRD schema, with its CEL rules checked by hand. */
function crdProblems(obj: Obj, schema: Obj): string[] {
    const celRules: CelRule[] = [];
    const problems = schemaProblems(obj, schema, { objectMeta: OBJECT_META, celRules });
    const byPlace = new Map<string, string[]>();
    for (const r of celRules) {
        byPlace.set(r.at, [...(byPlace.get(r.at) ?? []), r.rule]);
    }
    for (const [place, rules] of byPlace) {
        const check = CEL_CHECKS[template(place)];
        if (!check) {
            problems.push(`${place}: ${rules.length} CEL rules no check here covers: ${rules.join(" ; ")}`);
        } else if (check.rules !== rules.length) {
            problems.push(`${place}: ${rules.length} CEL rules, the check here covers ${check.rules}`);
        } else if (!check.holds(at(obj, place), rules)) {
            problems.push(`${place}: breaks a CEL rule (${check.what})`);
        }
    }
    return problems;
}

const APPS: SchemaContext = { components: APPS_V1, objectMeta: OBJECT_META };

/** What the API server checks on a Deployment beyond its OpenAPI schema, for the fields these builders set. */
function deploymentRuleProblems(d: Obj): string[] {
    const problems: string[] = [];
    const pod = d.spec.template.spec;
    for (const [k, v] of Object.entries(d.spec.selector.matchLabels)) {
        if (d.spec.template.metadata.labels[k] !== v) {
            problems.push(`.spec.selector.matchLabels.${k}: the pod template lacks ${k}=${v}`);
        }
    }
    const containers: Obj[] = [...(pod.initContainers ?? []), ...pod.containers];
    if (!unique(containers.map((c) => c.name))) {
        problems.push("container names are not unique");
    }
    const volumes = new Set((pod.volumes ?? []).map((v: Obj) => v.name));
    for (const c of containers) {
        for (const m of c.volumeMounts ?? []) {
            if (!volumes.has(m.name)) {
                problems.push(`container ${c.name}: mounts ${m.name}, which is no volume`);
            }
        }
        const ports = (c.ports ?? []).map((p: Obj) => p.name).filter((n: unknown) => n !== undefined);
        for (const name of ports) {
            // IANA_SVC_NAME: at most 15 lowercase alphanumerics and '-', with a letter.
            if (!(name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes("--"))) {
                problems.push(`container ${c.name}: port name "${name}" is no IANA_SVC_NAME`);
            }
        }
        for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
            const port = c[probe]?.httpGet?.port;
            if (typeof port === "string" && !ports.includes(port)) {
                problems.push(`container ${c.name}: ${probe} names port "${port}", which the container does not declare`);
            }
        }
    }
    return problems;
}

describe("llm-d 0.9 objects against the API's schemas (strict: unknown fields are errors)", () => {
    for (const hardware of HARDWARE) {
        for (const gateway of gatewaysOn(hardware)) {
            for (const [variant, input] of Object.entries(VARIANTS)) {
                const spec = specFor(hardware, gateway, input);
                const names = namesOf(spec);
                describe(`${hardware}, gateway ${gateway}, ${variant}`, () => {
                    const gatewayObject = buildGateway(spec, names);
                    const route = buildLlmd09HttpRoute(spec, names);
                    if (routerMode({ gateway }).chart === "standalone") {
                        it("standalone: no Gateway and no HTTPRoute to validate", () => {
                            assert.strictEqual(gatewayObject, undefined);
                            assert.strictEqual(route, undefined);
                        });
                    } else {
                        it("the Gateway is valid against the Gateway API v1.5.1 Gateway CRD, CEL rules included", () => {
                            assert.ok(gatewayObject);
                            assert.deepStrictEqual(crdProblems(json(gatewayObject), GATEWAY_SCHEMA), []);
                        });
                        it("the HTTPRoute is valid against the Gateway API v1.5.1 HTTPRoute CRD, CEL rules included", () => {
                            assert.ok(route);
                            assert.deepStrictEqual(crdProblems(json(route), ROUTE_SCHEMA), []);
                        });
                    }
                    for (const role of ROLES) {
                        it(`the ${role} Deployment is valid against apps/v1 of Kubernetes 1.33, and its selector, mounts and probe ports hold`, () => {
                            const d = json(buildModelServerDeployment(spec, names, role));
                            assert.deepStrictEqual(schemaProblems(d, DEPLOYMENT_SCHEMA, APPS), []);
                            assert.deepStrictEqual(deploymentRuleProblems(d), []);
                        });
                    }
                    it("the ServiceAccount's and the istio parameters ConfigMap's metadata are valid ObjectMeta", () => {
                        assert.deepStrictEqual(schemaProblems(json(buildModelServerServiceAccount(spec, names)).metadata, OBJECT_META, APPS), []);
                        const parameters = buildGatewayParameters(spec, names);
                        assert.strictEqual(parameters !== undefined, gateway === "istio");
                        if (parameters) {
                            assert.deepStrictEqual(schemaProblems(json(parameters).metadata, OBJECT_META, APPS), []);
                        }
                    });
                    it("the InferencePool fields the router chart takes from the values (targetPorts, selector) are valid against the InferencePool v1 CRD", () => {
                        const servers = (buildRouterValues(spec, names) as Obj).router.modelServers;
                        const poolSpec = POOL_SCHEMA.properties.spec.properties;
                        // The chart's _inferencepool.yaml copies each target port's number and every matchLabel.
                        const targetPorts = servers.targetPorts.map((p: Obj) => ({ number: p.number }));
                        assert.deepStrictEqual(schemaProblems(targetPorts, poolSpec.targetPorts, {}, ".spec.targetPorts"), []);
                        assert.deepStrictEqual(schemaProblems(servers.matchLabels, poolSpec.selector.properties.matchLabels, {}, ".spec.selector.matchLabels"), []);
                    });
                });
            }
        }
    }

    describe("the checker finds what the API server would reject", () => {
        const spec = specFor("h200-ib", "istio", {});
        const names = namesOf(spec);

        it("Gateway and HTTPRoute: an unknown field, a wrong type, a pattern, an enum, a bound, a CEL rule", () => {
            const gw = json(buildGateway(spec, names));
            gw.spec.listeners[0].hostnames = ["x"];
            gw.spec.listeners[0].port = 70000;
            gw.spec.listeners[0].protocol = "HTTPS";
            gw.metadata.labelz = {};
            assert.deepStrictEqual(crdProblems(gw, GATEWAY_SCHEMA), [
                ".metadata.labelz: unknown field",
                ".spec.listeners[0].port: above the maximum 65535",
                ".spec.listeners[0].hostnames: unknown field",
                ".spec.listeners: breaks a CEL rule (HTTP listeners without tls or hostname, unique names, unique port and protocol)",
            ]);
            const route = json(buildLlmd09HttpRoute(spec, names));
            route.spec.rules[0].matches[0].path = { type: "Prefix", value: "/v1//x" };
            route.spec.parentRefs[0].group = "Gateway_API";
            route.spec.rules[0].backendRefs[0].name = "";
            route.spec.rules[0].timeouts.request = 30;
            assert.deepStrictEqual(crdProblems(route, ROUTE_SCHEMA), [
                '.spec.parentRefs[0].group: "Gateway_API" does not match ^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
                ".spec.rules[0].backendRefs[0].name: shorter than 1 characters",
                ".spec.rules[0].matches[0].path.type: must be one of Exact, PathPrefix, RegularExpression",
                ".spec.rules[0].timeouts.request: must be a string",
                ".spec.rules[0].matches[0].path: breaks a CEL rule (a PathPrefix or Exact path, starting with /, no //, /./, /../, %2f, %2F, #, not ending in /. or /.., in the rule's character set)",
            ]);
        });

        it("Deployment: an unknown field deep in the pod, a wrong type, a Quantity, a duplicate port, a missing volume", () => {
            const d = json(buildModelServerDeployment(spec, names, "decode"));
            const vllm = d.spec.template.spec.containers[0];
            vllm.resource = vllm.resources;
            vllm.resources.limits.cpu = true;
            vllm.ports.push({ ...vllm.ports[0], name: "again" });
            d.spec.template.spec.initContainers[0].restartPolicy = 1;
            d.spec.replicas = "2";
            d.spec.template.spec.volumes = d.spec.template.spec.volumes.filter((v: Obj) => v.name !== "shm");
            assert.deepStrictEqual(schemaProblems(d, DEPLOYMENT_SCHEMA, APPS), [
                ".spec.replicas: must be an integer",
                ".spec.template.spec.initContainers[0].restartPolicy: must be a string",
                '.spec.template.spec.containers[0].ports[2]: duplicate entry [8200,"TCP"] of a list-type map',
                ".spec.template.spec.containers[0].resources.limits.cpu: matches none of oneOf (must be a string | must be a number)",
                ".spec.template.spec.containers[0].resource: unknown field",
            ]);
            assert.deepStrictEqual(deploymentRuleProblems(d), ["container modelserver: mounts shm, which is no volume"]);
        });

        it("a CEL rule at a place no check covers is a problem, not a pass", () => {
            const route = json(buildLlmd09HttpRoute(spec, names));
            route.spec.rules[0].filters = [{ type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "x", value: "y" }] } }];
            assert.ok(crdProblems(route, ROUTE_SCHEMA).some((p) => p.startsWith(".spec.rules[0]: breaks a CEL rule")));
            assert.ok(crdProblems(route, ROUTE_SCHEMA).some((p) => /^\.spec\.rules\[0\]\.filters(\[0\])?.*CEL rules no check here covers/.test(p)));
        });
    });
});
