/**
 * What llm-d 0.2's EPP exposes in place of a P/D decision counter, as the smoke check and the alerts
 * read it.
 */

/**
 * llm-d 0.2's EPP (llm-d-inference-scheduler v0.2.1 on gateway-api-inference-extension v0.5.1) has
 * no decision counter. Its scheduler records, per plugin call, the histogram
 * `inference_extension_scheduler_plugin_duration_seconds{plugin_type, plugin_name}` (GAIE v0.5.1
 * pkg/epp/metrics/metrics.go, recorded in pkg/epp/scheduling/scheduler.go and
 * framework/scheduler_profile.go; `plugin_name` is the plugin's *type*). With the `pd-profile-handler`
 * (llm-d-inference-scheduler v0.2.1 pkg/plugins/profile/pd_profile_handler.go) and the threshold 0 of
 * PDStack's config, each scheduled request calls the profile handler's Pick 3 times when its decode
 * profile found a pod (2 when not), and the picker once per profile run that found a pod. So, over a
 * run: scheduled = Δ ProcessProfilesResults, decodeOk = Δ ProfilePicker − 2·scheduled,
 * prefill+decode = Δ Picker − decodeOk, decode-only = decodeOk − prefill+decode.
 */
export const GAIE_SCHEDULER_PLUGIN_COUNT = "inference_extension_scheduler_plugin_duration_seconds_count";
export const GAIE_PLUGIN_TYPES = { pick: "ProfilePicker", results: "ProcessProfilesResults", picker: "Picker" } as const;
export const PD_PROFILE_HANDLER_V0_2 = "pd-profile-handler";
export const GAIE_SCHEDULER_SOURCE =
    "kubernetes-sigs/gateway-api-inference-extension@978c23bb96cce25f11cea2421523cb479026e2e9 (tag v0.5.1) pkg/epp/metrics/metrics.go; " +
    "llm-d/llm-d-inference-scheduler@c97e2ea1f0a9736b8a94dc9da69693cba768ddde (tag v0.2.1) pkg/plugins/profile/pd_profile_handler.go";

