/**
 * The endpoint picker's P/D configuration for llm-d 0.9: every request is disaggregated (the
 * always-disagg decider), decode is picked first and prefill second, each by its own scorers, as the
 * guide's `router/pd-disaggregation.values.yaml` configures it, written in llm-d-router v0.10.0's
 * current form (see {@link PD_EPP_CONFIG}).
 */
import { stringify } from "yaml";
import { INFLIGHT_LOAD_PRODUCER } from "./eppMetrics";

/**
 * The EPP config's API group and version in llm-d-router v0.10.0 (`apix/config/v1alpha1`, group
 * `llm-d.ai`); `inference.networking.x-k8s.io/v1alpha1`, the 0.2 form, is accepted there as deprecated.
 */
/** The file name of the P/D plugin config the router chart mounts into the EPP (`router.epp.pluginsConfigFile`). */
export const PD_EPP_CONFIG_FILE = "pd-config.yaml";
export const EPP_CONFIG_API_VERSION = "llm-d.ai/v1alpha1";
export const EPP_CONFIG_KIND = "EndpointPickerConfig";

/** The decider that sends every request through prefill. */
export const PD_DECIDER = "always-disagg-pd-decider";
/** The profile handler that runs the decode and prefill scheduling profiles. */
export const PD_PROFILE_HANDLER = "disagg-profile-handler";

export interface EppPlugin {
    type: string;
    parameters?: Record<string, unknown>;
}

export interface EppProfilePlugin {
    pluginRef: string;
    weight?: number;
}

export interface EppConfig {
    apiVersion: string;
    kind: string;
    plugins: EppPlugin[];
    schedulingProfiles: { name: string; plugins: EppProfilePlugin[] }[];
}

/**
 * The guide's plugins and profiles, in v0.10.0's current form: the profile handler names its decider
 * under `deciders.prefill` (the guide's `deciderPluginName` is the deprecated alias), and it sets the
 * disaggregation headers itself (the guide's `disagg-headers-handler` is deprecated in v0.10.0).
 */
export const PD_EPP_CONFIG: EppConfig = {
    apiVersion: EPP_CONFIG_API_VERSION,
    kind: EPP_CONFIG_KIND,
    plugins: [
        { type: PD_DECIDER },
        { type: PD_PROFILE_HANDLER, parameters: { deciders: { prefill: PD_DECIDER } } },
        { type: "prefill-filter" },
        { type: "decode-filter" },
        { type: "prefix-cache-scorer" },
        { type: "queue-scorer" },
        { type: "kv-cache-utilization-scorer" },
        { type: "active-request-scorer" },
    ],
    schedulingProfiles: [
        {
            name: "prefill",
            plugins: [
                { pluginRef: "prefill-filter" },
                { pluginRef: "prefix-cache-scorer", weight: 3 },
                { pluginRef: "queue-scorer", weight: 2 },
                { pluginRef: "kv-cache-utilization-scorer", weight: 2 },
            ],
        },
        {
            name: "decode",
            plugins: [
                { pluginRef: "decode-filter" },
                { pluginRef: "active-request-scorer", weight: 2 },
                { pluginRef: "prefix-cache-scorer", weight: 3 },
            ],
        },
    ],
};

/**
 * The config with the in-flight load producer (`inflight-load-producer`, llm-d-router v0.10.0
 * pkg/epp/framework/plugins/requestcontrol/dataproducer/inflightload): it counts the uncached prompt tokens
 * sent to each endpoint and not yet prefilled (`llm_d_epp_inflight_tokens`), which prefill scales on. No
 * scheduling profile refers to it: scoring stays as it was. Unchanged when the config already runs one.
 */
export function withInflightLoadProducer(config: EppConfig): EppConfig {
    if (config.plugins.some((p) => p.type === INFLIGHT_LOAD_PRODUCER)) {
        return config;
    }
    return { ...config, plugins: [...config.plugins, { type: INFLIGHT_LOAD_PRODUCER }] };
}

/** The config as the file the chart mounts into the EPP (`router.epp.pluginsCustomConfig`). */
export function eppConfigYaml(config: EppConfig = PD_EPP_CONFIG): string {
    return stringify(config);
}
