/**
 * The release-neutral view of an install's model servers: what the pack's model-server rules
 * (accelerators, budget, NIXL wiring, model cache) read, whatever the shape the release gives them
 * in. Each release profile reads its own shape into this view (`ReleaseProfile.checks.modelServers`:
 * llm-d 0.2 from llm-d-modelservice release values, llm-d 0.9 from its prefill and decode
 * Deployments), and the rendered pod templates of a chart are read into it too (./podInstalls.ts), so
 * that one implementation of each rule applies to every release and to what `--render` shows.
 *
 * Types only, and no import of the table of profiles: the profiles' readers import this module.
 */
import type { LlmdRelease } from "../releases/releases";
import type { Role } from "../releases/vllm";
import type { VllmContainer } from "./vllmContainers";

type Obj = Record<string, any>;

/** What the pack needs of a resource: a PolicyResource, or a rendered object standing in for one. */
export interface ViewResource {
    type: string;
    /** The Pulumi resource name (a rendered object's is `Kind namespace/name`): violations name it. */
    name: string;
    urn?: string;
    props: Record<string, any>;
    parent?: ViewResource;
    provider?: { urn: string };
}

/** One P/D role of an install. */
export interface ModelServerRole {
    role: Role;
    /** What runs the role's pods: its Deployment, or the Helm release whose values make them. Verdicts on the role are reported on it. */
    resource: ViewResource;
    /** How messages name that resource: `Deployment "vllm-pd-decode"`, `Helm release "ms-pd" (namespace llm-d-pd)`. */
    where: string;
    /** Pods of the role (0 when the role is not created); for a role KEDA scales, the most it may run. */
    replicas: number;
    /** The KEDA ScaledObject that owns the role's replica count, when one does. */
    scaledBy?: string;
    /** The role's vLLM containers, each with where a user finds it. */
    containers: VllmContainer[];
    /** The pod spec, when the shape has one (a Deployment's pod template). */
    podSpec?: Obj;
    /** The one node the role's pods are pinned to by `kubernetes.io/hostname`; undefined when they may land on any node. */
    pinnedNode?: string;
}

/** Where the pods of some roles load the model from. */
export interface ModelSource {
    roles: Role[];
    /** The resource that says so (reported on), and how messages name it. */
    resource: ViewResource;
    where: string;
    /** `hub`: every pod downloads the model; `claim`: the pods read it from {@link claim}; `other`: neither (an OCI image, a URI the pack does not know). */
    kind: "hub" | "claim" | "other";
    claim?: string;
    /** The model's declared size in bytes (modelservice's `modelArtifacts.size`, the model volume's `sizeLimit`), when there is one. */
    bytes?: number;
    /** How messages name the setting: `modelArtifacts.uri`, `volume "model-storage"`. */
    key: string;
    /** What the setting is, as a message says it: `modelArtifacts.uri is "hf://org/model"`. */
    described: string;
    /** How to serve a claim from this setting: `pvc://<claim>/<path>`. */
    serveClaim(claim: string): string;
}

/** The model servers of one install, as one release (or one rendered chart) gives them. */
export interface ModelServerInstall {
    /** The release profile whose objects these are; undefined for a chart no profile installs. */
    release?: LlmdRelease;
    /** How messages name the install: `Helm release "ms-pd" (namespace llm-d-pd)`, `model servers "router-pd" (namespace llm-d-pd)`. */
    where: string;
    /** The release or instance name: how the accelerator budget's breakdown names the install. */
    name: string;
    /** How messages call installs of this shape, in the plural: `modelservice releases`, `model servers`. */
    plural: string;
    namespace?: string;
    /** What install-wide verdicts are reported on; its parent and provider say which PDStack and cluster it belongs to. */
    anchor: ViewResource;
    /** Identifies the install (its pods share one download of the model once it is cached). */
    key: string;
    roles: Partial<Record<Role, ModelServerRole>>;
    modelSources: ModelSource[];
    /** Roles whose pods a PodMonitor of the install scrapes (a kind of the Prometheus operator). */
    podMonitors: Role[];
    /** Who sets the wiring right, in a fix: `PDStack's modelservice values`, `PDStack's Deployments`; empty when no one PDStack knows does. */
    madeBy: string;
    /** What to restore, in the fix of a model-cache verdict: `PDStack's values`. */
    restore: string;
    /**
     * Problems of the roles as the shape states them (missing, not created, no pods, no container);
     * reported before the container checks. `self` is the install as the rule sees it (the same, or a
     * copy under other names): the messages name what `self` names.
     */
    roleProblems(self: ModelServerInstall): string[];
    /** Problems of decode's disaggregation sidecar as the shape runs it (values' `routing.proxy`, a Deployment's init container); `self` as above. */
    sidecarProblems(self: ModelServerInstall): string[];
}

/** One verdict of a model-server rule, and the resource it is reported on (none: the stack). */
export interface Verdict {
    message: string;
    resource?: ViewResource;
}
