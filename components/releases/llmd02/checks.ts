/**
 * What the policy pack reads of llm-d 0.2's resources: the three Helm releases by their charts, the
 * model servers from the llm-d-modelservice release's values (v0.2.7: `prefill`/`decode` with
 * `replicas` and `containers`, `modelArtifacts`, `routing.proxy`), read into the release-neutral view
 * of components/policies/modelServerView.ts; the names modelservice and the other charts derive; and
 * how modelservice runs decode's routing sidecar in the Deployments it renders.
 *
 * Facts of the chart are from llm-d-incubation/llm-d-modelservice at tag llm-d-modelservice-v0.2.7
 * (commit 663bb7d588c3318e0cf2838df3bb5dec4e61e81c): `charts/llm-d-modelservice/values.yaml` and
 * `templates/_helpers.tpl`.
 */
import { claimOfModelUri, HF_SCHEME } from "../../modelcache";
import { GATEWAY_NAMES, GatewayName, GATEWAYS } from "../../pdstack/gateway";
import type { DerivedName } from "../../pdstack/names";
import { DNS_SUBDOMAIN_MAX } from "../../pdstack/names";
import { describeNamesOverLimits, longestPostfixThatFits, namesOverLimits, NameBudgetOf, postfixNameProblems } from "../../pdstack/rules";
import type { SidecarConvention } from "../../policies/disaggSidecar";
import { chartBaseName, describeResource, HELM_RELEASE } from "../../policies/kubernetesResources";
import type { ModelServerInstall, ModelServerRole, ViewResource } from "../../policies/modelServerView";
import { helmReleaseNameProblem, postfixFix, ReleaseProps } from "../../policies/nameRules";
import { servedModelFlag, VllmContainer } from "../../policies/vllmContainers";
import { CONFIG_PREFIX } from "../../tokens";
import { isPlainObject, parseQuantity } from "../../validation";
import type { ReleaseChecks } from "../checks";
import { Role, ROLES, ROUTING_SIDECAR_CONNECTOR } from "../vllm";
import { CHARTS } from "./charts";
import { llmd02NameBudgetOf, modelServiceFullname, modelServiceNameBudget } from "./names";
import { ROUTING_SIDECAR_IMAGE } from "./values/modelservice";

type Obj = Record<string, any>;

/** The llm-d charts of the P/D path: `infra`, `gaie`, `modelservice`, as PDStack installs them (./charts.ts). */
export type LlmdChart = keyof typeof CHARTS;

/** The chart name of each llm-d chart (`llm-d-infra`, `inferencepool`, `llm-d-modelservice`), from the references PDStack installs. */
export const LLMD_CHARTS = Object.fromEntries(
    Object.entries(CHARTS).map(([kind, ref]) => [kind, chartBaseName(ref.chart)]),
) as Readonly<Record<LlmdChart, string>>;

/** Which llm-d 0.2 chart a Helm release installs, from its chart name (or, for a modelservice fork, its values' shape). */
export function llmdChartOf(type: string, props: Record<string, any>): LlmdChart | undefined {
    if (type !== HELM_RELEASE) {
        return undefined;
    }
    const base = chartBaseName(props.chart);
    for (const [kind, name] of Object.entries(LLMD_CHARTS) as [LlmdChart, string][]) {
        if (base === name) {
            return kind;
        }
    }
    const values = props.values;
    if (isPlainObject(values) && isPlainObject(values.decode) && isPlainObject(values.prefill)) {
        return "modelservice";
    }
    return undefined;
}

/** Whether this resource is an llm-d-modelservice release (vLLM prefill and decode). */
export function isModelServiceRelease(type: string, props: Record<string, any>): boolean {
    return llmdChartOf(type, props) === "modelservice";
}

/** `replicas` the modelservice chart uses when the values give none (its values.yaml: decode 1, prefill 0). */
export const CHART_DEFAULT_REPLICAS: Record<Role, number> = { prefill: 0, decode: 1 };

