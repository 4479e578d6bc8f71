/**
 * The pack's release checks on the objects the charts render (`npm run plan -- --render`): the
 * model-server rules (accelerators and resources, budget, NIXL wiring, model cache offline and access)
 * on the prefill and decode Deployments of each Helm release (their pod templates as
 * render/checks/podTemplates.ts gives them), read with the same reader of pods as
 * llm-d 0.9's own Deployments (./podInstalls.ts), and the name rules on every rendered object. So a
 * chart that renders something its values do not say (a default, a template change upstream) cannot
 * hide a problem behind a values shape.
 *
 * What the plan already checked is not reported twice: objects PDStack registers itself are checked
 * from the plan (only the charts' objects are read here), and a rule's verdict on the rendered install
 * that it also gave on the release's values (the same message, with each install, role and source
 * named alike) is dropped. A problem shows in both forms only where the two shapes word it apart (the
 * values' `routing.proxy` and the rendered sidecar's flags, `mountModelVolume` and a volumeMount).
 */
import { acceleratorBudgetRule } from "./acceleratorBudget";
import { acceleratorResourcesRule } from "./acceleratorResources";
import type { InstallRule, RuleContext } from "./installRules";
import { HELM_RELEASE } from "./kubernetesResources";
import { modelCacheAccessRule } from "./modelCacheAccess";
import { modelCacheOfflineRule } from "./modelCacheOffline";
import { modelServerInstalls, releaseOfChart, sidecarConventions } from "./modelServerInstalls";
import type { ModelServerInstall, ModelServerRole, ViewResource } from "./modelServerView";
import { kubernetesObjectNameProblems, NAME_LENGTHS, releaseNameProblems } from "./nameLengths";
import { createdNamesMessage, createdNamesOverLimits, objectNameProblems } from "./nameRules";
import { modelServerProbesRule } from "./modelServerProbes";
import { nixlWiringRule } from "./nixlWiring";
import { deploymentReplicas, podInstall, podRole, RolePods } from "./podInstalls";
import { ROLES } from "./vllmContainers";

/** The model-server rules, in the order the pack lists their policies. */
export const INSTALL_RULES: readonly InstallRule[] = [acceleratorResourcesRule, acceleratorBudgetRule, nixlWiringRule, modelServerProbesRule, modelCacheOfflineRule, modelCacheAccessRule];

/** A rendered object, as the plan lists it (render/objects.ts's `RenderedObject` is this type). */
export interface RenderedObjectLike {
    /** `helm:<release>` for a chart's object; anything else is PDStack's own. */
    source: string;
    apiVersion: string;
    kind: string;
    /** Null for a cluster-scoped object. */
    namespace: string | null;
    name: string;
    /** The object as it would be applied (secrets as "[secret]"). */
    manifest: Record<string, any>;
}

/** A pod template of a rendered object, as render/checks/podTemplates.ts gives it (`podTemplatesOf`). */
export interface RenderedPodTemplate {
    owner: RenderedObjectLike;
    /** Where the template sits in the owner: `spec.template`. */
    path: string;
    namespace: string;
    labels: Record<string, string>;
    spec: Record<string, any>;
}

/** A verdict on a rendered object: the policy, the object (`Deployment llm-d-pd/ms-pd-...-decode`, null for the stack) and the message. */
export interface RenderedVerdict {
    policy: string;
    resource: string | null;
    message: string;
}

const HELM_SOURCE = "helm:";

/** The type token of a rendered object's kind: `kubernetes:apps/v1:Deployment`, `kubernetes:core/v1:Service`. */
function typeOf(o: RenderedObjectLike): string {
    return `kubernetes:${o.apiVersion.includes("/") ? o.apiVersion : `core/${o.apiVersion}`}:${o.kind}`;
}

/** `Deployment llm-d-pd/ms-pd-llm-d-modelservice-decode`: how a verdict names a rendered object (as the render checks do). */
function objectRef(o: RenderedObjectLike): string {
    return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}

/** The Helm release resource each rendered object comes from, by its source. */
function releaseOf(o: RenderedObjectLike, releases: readonly ViewResource[]): ViewResource | undefined {
    if (!o.source.startsWith(HELM_SOURCE)) {
        return undefined;
    }
    const name = o.source.slice(HELM_SOURCE.length);
    const named = releases.filter((r) => (typeof r.props.name === "string" ? r.props.name : r.name) === name);
    return named.find((r) => r.props.namespace === o.namespace) ?? named[0];
}

/** How messages name a chart's object: `Deployment "ms-pd-llm-d-modelservice-decode" of Helm release "ms-pd" (namespace llm-d-pd)`. */
function describeRendered(o: RenderedObjectLike, release: ViewResource): string {
    const name = typeof release.props.name === "string" ? release.props.name : release.name;
    return `${o.kind} "${o.name}" of Helm release "${name}"${o.namespace ? ` (namespace ${o.namespace})` : ""}`;
}

