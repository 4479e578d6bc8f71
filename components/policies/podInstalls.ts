/**
 * The reader of model servers that are pods: the prefill and decode pod templates of an install
 * (Deployments whose pods carry `llm-d.ai/role`), read into the release-neutral view
 * (./modelServerView.ts). llm-d 0.9's profile reads PDStack's own Deployments with it; `--render`
 * reads the Deployments a chart renders with it (llm-d-modelservice v0.2.7's carry the same label),
 * so that a rule finds a problem in a rendered Deployment as it does in a registered one.
 */
import { CACHE_MOUNT_PATH } from "../modelcache";
import type { LlmdRelease } from "../releases/releases";
import { MODEL_VOLUME, Role, ROLE_LABEL, ROLES } from "../releases/vllm";
import { CONFIG_PREFIX } from "../tokens";
import { isPlainObject, parseQuantity } from "../validation";
import { SidecarConvention, sidecarProblems } from "./disaggSidecar";
import type { ModelServerInstall, ModelServerRole, ModelSource, ViewResource } from "./modelServerView";
import { argsOf, servedModelFlag, VllmContainer } from "./vllmContainers";

type Obj = Record<string, any>;

const HOSTNAME_LABEL = "kubernetes.io/hostname";

/** The P/D role pods with these labels serve (`llm-d.ai/role`), if they are model servers. */
export function podRole(labels: unknown): Role | undefined {
    const role = isPlainObject(labels) ? labels[ROLE_LABEL] : undefined;
    return (ROLES as readonly unknown[]).includes(role) ? (role as Role) : undefined;
}

/** One role's pods, as a pod template gives them. */
export interface RolePods {
    role: Role;
    /** The object whose template it is, and how messages name it. */
    resource: ViewResource;
    where: string;
    podSpec: Obj;
    /** Where the pod spec sits in the object: `spec.template.spec`. */
    specPath: string;
    replicas: number;
    /** The KEDA ScaledObject that owns the replica count (then `replicas` is its maxReplicaCount). */
    scaledBy?: string;
}

/**
 * The one node a pod spec pins its pods to by hostname: `nodeSelector`, or a required node affinity
 * of one term whose hostname expression allows one node (what modelservice renders `acceleratorTypes` to).
 */
export function pinnedNodeOf(podSpec: Obj): string | undefined {
    const selector = isPlainObject(podSpec.nodeSelector) ? podSpec.nodeSelector : {};
    if (typeof selector[HOSTNAME_LABEL] === "string") {
        return selector[HOSTNAME_LABEL];
    }
    const terms = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (!Array.isArray(terms) || terms.length !== 1 || !Array.isArray(terms[0]?.matchExpressions)) {
        return undefined;
    }
    const e = terms[0].matchExpressions.find((x: Obj) => x?.key === HOSTNAME_LABEL);
    return e?.operator === "In" && Array.isArray(e.values) && e.values.length === 1 ? String(e.values[0]) : undefined;
}

/** Whether a container runs vLLM: `vllm` (or a path ending in it) in its command or args. */
function runsVllm(c: Obj): boolean {
    const command: unknown[] = Array.isArray(c.command) ? c.command : [];
    return [...command, ...argsOf(c)].some((a) => typeof a === "string" && /(^|\/)vllm$/.test(a));
}

/** The model a vLLM container serves: `--served-model-name`, else the model argument of `vllm serve <model>`. */
export function podServedModel(c: Obj): string | undefined {
    const flag = servedModelFlag(c);
    if (flag !== undefined) {
        return flag;
    }
    const command: unknown[] = Array.isArray(c.command) ? c.command : [];
    const args = argsOf(c);
    const all = [...command, ...args];
    const serve = all.indexOf("serve");
    const candidate = serve >= 0 ? all[serve + 1] : args[0];
    return typeof candidate === "string" && !candidate.startsWith("-") ? candidate : undefined;
}

/** The vLLM containers of a pod: those running vLLM, else its first container. */
export function podVllmContainers(pods: RolePods): VllmContainer[] {
    const all = (Array.isArray(pods.podSpec.containers) ? pods.podSpec.containers : []).map((spec: unknown, index: number) => ({ spec, index }));
    const plain = all.filter((x: { spec: unknown }) => isPlainObject(x.spec)) as { spec: Obj; index: number }[];
    const vllm = plain.filter((x) => runsVllm(x.spec));
    return (vllm.length > 0 ? vllm : plain.slice(0, 1)).map(({ spec, index }) => ({
        role: pods.role,
        index,
        name: typeof spec.name === "string" && spec.name !== "" ? spec.name : `#${index}`,
        spec,
        path: `${pods.specPath}.containers[${index}]`,
        servedModel: podServedModel(spec),
        modelMount: {
            mounted: Array.isArray(spec.volumeMounts) && spec.volumeMounts.some((m: Obj) => m?.name === MODEL_VOLUME),
            missing: `no volumeMount of volume "${MODEL_VOLUME}"`,
            fix: `mount volume "${MODEL_VOLUME}" at ${CACHE_MOUNT_PATH}`,
        },
    }));
}

