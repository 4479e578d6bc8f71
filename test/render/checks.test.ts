/**
 * The checks on rendered objects (render/checks/) against a small P/D install written for them
 * (test/fixtures/render/installs/pd-v1alpha2.yaml, and the same with an InferencePool v1), intact and
 * broken by hand: each break fails with its own message naming both objects and what breaks.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PDSTACK_TYPE } from "../../components/tokens";
import type { PlannedResource } from "../../plan/recorder";
import { checkObjects } from "../../render/checks";
import { parseManifests, RenderedObject } from "../../render/objects";
import { clusterScopedKinds, namespaceOf } from "../../render/scope";

type Obj = Record<string, any>;

const FIXTURE = path.join(__dirname, "..", "fixtures", "render", "installs", "pd-v1alpha2.yaml");

function install(edit: (m: Obj[]) => void = () => {}): RenderedObject[] {
    const manifests = parseManifests(fs.readFileSync(FIXTURE, "utf8"), FIXTURE);
    edit(manifests);
    const scoped = clusterScopedKinds(manifests);
    return manifests.map((m) => ({ source: "fixture", apiVersion: m.apiVersion, kind: m.kind, namespace: namespaceOf(m, "pd", scoped), name: m.metadata.name, manifest: m }));
}

const find = (m: Obj[], kind: string, name: string) => m.find((x) => x.kind === kind && x.metadata.name === name)!;
const drop = (m: Obj[], kind: string, name: string) => m.splice(m.indexOf(find(m, kind, name)), 1);

/** The pool and route of llm-d 0.9: InferencePool inference.networking.k8s.io/v1 (read from its CRD). */
function asV1(m: Obj[]): void {
    const pool = find(m, "InferencePool", "pool");
    pool.apiVersion = "inference.networking.k8s.io/v1";
    pool.spec = { selector: { matchLabels: pool.spec.selector }, targetPorts: [{ number: pool.spec.targetPortNumber }], endpointPickerRef: { name: "pool-epp", port: { number: 9002 } } };
    find(m, "HTTPRoute", "route").spec.rules[0].backendRefs = [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: "pool" }];
}

/** A PDStack component as the plan records it (its spec summary names the token Secret). */
const PDSTACK: PlannedResource[] = [
    {
        type: PDSTACK_TYPE,
        name: "llm-d-pd",
        urn: "urn:pdstack",
        custom: false,
        parentUrn: null,
        providerUrn: null,
        protect: false,
        retainOnDelete: false,
        deleteBeforeReplace: false,
        replaceOnChanges: [],
        dependencyUrns: [],
        inputs: { namespace: "pd", hfTokenSecretName: "hf-token", model: { uri: "pvc://model-cache/llama" } },
        rawInputs: {},
        secretInputs: [],
    },
];

function messages(objects: RenderedObject[], resources: PlannedResource[] = []): string[] {
    return checkObjects(objects, resources).findings.map((f) => f.message);
}

