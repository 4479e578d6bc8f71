/** Raw Kubernetes objects PDStack creates on every llm-d release, as pure builders. */
export { buildHfTokenSecret } from "./hfTokenSecret";
export { buildIntelGpuPluginDaemonSet, INTEL_GPU_PLUGIN_NAME, INTEL_GPU_PLUGIN_VERSION } from "./intelGpuPlugin";
