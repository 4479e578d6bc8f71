import * as pulumi from "@pulumi/pulumi";
import { printable } from "../components/validation/printable";

/** Marker the plan prints in place of every secret value. */
export const SECRET_PLACEHOLDER = "[secret]";

/** The parts of the resource monitor's RegisterResource call the recorder reads (`proto/resource_pb`). */
interface RegisterResourceRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getProtect(): boolean;
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getReplaceonchangesList(): string[];
    getDependenciesList(): string[];
    getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
}
type RegisterResourceCallback = (err: unknown, resp?: { getUrn(): string }) => void;
/** The parts of the resource monitor's ReadResource call the recorder reads (`proto/resource_pb`). */
interface ReadResourceRequest {
    getType(): string;
    getName(): string;
    getId(): string;
}
interface Monitor {
    registerResource(req: RegisterResourceRequest, callback: RegisterResourceCallback): unknown;
    readResource(req: ReadResourceRequest, callback: RegisterResourceCallback): unknown;
}

/**
 * Waits until the SDK's queue of resource RPCs has drained, as the SDK itself does before a program
 * exits. The plan's one use of a Pulumi API that is not public: `runtime.waitForRPCs` is `@internal`
 * in @pulumi/pulumi (runtime/settings.js) and nothing public tells when every registration a program
 * started has been answered. Pinned by the `~3.248.0` dependency; `test/plan/parity.test.ts` fails if it goes.
 */
function waitForRegistrations(): Promise<void> {
    const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
    if (typeof runtime.waitForRPCs !== "function") {
        throw new Error("@pulumi/pulumi no longer provides runtime.waitForRPCs, which the plan needs to wait for registrations");
    }
    return runtime.waitForRPCs();
}

/** One resource as the program registered it under mocks: what `pulumi preview` would be asked to create. */
export interface PlannedResource {
    /** The Pulumi type token, e.g. `kubernetes:helm.sh/v3:Release`. */
    type: string;
    /** The resource's logical name. */
    name: string;
    /** The resource's URN under the mock stack. */
    urn: string;
    /** True for provider-managed resources, false for components. */
    custom: boolean;
    /** URN of the parent resource, or null at the top level. */
    parentUrn: string | null;
    /** URN of the explicit provider, or null for the default provider. */
    providerUrn: string | null;
    /** Whether the resource is protected from deletion (`protect`, inherited from the parent). */
    protect: boolean;
    /** Whether `pulumi destroy` leaves the object in the cluster (`retainOnDelete`). */
    retainOnDelete: boolean;
    /** Whether a replacement deletes the old resource before creating the new one (`deleteBeforeReplace`). */
    deleteBeforeReplace: boolean;
    /** Input paths whose change replaces the resource (`replaceOnChanges`). */
    replaceOnChanges: string[];
    /** URNs this resource depends on (explicit `dependsOn` and input dependencies). */
    dependencyUrns: string[];
    /** The inputs, with every secret replaced by {@link SECRET_PLACEHOLDER}. */
    inputs: Record<string, unknown>;
    /** The inputs with secrets unwrapped: for tests that check what a secret carries. Never printed. */
    rawInputs: Record<string, unknown>;
    /** Top-level input names that arrived as secrets. */
    secretInputs: string[];
}

/** One object the program reads from the cluster (`<Resource>.get`): `pulumi preview` reads it; the plan answers it. */
export interface PlannedRead {
    /** The Pulumi type token, e.g. `kubernetes:storage.k8s.io/v1:StorageClass`. */
    type: string;
    /** The read's logical name. */
    name: string;
    /** The object read: its name (`<namespace>/<name>` for a namespaced one). */
    id: string;
}

/** Walks a deserialized property tree, either masking or unwrapping secret wrappers. */
function transformSecrets(value: unknown, mask: boolean): unknown {
    if (pulumi.runtime.isRpcSecret(value)) {
        return mask ? SECRET_PLACEHOLDER : transformSecrets(pulumi.runtime.unwrapRpcSecret(value), mask);
    }
    if (Array.isArray(value)) {
        return value.map((v) => transformSecrets(v, mask));
    }
    if (value !== null && typeof value === "object" && value.constructor === Object) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = transformSecrets(v, mask);
        }
        return out;
    }
    return value;
}