/** One role of modelservice values. */
export interface RoleValues {
    role: Role;
    /** Whether `values.<role>` is an object. */
    present: boolean;
    /** `values.<role>.create` as given. */
    create: unknown;
    /** Pods of this role: `replicas`, or the chart's default when absent; 0 when the role is not created. */
    replicas: number;
    /** The role's values (an empty object when absent). */
    values: Obj;
}

/** The role's values as modelservice reads them. */
export function roleValues(values: unknown, role: Role): RoleValues {
    const v = isPlainObject(values) && isPlainObject(values[role]) ? values[role] : undefined;
    const created = v !== undefined && v.create !== false;
    const replicas = !created ? 0 : typeof v.replicas === "number" ? v.replicas : CHART_DEFAULT_REPLICAS[role];
    return { role, present: v !== undefined, create: v?.create, replicas, values: v ?? {} };
}

/** The model modelservice serves: `modelArtifacts.name`, else its `uri`. */
function artifactsModel(values: unknown): string | undefined {
    const artifacts = isPlainObject(values) && isPlainObject(values.modelArtifacts) ? values.modelArtifacts : {};
    return typeof artifacts.name === "string" ? artifacts.name : typeof artifacts.uri === "string" ? artifacts.uri : undefined;
}

/** Every entry of `<role>.containers[]` is a vLLM container: modelservice adds the routing sidecar itself, from `routing.proxy`. */
function roleContainers(values: unknown, r: RoleValues): VllmContainer[] {
    const list: unknown[] = Array.isArray(r.values.containers) ? r.values.containers : [];
    return list.map((c, index) => {
        const spec: Obj = isPlainObject(c) ? c : {};
        return {
            role: r.role,
            index,
            name: typeof spec.name === "string" && spec.name !== "" ? spec.name : `#${index}`,
            spec,
            path: `${r.role}.containers[${index}]`,
            servedModel: servedModelFlag(spec) ?? artifactsModel(values),
            modelMount: { mounted: spec.mountModelVolume === true, missing: "mountModelVolume is not true", fix: "set mountModelVolume: true" },
        };
    });
}

const HOSTNAME_LABEL = "kubernetes.io/hostname";

/** The one node a role's pods are pinned to by hostname (`acceleratorTypes`, or `extraConfig.nodeSelector`), or undefined. */
export function pinnedNode(values: unknown, role: Role): string | undefined {
    const v = isPlainObject(values) && isPlainObject(values[role]) ? values[role] : {};
    const types = isPlainObject(v.acceleratorTypes) ? v.acceleratorTypes : {};
    if (types.labelKey === HOSTNAME_LABEL && Array.isArray(types.labelValues) && types.labelValues.length === 1) {
        return String(types.labelValues[0]);
    }
    const selector = isPlainObject(v.extraConfig) && isPlainObject(v.extraConfig.nodeSelector) ? v.extraConfig.nodeSelector : {};
    return typeof selector[HOSTNAME_LABEL] === "string" ? selector[HOSTNAME_LABEL] : undefined;
}

/** Problems of one role of the values: missing, not created, no pods, no container. */
function roleValueProblems(r: RoleValues, containers: number, where: string): string[] {
    const key = `${CONFIG_PREFIX}${r.role}`;
    if (!r.present) {
        return [`${where}: values have no ${r.role} role: P/D needs both prefill and decode pods; restore values.${r.role} (PDStack always sets it)`];
    }
    const messages: string[] = [];
    if (r.create !== true) {
        messages.push(`${where}: ${r.role}.create is ${JSON.stringify(r.create)}, not true: P/D needs both prefill and decode pods; set ${r.role}.create: true`);
    } else if (!(r.replicas >= 1)) {
        messages.push(`${where}: ${r.role} has ${r.replicas} replicas (the chart's default for prefill is 0): P/D needs at least one; set ${key} replicas to at least 1`);
    }
    if (containers === 0) {
        messages.push(`${where}: ${r.role} has no vLLM container (${r.role}.containers is empty): nothing would serve this role`);
    }
    return messages;
}