/** The rendered model-server installs: the role Deployments of each Helm release, one install per release and namespace. */
function renderedInstalls(templates: readonly RenderedPodTemplate[], releases: readonly ViewResource[], fromValues: readonly ModelServerInstall[]): Map<ViewResource, ModelServerInstall[]> {
    const groups = new Map<string, { release: ViewResource; namespace: string; pods: RolePods[] }>();
    for (const t of templates) {
        const o = t.owner;
        const release = releaseOf(o, releases);
        const role = o.kind === "Deployment" && o.apiVersion === "apps/v1" ? podRole(t.labels) : undefined;
        if (!release || !role) {
            continue;
        }
        const key = `${release.urn ?? release.name}/${t.namespace}`;
        const group = groups.get(key) ?? { release, namespace: t.namespace, pods: [] };
        group.pods.push({
            role,
            resource: { type: typeOf(o), name: objectRef(o), props: o.manifest, ...(release.parent ? { parent: release.parent } : {}), ...(release.provider ? { provider: release.provider } : {}) },
            where: describeRendered(o, release),
            podSpec: t.spec,
            specPath: `${t.path}.spec`,
            replicas: deploymentReplicas(o.manifest),
        });
        groups.set(key, group);
    }
    const byRelease = new Map<ViewResource, ModelServerInstall[]>();
    for (const g of groups.values()) {
        const name = typeof g.release.props.name === "string" ? g.release.props.name : g.release.name;
        const values = fromValues.find((i) => i.anchor === g.release);
        const releaseOfPods = releaseOfChart(g.release.props.chart) ?? values?.release;
        const install = podInstall(
            {
                ...(releaseOfPods ? { release: releaseOfPods } : {}),
                where: `model servers of Helm release "${name}" (namespace ${g.namespace})`,
                name,
                namespace: g.namespace,
                key: `${HELM_SOURCE}${name}/${g.namespace}`,
                madeBy: values?.madeBy ?? "",
                restore: values?.restore ?? "the release's values",
                sidecars: sidecarConventions(releaseOfPods),
            },
            g.pods,
        );
        byRelease.set(g.release, [...(byRelease.get(g.release) ?? []), install]);
    }
    return byRelease;
}

/** The installs under names that do not depend on their shape: what a rule says of both shapes compares as text. */
function alikeNamed(install: ModelServerInstall): ModelServerInstall {
    const roles = Object.fromEntries(
        ROLES.filter((r) => install.roles[r]).map((r) => [r, { ...install.roles[r]!, where: `<${install.name} ${r}>` } satisfies ModelServerRole]),
    );
    return {
        ...install,
        where: `<${install.name}>`,
        roles,
        modelSources: install.modelSources.map((s) => ({ ...s, where: `<${install.name} ${s.roles.join(" and ")}>` })),
    };
}

/** The messages of `verdicts` whose text is not among `known` (each known message cancels one). */
function unknownVerdicts<T>(verdicts: readonly T[], texts: readonly string[], known: readonly string[]): T[] {
    const counts = new Map<string, number>();
    known.forEach((k) => counts.set(k, (counts.get(k) ?? 0) + 1));
    return verdicts.filter((_, i) => {
        const n = counts.get(texts[i]) ?? 0;
        counts.set(texts[i], n - 1);
        return n <= 0;
    });
}

/** `pd-name-lengths` on the charts' objects: their own names and the names they create, less what the plan's check of the releases already named. */
function renderedNameVerdicts(objects: readonly RenderedObjectLike[], releases: readonly ViewResource[], resources: readonly ViewResource[]): RenderedVerdict[] {
    const reported = resources.flatMap((r) =>
        r.type === HELM_RELEASE ? releaseNameProblems(r.type, r.name, r.props) : r.type.startsWith("kubernetes:") ? kubernetesObjectNameProblems(r.type, r.name, r.props) : [],
    );
    const named = (value: string) => reported.some((m) => m.includes(`"${value}"`));
    const verdicts: RenderedVerdict[] = [];
    for (const o of objects) {
        const release = releaseOf(o, releases);
        if (!release) {
            continue;
        }
        const where = describeRendered(o, release);
        const own = named(o.name) ? [] : objectNameProblems(where, o.kind, o.manifest);
        const created = createdNamesMessage(where, o.name, createdNamesOverLimits(typeOf(o), o.manifest).filter((n) => !named(n.value)));
        verdicts.push(...[...own, ...created].map((message) => ({ policy: NAME_LENGTHS, resource: objectRef(o), message })));
    }
    return verdicts;
}

/**
 * The verdicts of the pack's release checks on the rendered objects of the Helm releases, beyond what
 * the checks of the plan's resources give. `templates` are the objects' pod templates
 * (render/checks/podTemplates.ts); `resources` are the plan's resources as a stack policy sees them
 * (linked to parent and provider); `configOf` gives a policy's config, undefined when it is disabled.
 */
export function renderedObjectVerdicts(
    objects: readonly RenderedObjectLike[],
    templates: readonly RenderedPodTemplate[],
    resources: readonly ViewResource[],
    configOf: (policy: string) => Record<string, any> | undefined,
): RenderedVerdict[] {
    const releases = resources.filter((r) => r.type === HELM_RELEASE);
    const planned = modelServerInstalls(resources);
    const rendered = renderedInstalls(templates, releases, planned);
    // The install as `pulumi up` makes it: each release's rendered Deployments in place of what its values said.
    const replaced = planned.flatMap((i) => rendered.get(i.anchor as ViewResource) ?? [i]);
    const added = [...rendered].filter(([release]) => !planned.some((i) => i.anchor === release)).flatMap(([, installs]) => installs);
    const actual = [...replaced, ...added];
    const verdicts: RenderedVerdict[] = [];
    for (const rule of INSTALL_RULES) {
        const config = configOf(rule.policy);
        if (config === undefined || rendered.size === 0) {
            continue;
        }
        const ctx: RuleContext = { resources, config };
        const known = rule.verdicts(planned.map(alikeNamed), ctx).map((v) => v.message);
        const texts = rule.verdicts(actual.map(alikeNamed), ctx).map((v) => v.message);
        for (const v of unknownVerdicts(rule.verdicts(actual, ctx), texts, known)) {
            verdicts.push({ policy: rule.policy, resource: v.resource ? v.resource.name : null, message: v.message });
        }
    }
    if (configOf(NAME_LENGTHS) !== undefined) {
        verdicts.push(...renderedNameVerdicts(objects, releases, resources));
    }
    return verdicts;
}
