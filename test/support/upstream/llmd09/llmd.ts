/**
 * The records of llm-d/llm-d: what llm-d v0.9.0's P/D guide deploys and installs (the model-server
 * overlays and Gateway recipes rendered by `kubectl kustomize`, the router values layered by Helm, the
 * variables, defaults and install commands of its scripts and docs), and the floating references `main`
 * writes right after it.
 */
import { parse, stringify } from "yaml";
import type { HardwareName } from "../../../../components/pdstack/hardware";
import { kustomize } from "../kustomize";
import { commandArgv, scriptDefaults, shellCommands, shellVariables } from "../guideScripts";
import { layeredValues } from "../helmValues";
import type { Facts } from "../recordFile";
import type { UpstreamTree } from "../tree";

type Obj = Record<string, any>;

/** The P/D overlay each PDStack hardware follows (`kubectl apply -k` of it is what upstream deploys). */
export const OVERLAY_OF_HARDWARE: Record<HardwareName, string> = {
    "h200-ib": "guides/pd-disaggregation/modelserver/gpu/vllm/coreweave",
    gke: "guides/pd-disaggregation/modelserver/gpu/vllm/gke/base",
    xpu: "guides/pd-disaggregation/modelserver/xpu/vllm",
};

/** The Gateway recipe of each gateway PDStack creates a Gateway for. */
export const RECIPE_OF_GATEWAY = {
    istio: "guides/recipes/gateway/istio",
    agentgateway: "guides/recipes/gateway/agentgateway",
    gke: "guides/recipes/gateway/gke-l7-regional-external-managed",
} as const;

/** The router values files the guide layers in gateway mode, in order (`helm install -f … -f … -f …`). */
export const GATEWAY_MODE_VALUES = [
    "guides/recipes/router/base.values.yaml",
    "guides/recipes/router/features/httproute-flags.yaml",
    "guides/pd-disaggregation/router/pd-disaggregation.values.yaml",
];

/** The gateway install docs. */
export const GATEWAY_DOCS = "docs/infrastructure/gateway";
/** The kgateway recipe's Gateway, which 0.9 no longer renders for kgateway. */
export const KGATEWAY_RECIPE = "guides/recipes/gateway/kgateway/gateway.yaml";
const IMAGE_COMPONENTS = "guides/recipes/modelserver/components/images";
/** The install commands of each gateway doc, by how they start. */
const INSTALL_COMMANDS: Record<string, string> = {
    [`${GATEWAY_DOCS}/istio.md`]: "istioctl install",
    [`${GATEWAY_DOCS}/agentgateway.md`]: "helm upgrade --install",
};
/** The GKE guide's statement of the GKE version from which GKE brings the GA Gateway API and Inference Extension CRDs. */
const GKE_GA_CRDS = /GKE automatically installs all GA CRDs for Gateway API and Gateway API Inference Extension on GKE versions `([^`]+)` or later/;

/** The kinds of an overlay's render the tests compare (its ResourceClaimTemplates PDStack does not create). */
const MODEL_SERVER_KINDS = ["Deployment", "ServiceAccount"];

/** `kubectl kustomize` of each overlay and recipe. */
export async function renderedRecord(tree: UpstreamTree): Promise<Facts> {
    const modelServers: Record<string, Obj[]> = {};
    for (const overlay of Object.values(OVERLAY_OF_HARDWARE)) {
        modelServers[overlay] = (await kustomize(tree.path(overlay))).filter((o) => MODEL_SERVER_KINDS.includes(o.kind));
    }
    const gatewayRecipes: Record<string, Obj[]> = {};
    for (const recipe of Object.values(RECIPE_OF_GATEWAY)) {
        gatewayRecipes[recipe] = await kustomize(tree.path(recipe));
    }
    return { modelServers, gatewayRecipes };
}

/** Each embedded plugins config re-written from its parsed form: the config, without upstream's comments. */
function withoutComments(values: Obj): Obj {
    const custom = values.router?.epp?.pluginsCustomConfig as Obj | undefined;
    for (const [name, text] of Object.entries(custom ?? {})) {
        custom![name] = stringify(parse(text));
    }
    return values;
}

/** The variables, defaults and install commands of the guide's scripts and docs, the image components, the router values. */
export async function guideRecord(tree: UpstreamTree): Promise<Facts> {
    const keys: Record<string, Record<string, string>> = {
        "guides/env.sh": scriptDefaults(tree.text("guides/env.sh")),
        "guides/recipes/gateway/install-gateway-crds.sh": scriptDefaults(tree.text("guides/recipes/gateway/install-gateway-crds.sh")),
    };
    const installCommands: Record<string, string[][]> = {};
    for (const doc of ["install-crds.md", "istio.md", "agentgateway.md"].map((d) => `${GATEWAY_DOCS}/${d}`)) {
        const commands = shellCommands(tree.text(doc));
        keys[doc] = shellVariables(commands);
        if (INSTALL_COMMANDS[doc]) {
            installCommands[doc] = commandArgv(commands, INSTALL_COMMANDS[doc], keys[doc]);
        }
    }
    for (const component of tree.list(IMAGE_COMPONENTS, /(^|\/)kustomization\.yaml$/)) {
        const [image] = tree.yaml(component).images as Obj[];
        keys[component] = Object.fromEntries(Object.entries(image).map(([k, v]) => [`images[0].${k}`, String(v)]));
    }
    keys[KGATEWAY_RECIPE] = { "spec.gatewayClassName": tree.yaml(KGATEWAY_RECIPE).spec.gatewayClassName };

    const gkeDoc = `${GATEWAY_DOCS}/gke.md`;
    const gke = GKE_GA_CRDS.exec(tree.text(gkeDoc));
    if (!gke) {
        throw new Error(`${gkeDoc} no longer names the GKE version from which GKE brings the GA CRDs`);
    }
    const routerValues = withoutComments(await layeredValues(GATEWAY_MODE_VALUES.map((f) => tree.path(f))));
    return {
        keys,
        installCommands,
        gkeBringsGaCrdsFrom: { version: gke[1], readFrom: gkeDoc, readBy: "the version in the guide's statement that GKE installs all GA CRDs of Gateway API and its Inference Extension from it on" },
        routerValues: { files: GATEWAY_MODE_VALUES, layeredBy: "helm template with -f each file, in order (Helm's merge)", values: routerValues },
    };
}

/** The defaults of `guides/env.sh` on `main` (its floating references). */
export function mainRecord(tree: UpstreamTree): Facts {
    return { keys: { "guides/env.sh": scriptDefaults(tree.text("guides/env.sh")) } };
}