/** The routing sidecar in the values: `routing.proxy` with a NIXL connector and an image. */
function routingProxyProblems(values: any, where: string): string[] {
    const messages: string[] = [];
    const proxy = values?.routing?.proxy;
    if (!LLMD02_SIDECAR.nixlConnectors.includes(proxy?.connector)) {
        messages.push(
            `${where}: routing.proxy.connector is ${JSON.stringify(proxy?.connector)}: decode's routing sidecar must fetch KV cache from prefill ` +
                `with connector ${LLMD02_SIDECAR.nixlConnectors.map((c) => `"${c}"`).join(" or ")} (PDStack sets "${ROUTING_SIDECAR_CONNECTOR}")`,
        );
    }
    if (typeof proxy?.image !== "string" || proxy.image === "") {
        messages.push(`${where}: routing.proxy.image is not set: decode needs llm-d's routing sidecar in front of vLLM to run P/D; set it (PDStack pins ghcr.io/llm-d/llm-d-routing-sidecar)`);
    }
    return messages;
}

/** A modelservice release's model servers, read from its values. */
export function modelServiceInstall(r: ViewResource): ModelServerInstall {
    const values = r.props.values;
    const where = describeResource(r.type, r.name, r.props);
    const read = ROLES.map((role) => ({ r: roleValues(values, role), containers: [] as VllmContainer[] }));
    read.forEach((x) => (x.containers = roleContainers(values, x.r)));
    const roles: Partial<Record<Role, ModelServerRole>> = {};
    for (const { r: rv, containers } of read.filter((x) => x.r.present)) {
        const node = pinnedNode(values, rv.role);
        roles[rv.role] = { role: rv.role, resource: r, where, replicas: rv.replicas, containers, ...(node !== undefined ? { pinnedNode: node } : {}) };
    }
    const artifacts = isPlainObject(values) && isPlainObject(values.modelArtifacts) ? values.modelArtifacts : {};
    const uri = typeof artifacts.uri === "string" ? artifacts.uri : "";
    const claim = uri.startsWith(HF_SCHEME) ? undefined : claimOfModelUri(uri);
    const bytes = parseQuantity(artifacts.size);
    const monitored = ROLES.filter((role) => isPlainObject(values?.[role]?.monitoring?.podmonitor) && values[role].monitoring.podmonitor.enabled === true);
    return {
        release: "0.2",
        where,
        name: typeof r.props.name === "string" ? r.props.name : r.name,
        plural: "modelservice releases",
        ...(typeof r.props.namespace === "string" ? { namespace: r.props.namespace } : {}),
        anchor: r,
        key: r.urn ?? r.name,
        roles,
        modelSources: [
            {
                roles: [...ROLES],
                resource: r,
                where,
                kind: uri.startsWith(HF_SCHEME) ? "hub" : claim !== undefined ? "claim" : "other",
                ...(claim !== undefined ? { claim } : {}),
                ...(bytes !== undefined ? { bytes } : {}),
                key: "modelArtifacts.uri",
                described: `modelArtifacts.uri is ${JSON.stringify(uri)}`,
                serveClaim: (c) => `pvc://${c}/<path>`,
            },
        ],
        podMonitors: monitored,
        madeBy: "PDStack's modelservice values",
        restore: "PDStack's values",
        roleProblems: (self) => read.flatMap((x) => roleValueProblems(x.r, x.containers.length, self.where)),
        sidecarProblems: (self) => routingProxyProblems(values, self.where),
    };
}

/**
 * How modelservice v0.2.7 runs decode's routing sidecar in the Deployments it renders
 * (`templates/_helpers.tpl`, `llm-d-modelservice.routingProxy`): an init container "routing-proxy"
 * with `restartPolicy: Always`, `--connector` (values.yaml: nixlv2) and `--vllm-port` (values.yaml: 8200).
 */
export const LLMD02_SIDECAR: SidecarConvention = {
    name: "routing-proxy",
    image: ROUTING_SIDECAR_IMAGE,
    connectorFlags: ["--connector"],
    nixlConnectors: ["nixl", "nixlv2"],
    modelServerPortFlags: ["--vllm-port"],
    defaultModelServerPort: "8200",
    setBy: 'modelservice renders it from routing.proxy; PDStack sets routing.proxy on llmdVersion "0.2"',
};