describe("render checks: wiring of a P/D install", () => {
    for (const [api, edit] of [
        ["v1alpha2 (llm-d 0.2)", () => {}],
        ["v1 (llm-d 0.9)", asV1],
    ] as const) {
        it(`the intact install (InferencePool ${api}) passes every check`, () => {
            const result = checkObjects(install(edit), []);
            assert.deepStrictEqual(result.findings, []);
            assert.deepStrictEqual(result.notes, []);
            assert.deepStrictEqual(result.schema, { checked: 9, custom: 4 });
        });
    }

    it("wrong port: the pool's port is neither the decode routing sidecar's nor prefill vLLM's", () => {
        assert.deepStrictEqual(
            messages(install((m) => (find(m, "InferencePool", "pool").spec.targetPortNumber = 8001))),
            [
                "InferencePool pd/pool targets port 8001, but prefill Deployment pd/prefill serves 8000: prefill requests find nothing listening and fail",
                "InferencePool pd/pool targets port 8001, but the routing sidecar of decode Deployment pd/decode serves 8000: the gateway's requests to decode pods find nothing listening (or bypass the sidecar) and fail",
            ],
        );
        assert.deepStrictEqual(
            messages(install((m) => (asV1(m), (find(m, "InferencePool", "pool").spec.targetPorts = [{ number: 8200 }])))),
            [
                "InferencePool pd/pool targets port 8200, but prefill Deployment pd/prefill serves 8000: prefill requests find nothing listening and fail",
                "InferencePool pd/pool targets port 8200, but the routing sidecar of decode Deployment pd/decode serves 8000: the gateway's requests to decode pods find nothing listening (or bypass the sidecar) and fail",
            ],
            "vLLM's own port behind the sidecar is not the pool's port",
        );
    });

    it("decode without its routing sidecar", () => {
        assert.deepStrictEqual(
            messages(install((m) => delete find(m, "Deployment", "decode").spec.template.spec.initContainers)),
            [
                "InferencePool pd/pool sends decode traffic to port 8000 of decode Deployment pd/decode, which has no routing sidecar (an init container with restartPolicy: Always): requests reach vLLM without the P/D handshake and no prefill runs",
            ],
        );
    });

    it("wrong selector: the pool selects no prefill and no decode pod", () => {
        assert.deepStrictEqual(
            messages(install((m) => (find(m, "InferencePool", "pool").spec.selector = { "llm-d.ai/inferenceServing": "yes" }))),
            ["prefill", "decode"].map(
                (role) =>
                    `InferencePool pd/pool selects {llm-d.ai/inferenceServing=yes}, which the pods of ${role} Deployment pd/${role} do not carry ` +
                    `(they lack llm-d.ai/inferenceServing=yes (theirs: true)): the endpoint picker finds no ${role} endpoint and P/D requests fail`,
            ),
        );
        assert.deepStrictEqual(
            messages(install((m) => drop(m, "Deployment", "prefill"))),
            ["InferencePool pd/pool selects no prefill pod template (llm-d.ai/role=prefill), and namespace pd of the install has none: the endpoint picker finds no prefill endpoint and P/D requests fail"],
        );
    });

    it("missing Service: the pool's endpoint picker and the DestinationRule's host name a Service the install lacks", () => {
        assert.deepStrictEqual(messages(install((m) => drop(m, "Service", "pool-epp"))), [
            "InferencePool pd/pool names endpoint picker Service pd/pool-epp, which is not in the install: the gateway cannot ask it for an endpoint and requests to the pool fail",
            "DestinationRule pd/gw has host pool-epp.pd.svc.cluster.local, Service pd/pool-epp, which is not in the install: its traffic policy (connection limits, TLS to the endpoint picker) applies to nothing, and the gateway's connections to that Service, if it appears, go without it",
        ]);
    });

    it("the endpoint picker's port and pods: a port the Service lacks, a Service that selects no pod", () => {
        assert.deepStrictEqual(messages(install((m) => (find(m, "InferencePool", "pool").spec.extensionRef.portNumber = 9003))), [
            "InferencePool pd/pool names endpoint picker port 9003, but Service pd/pool-epp serves 9002, 9090: the gateway cannot reach the endpoint picker and requests to the pool fail",
        ]);
        assert.deepStrictEqual(messages(install((m) => (asV1(m), (find(m, "InferencePool", "pool").spec.endpointPickerRef.port.number = 9090), (find(m, "Deployment", "pool-epp").spec.template.spec.containers[0].ports = [{ containerPort: 9002 }])))), [
            "Service pd/pool-epp, the endpoint picker of InferencePool pd/pool, forwards port 9090 to 9090, which Deployment pd/pool-epp does not serve: the gateway cannot reach the endpoint picker",
        ]);
        assert.deepStrictEqual(messages(install((m) => (find(m, "Service", "pool-epp").spec.selector = { app: "epp" }))), [
            "Service pd/pool-epp, the endpoint picker of InferencePool pd/pool, selects {app=epp}, which no pod template of the install carries: the Service has no endpoints and requests to the pool fail",
        ]);
    });

    it("missing claim, ServiceAccount, Secret and ConfigMap: what the pods use must be in the install", () => {
        assert.deepStrictEqual(messages(install((m) => drop(m, "PersistentVolumeClaim", "model-cache"))), [
            "Deployment pd/decode uses PersistentVolumeClaim pd/model-cache (volume model), which is not in the install: its pods stay Pending",
            "Deployment pd/prefill uses PersistentVolumeClaim pd/model-cache (volume model), which is not in the install: its pods stay Pending",
        ]);
        assert.deepStrictEqual(messages(install((m) => (drop(m, "ServiceAccount", "ms"), drop(m, "Secret", "hf-token"), drop(m, "ConfigMap", "pool-epp")))), [
            "Deployment pd/pool-epp uses ConfigMap pd/pool-epp (volume config), which is not in the install: its pods never start (CreateContainerConfigError, or FailedMount for a volume)",
            "Deployment pd/decode uses ServiceAccount pd/ms (serviceAccountName), which is not in the install: its pods are never created (the controller cannot find the service account)",
            "Deployment pd/decode uses Secret pd/hf-token (env HF_TOKEN of container vllm), which is not in the install: its pods never start (CreateContainerConfigError, or FailedMount for a volume)",
            "Deployment pd/prefill uses ServiceAccount pd/ms (serviceAccountName), which is not in the install: its pods are never created (the controller cannot find the service account)",
            "Deployment pd/prefill uses Secret pd/hf-token (env HF_TOKEN of container vllm), which is not in the install: its pods never start (CreateContainerConfigError, or FailedMount for a volume)",
        ]);
        const optional = install((m) => {
            drop(m, "Secret", "hf-token");
            for (const d of ["decode", "prefill"]) {
                find(m, "Deployment", d).spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.optional = true;
            }
        });
        assert.deepStrictEqual(messages(optional), [], "an optional reference may be absent");
    });

    it("the user's own Secret and claim (existingHfTokenSecret, a pvc:// model) are notes, not violations", () => {
        const result = checkObjects(
            install((m) => (drop(m, "Secret", "hf-token"), drop(m, "PersistentVolumeClaim", "model-cache"))),
            PDSTACK,
        );
        assert.deepStrictEqual(result.findings, []);
        assert.deepStrictEqual(result.notes, [
            "PersistentVolumeClaim pd/model-cache, which Deployment pd/decode, Deployment pd/prefill use, is not part of the install: it is the claim of model.uri pvc://model-cache/llama; pulumi up expects it to exist",
            "Secret pd/hf-token, which Deployment pd/decode, Deployment pd/prefill use, is not part of the install: it is the Hugging Face token Secret the stack names (existingHfTokenSecret); pulumi up expects it to exist",
        ]);
    });

    it("HTTPRoute: a missing parent Gateway, a pool of the other API group, a missing pool", () => {
        assert.deepStrictEqual(messages(install((m) => drop(m, "Gateway", "gw"))), [
            "HTTPRoute pd/route names parent Gateway pd/gw, which is not in the install: the route attaches to no gateway and no request reaches its backends",
        ]);
        assert.deepStrictEqual(messages(install((m) => (find(m, "HTTPRoute", "route").spec.rules[0].backendRefs[0].group = "inference.networking.k8s.io"))), [
            "HTTPRoute pd/route sends to InferencePool pd/pool of group inference.networking.k8s.io, but the install's InferencePool pd/pool is of group inference.networking.x-k8s.io: the gateway finds no such backend and answers every request with an error",
        ]);
        assert.deepStrictEqual(messages(install((m) => (find(m, "HTTPRoute", "route").spec.rules[0].backendRefs[0].name = "other"))), [
            "HTTPRoute pd/route sends to InferencePool pd/other (inference.networking.x-k8s.io), which is not in the install: the gateway answers every request with an error",
        ]);
    });

    it("schema: a field of the wrong type, and a kind the targeted Kubernetes does not serve", () => {
        assert.deepStrictEqual(messages(install((m) => (find(m, "Deployment", "prefill").spec.template.spec.containers[0].ports[0].containerPort = "eighty"))), [
            "Deployment pd/prefill (fixture) is not a valid apps/v1 Deployment of Kubernetes 1.33: spec.template.spec.containers[0].ports[0].containerPort must be integer; the API server refuses it and the install fails",
        ]);
        assert.deepStrictEqual(messages(install((m) => (find(m, "Deployment", "pool-epp").apiVersion = "extensions/v1beta1"))), [
            "Deployment pd/pool-epp (fixture) has apiVersion extensions/v1beta1 kind Deployment, which Kubernetes 1.33 does not serve: the API server refuses it and the install fails",
        ]);
    });
});