/** Where a role's pods load the model from: the claim of the model volume, else the hub (into an emptyDir of its size). */
function podModelSource(pods: RolePods): ModelSource {
    const volumes: Obj[] = Array.isArray(pods.podSpec.volumes) ? pods.podSpec.volumes.filter(isPlainObject) : [];
    const volume = volumes.find((v) => v.name === MODEL_VOLUME);
    const claim = volume?.persistentVolumeClaim?.claimName;
    const { name: _name, ...source } = volume ?? {};
    const base = {
        roles: [pods.role],
        resource: pods.resource,
        where: pods.where,
        key: `volume "${MODEL_VOLUME}"`,
        described: volume ? `volume "${MODEL_VOLUME}" is ${JSON.stringify(source)}` : `no volume "${MODEL_VOLUME}"`,
        serveClaim: (c: string) => `persistentVolumeClaim "${c}" as volume "${MODEL_VOLUME}"`,
    };
    if (typeof claim === "string") {
        return { ...base, kind: "claim", claim };
    }
    if (volume?.image !== undefined) {
        return { ...base, kind: "other" };
    }
    const bytes = parseQuantity(volume?.emptyDir?.sizeLimit);
    return { ...base, kind: "hub", ...(bytes !== undefined ? { bytes } : {}) };
}

/** How an install of pods is named and fixed, and which sidecar conventions its decode pods may follow. */
export interface PodInstallOptions {
    release?: LlmdRelease;
    where: string;
    name: string;
    namespace: string;
    key: string;
    madeBy: string;
    restore: string;
    /** Its release's convention; every release's when the pods are of a chart no profile installs. */
    sidecars: readonly SidecarConvention[];
}

function roleOf(pods: RolePods): ModelServerRole {
    const node = pinnedNodeOf(pods.podSpec);
    return {
        role: pods.role,
        resource: pods.resource,
        where: pods.where,
        replicas: pods.replicas,
        ...(pods.scaledBy ? { scaledBy: pods.scaledBy } : {}),
        containers: podVllmContainers(pods),
        podSpec: pods.podSpec,
        ...(node !== undefined ? { pinnedNode: node } : {}),
    };
}

/** Problems of an install's roles as pods: a role without its Deployment, without pods, or without a container. */
function podRoleProblems(install: ModelServerInstall): string[] {
    const messages: string[] = [];
    for (const role of ROLES) {
        const r = install.roles[role];
        if (!r) {
            messages.push(
                `${install.where}: no ${role} Deployment (pods with ${ROLE_LABEL}=${role}): P/D needs both prefill and decode pods (PDStack always creates both)`,
            );
            continue;
        }
        if (!(r.replicas >= 1)) {
            messages.push(`${r.where}: ${r.replicas} replicas: P/D needs at least one ${role} pod; set ${CONFIG_PREFIX}${role} replicas to at least 1`);
        }
        if (r.containers.length === 0) {
            messages.push(`${r.where}: no vLLM container: nothing would serve ${role}`);
        }
    }
    return messages;
}

/** One install from its pods (a role given twice: the last one counts). */
export function podInstall(opts: PodInstallOptions, pods: readonly RolePods[]): ModelServerInstall {
    const roles: Partial<Record<Role, ModelServerRole>> = {};
    const sources = new Map<Role, ModelSource>();
    for (const p of pods) {
        roles[p.role] = roleOf(p);
        sources.set(p.role, podModelSource(p));
    }
    const anchor = (roles.decode ?? roles.prefill)?.resource;
    if (!anchor) {
        throw new Error(`${opts.where}: an install of pods needs at least one role`);
    }
    return {
        ...(opts.release ? { release: opts.release } : {}),
        where: opts.where,
        name: opts.name,
        plural: "model servers",
        namespace: opts.namespace,
        anchor,
        key: opts.key,
        roles,
        modelSources: ROLES.filter((r) => sources.has(r)).map((r) => sources.get(r)!),
        podMonitors: [],
        madeBy: opts.madeBy,
        restore: opts.restore,
        roleProblems: podRoleProblems,
        sidecarProblems: (self) => (self.roles.decode ? sidecarProblems(self.roles.decode, opts.sidecars) : []),
    };
}

/** The replicas of a Deployment's manifest: `spec.replicas`, Kubernetes' default of 1 when absent. */
export function deploymentReplicas(manifest: Obj): number {
    const replicas = manifest?.spec?.replicas;
    return typeof replicas === "number" ? replicas : 1;
}