/** The release prefix each llm-d chart gets from PDStack: `infra-<postfix>`, `gaie-<postfix>`, `ms-<postfix>`. */
const RELEASE_PREFIX: Record<LlmdChart, string> = { infra: "infra-", gaie: "gaie-", modelservice: "ms-" };

/** The derived names each release owns (the rest of the name budget is checked on the release that creates it). */
const OWNED: Record<LlmdChart, string[]> = {
    infra: ["Gateway Service"],
    gaie: ["InferencePool", "EPP Service", "EPP Service FQDN (DestinationRule host)"],
    modelservice: ["decode Deployment", "prefill Deployment", "decode pod hostname", "prefill pod hostname"],
};

/** The gateway provider whose GatewayClass the llm-d-infra values name (kgateway when none matches: the others add no Service suffix). */
function gatewayOfInfraValues(values: any): GatewayName {
    const className = values?.gateway?.gatewayClassName;
    return GATEWAY_NAMES.find((g) => GATEWAYS[g].className === className) ?? "kgateway";
}

/** The names an llm-d 0.2 Helm release and what it creates will have, over their limits; undefined for a release of no 0.2 chart. */
export function llmd02ReleaseNameProblems(where: string, type: string, props: ReleaseProps): string[] | undefined {
    const chart = llmdChartOf(type, props);
    const release = props.name;
    if (!chart || typeof release !== "string") {
        return undefined;
    }
    const messages: string[] = [];
    const prefix = RELEASE_PREFIX[chart];
    const postfix = release.startsWith(prefix) ? release.slice(prefix.length) : undefined;
    const releaseProblem = helmReleaseNameProblem(release);
    if (releaseProblem) {
        const fix = postfix !== undefined ? `shorten ${CONFIG_PREFIX}releasePostfix (PDStackArgs.releasePostfix)` : "shorten the release name";
        messages.push(`${where}: ${releaseProblem}; ${fix}`);
    }
    const ns = typeof props.namespace === "string" ? props.namespace : "default";
    const gateway: GatewayName = chart === "infra" ? gatewayOfInfraValues(props.values) : "kgateway";
    const budgetOf: NameBudgetOf = (p) => llmd02NameBudgetOf(ns, p, gateway);
    // The names PDStack derives, by the same rule PDStack applies at construction; a modelservice
    // release named otherwise gets modelservice's names for its own release name.
    const owned = postfix !== undefined ? postfixNameProblems(budgetOf, postfix, (n) => OWNED[chart].includes(n.what)) : undefined;
    const problems: DerivedName[] = owned?.problems ?? [];
    if (postfix === undefined && chart === "modelservice") {
        problems.push(...namesOverLimits(modelServiceNameBudget(modelServiceFullname(release))));
    }
    const host = chart === "infra" ? props.values?.gateway?.destinationRule?.host : undefined;
    if (typeof host === "string") {
        problems.push(...namesOverLimits([{ what: "DestinationRule host (gateway.destinationRule.host)", value: host, kind: "fqdn", limit: DNS_SUBDOMAIN_MAX }]));
    }
    if (problems.length === 0) {
        return messages;
    }
    const fix = postfix !== undefined ? postfixFix(ns, postfix, owned?.longest ?? longestPostfixThatFits(budgetOf), problems) : `shorten the Helm release name "${release}"`;
    messages.push(`${where}: ${describeNamesOverLimits(problems)}. Fix: ${fix}.`);
    return messages;
}

export const LLMD02_CHECKS: ReleaseChecks = {
    charts: CHARTS,
    isModelServer: isModelServiceRelease,
    modelServers: (resources) => resources.filter((r) => isModelServiceRelease(r.type, r.props)).map(modelServiceInstall),
    sidecar: LLMD02_SIDECAR,
    names: {
        release: llmd02ReleaseNameProblems,
        // The objects PDStack registers on 0.2 derive no names beyond their own; modelservice's Deployments are the release's.
        object: () => undefined,
    },
};