/** What a provider reference (`urn::id`) points at. */
function providerUrnOf(ref: string): string | null {
    if (!ref) {
        return null;
    }
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

/** Project a mocked GCP resource reports when the program leaves it to the gcp provider's config. */
export const MOCK_GCP_PROJECT = "mock-project";

/** Type token of a StorageClass, which PDStack reads for its model cache's class. */
export const STORAGE_CLASS_TYPE = "kubernetes:storage.k8s.io/v1:StorageClass";

/**
 * The provisioner the offline plan answers for any StorageClass the program reads: it reads no cluster,
 * so it refuses no class (a value no provisioner has, so that no check takes it for a real one).
 */
export const OFFLINE_PROVISIONER = "(not read: the offline plan reads no cluster)";

/**
 * The plan's notes on what it read: for each StorageClass, that `pulumi preview` checks it on the cluster
 * and the plan did not. Other reads (the ScaledObject CRD) need no note: the plan only waits for them.
 */
export function offlineReadNotes(reads: PlannedRead[]): string[] {
    return reads
        .filter((r) => r.type === STORAGE_CLASS_TYPE)
        .map(
            (r) =>
                `StorageClass "${printable(r.id)}" of the model cache: pulumi preview reads it from the cluster and refuses a ReadWriteMany ` +
                "claim of a class of block disks; the plan reads no cluster",
        );
}

/** What the mocks answer that the plan cannot ask a provider or a cluster. */
export interface OfflineAnswers {
    /** Invokes (data sources). @default {@link offlineCall} */
    call?: (args: pulumi.runtime.MockCallArgs) => Record<string, any>;
    /**
     * The provisioner of a StorageClass the program reads from the cluster; undefined: the class does
     * not exist, and the read fails as the engine fails it. @default every class exists, with {@link OFFLINE_PROVISIONER}
     */
    storageClassProvisioner?: (className: string) => string | undefined;
}

/**
 * Outputs the mocks return for a resource: its inputs, plus the fields the providers fill in that
 * programs read back (a Helm release's `status`, a GKE cluster's endpoint, CA and project); for a
 * StorageClass read from the cluster, its name and provisioner.
 */
function mockState(args: pulumi.runtime.MockResourceArgs, answers: OfflineAnswers): Record<string, unknown> {
    const state: Record<string, unknown> = { ...args.inputs };
    if (args.type === STORAGE_CLASS_TYPE && args.id) {
        const provisioner = (answers.storageClassProvisioner ?? (() => OFFLINE_PROVISIONER))(args.id);
        if (provisioner === undefined) {
            // The engine's own words when a read finds nothing (pulumi/pkg resource/deploy/step.go).
            throw new Error(`resource '${args.id}' does not exist`);
        }
        return { ...state, apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: args.id }, provisioner };
    }
    if (args.type === "kubernetes:helm.sh/v3:Release") {
        state.status = {
            name: args.inputs.name,
            namespace: args.inputs.namespace,
            chart: args.inputs.chart,
            version: args.inputs.version,
            status: "deployed",
        };
    }
    if (args.type === "gcp:container/cluster:Cluster") {
        state.project = args.inputs.project ?? pulumi.runtime.allConfig()["gcp:project"] ?? MOCK_GCP_PROJECT;
        state.endpoint = "203.0.113.10"; // TEST-NET-3: documentation address, never routable
        state.masterAuth = { clusterCaCertificate: Buffer.from("mock cluster CA").toString("base64") };
    }
    return state;
}

/**
 * What the offline plan answers for `gcp.container.getEngineVersions` (GKE's server config), which it
 * cannot ask: a fixed answer in which every release channel offers, as default and latest, GKE versions
 * that serve every llm-d release (llm-d 0.9 needs 1.34.0-gke.1626000). A cluster that `pulumi preview`
 * creates gets the version its channel really offers.
 */
export const OFFLINE_GKE_ENGINE_VERSIONS = {
    releaseChannelDefaultVersion: { RAPID: "1.35.1-gke.1000000", REGULAR: "1.34.1-gke.1829001", STABLE: "1.34.0-gke.1626000" },
    releaseChannelLatestVersion: { RAPID: "1.35.2-gke.1000000", REGULAR: "1.35.1-gke.1000000", STABLE: "1.34.1-gke.1829001" },
} as const;

