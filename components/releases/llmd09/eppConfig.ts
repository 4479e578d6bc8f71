/**
 * The endpoint picker's P/D configuration for llm-d 0.9: every request is disaggregated (the
 * always-disagg decider), decode is picked first and prefill second, each by its own filters and
 * scorers, as llm-d v0.9.0's `guides/pd-disaggregation/router/pd-disaggregation.values.yaml`
 * configures it, written in llm-d-router v0.10.0's current form (see {@link PD_EPP_CONFIG}).
 */
import { stringify } from "yaml";

/** The file name of the P/D plugin config the router chart mounts into the EPP (`router.epp.pluginsConfigFile`). */
export const PD_EPP_CONFIG_FILE = "pd-config.yaml";
/**
 * The EPP config's API group and version in llm-d-router v0.10.0 (`apix/config/v1alpha1`, group
 * `llm-d.ai`); `inference.networking.x-k8s.io/v1alpha1`, the 0.2 form, is accepted there as deprecated.
 * (`llm-d.ai/v1`, which later guides write, is unknown to v0.10.0.)
 */
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

/** The prefix-cache producer's match window: the guide's value for its 5k-token gpt-oss-120b reference workload. */
export const MAX_PREFIX_TOKENS_TO_MATCH = 131072;
/**
 * The prefill throughput (tokens/s) the prefix-cache affinity filter gates on: what the guide measured
 * through the whole P/D path on its reference fleet (gpt-oss-120b, 8 prefill pods TP=1 on H200, chunk
 * 8192) with `guides/recipes/router/calibration/calibrate.sh`; upstream says to re-measure it for other
 * hardware and models.
 */
export const PEAK_PREFILL_THROUGHPUT = 33821;

/**
 * The guide's plugins and profiles (llm-d v0.9.0), in v0.10.0's current form: the profile handler names
 * its decider under `deciders.prefill` (the guide's `deciderPluginName` is the deprecated alias), and it
 * sets the disaggregation headers itself (the guide's `disagg-headers-handler` is deprecated in v0.10.0).
 * Prefill keeps prefix groups on cache-warm pods (the affinity filter) and picks by queued prefill
 * tokens; decode picks the pod with the fewest requests in flight. The producers feed the filter and
 * the scorers; the in-flight token count is per EPP process, which is why the EPP runs one replica.
 */
export const PD_EPP_CONFIG: EppConfig = {
    apiVersion: EPP_CONFIG_API_VERSION,
    kind: EPP_CONFIG_KIND,
    plugins: [
        { type: PD_DECIDER },
        { type: PD_PROFILE_HANDLER, parameters: { deciders: { prefill: PD_DECIDER } } },
        { type: "prefill-filter" },
        { type: "decode-filter" },
        { type: "approx-prefix-cache-producer", parameters: { maxPrefixTokensToMatch: MAX_PREFIX_TOKENS_TO_MATCH } },
        { type: "inflight-load-producer" },
        { type: "prefix-cache-affinity-filter", parameters: { peakPrefillThroughput: PEAK_PREFILL_THROUGHPUT } },
        { type: "token-load-scorer" },
        { type: "active-request-scorer" },
        { type: "max-score-picker" },
    ],
    schedulingProfiles: [
        {
            name: "prefill",
            plugins: [{ pluginRef: "prefill-filter" }, { pluginRef: "prefix-cache-affinity-filter" }, { pluginRef: "token-load-scorer" }, { pluginRef: "max-score-picker" }],
        },
        {
            name: "decode",
            plugins: [{ pluginRef: "decode-filter" }, { pluginRef: "active-request-scorer" }, { pluginRef: "max-score-picker" }],
        },
    ],
};

/** The config as the file the chart mounts into the EPP (`router.epp.pluginsCustomConfig`). */
export function eppConfigYaml(config: EppConfig = PD_EPP_CONFIG): string {
    return stringify(config);
}