/** The invokes' answers under the mocks: GKE's versions as above; any other invoke echoes its arguments. */
export function offlineCall(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    if (args.token === "gcp:container/getEngineVersions:getEngineVersions") {
        return { ...args.inputs, ...OFFLINE_GKE_ENGINE_VERSIONS };
    }
    return args.inputs;
}

/**
 * Installs Pulumi mocks that record every registered resource, with its parent, provider and
 * dependencies (which the plain `Mocks.newResource` hook does not see).
 *
 * Call it before the program or component under test is constructed, then `await recorder.settle()`
 * once it is, and read `recorder.resources`.
 */
export class ResourceRecorder {
    readonly resources: PlannedResource[] = [];
    /** What the program read from the cluster, in the order it asked. */
    readonly reads: PlannedRead[] = [];

    private constructor() {}

    static async install(project = "llm-d-pd", stack = "plan", answers: OfflineAnswers = {}): Promise<ResourceRecorder> {
        const recorder = new ResourceRecorder();
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => ({ id: args.id || `${args.name}-id`, state: mockState(args, answers) }),
                call: answers.call ?? offlineCall,
            },
            project,
            stack,
            true,
        );
        // The mock monitor receives every RegisterResource request: the one place that sees a
        // resource's parent, provider and dependencies. Record the request, then the URN the
        // monitor answers with.
        const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
        const read = monitor.readResource.bind(monitor);
        monitor.readResource = (req, callback) => {
            recorder.reads.push({ type: req.getType(), name: req.getName(), id: req.getId() });
            return read(req, callback);
        };
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, callback) => {
            const deserialized: Record<string, unknown> = pulumi.runtime.deserializeProperties(req.getObject());
            const resource: PlannedResource = {
                type: req.getType(),
                name: req.getName(),
                urn: "",
                custom: req.getCustom(),
                parentUrn: req.getParent() || null,
                providerUrn: providerUrnOf(req.getProvider()),
                protect: Boolean(req.getProtect()),
                retainOnDelete: Boolean(req.getRetainondelete()),
                deleteBeforeReplace: Boolean(req.getDeletebeforereplace()),
                replaceOnChanges: [...req.getReplaceonchangesList()],
                dependencyUrns: [...req.getDependenciesList()],
                inputs: transformSecrets(deserialized, true) as Record<string, unknown>,
                rawInputs: transformSecrets(deserialized, false) as Record<string, unknown>,
                secretInputs: Object.keys(deserialized).filter((k) => pulumi.runtime.isRpcSecret(deserialized[k])),
            };
            recorder.resources.push(resource);
            return register(req, (err, resp) => {
                if (resp) {
                    resource.urn = resp.getUrn();
                }
                callback(err, resp);
            });
        };
        return recorder;
    }

    /** Resolves once every registration the program started has been answered (and its URN recorded). */
    async settle(): Promise<PlannedResource[]> {
        await waitForRegistrations();
        return this.resources;
    }

    /** Installs fresh mocks, runs `build` (which constructs resources), and returns the settled recorder. */
    static async record(build: () => void, project?: string, stack?: string): Promise<ResourceRecorder> {
        const recorder = await ResourceRecorder.install(project, stack);
        build();
        await recorder.settle();
        return recorder;
    }

    /** Resources of a type token. */
    ofType(type: string): PlannedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource with this type and name; throws if absent. */
    get(type: string, name: string): PlannedResource {
        const found = this.resources.find((r) => r.type === type && r.name === name);
        if (!found) {
            const have = this.resources.map((r) => `${r.type} ${r.name}`).join(", ");
            throw new Error(`no ${type} named ${name}; registered: ${have}`);
        }
        return found;
    }
}

/** The value of an Output (or plain value) under mocks; secrets come back as {@link SECRET_PLACEHOLDER}. */
export async function resolveOutput(value: unknown): Promise<unknown> {
    const output = value as { promise?: () => Promise<unknown>; isSecret?: Promise<boolean> };
    if (!pulumi.Output.isInstance(value) || typeof output.promise !== "function") {
        return value;
    }
    return (await output.isSecret) ? SECRET_PLACEHOLDER : await output.promise();
}
