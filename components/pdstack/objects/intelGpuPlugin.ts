import * as k8s from "@pulumi/kubernetes";

/**
 * The Intel GPU device plugin v0.32.1, as upstream's `kubectl apply -k .../gpu_plugin?ref=v0.32.1`
 * renders it: one DaemonSet that advertises `gpu.intel.com/i915` on every amd64 node. Per cluster.
 */

export const INTEL_GPU_PLUGIN_VERSION = "0.32.1";
export const INTEL_GPU_PLUGIN_NAME = "intel-gpu-plugin";

function hostPathVolume(name: string, path: string, type?: string): k8s.types.input.core.v1.Volume {
    return { name, hostPath: type ? { path, type } : { path } };
}

/** The DaemonSet manifest (no namespace: like `kubectl apply`, it lands in the provider's default namespace). */
export function buildIntelGpuPluginDaemonSet(): k8s.apps.v1.DaemonSetArgs {
    const labels = { app: INTEL_GPU_PLUGIN_NAME };
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: INTEL_GPU_PLUGIN_NAME, labels },
        spec: {
            selector: { matchLabels: labels },
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
            template: {
                metadata: { labels },
                spec: {
                    nodeSelector: { "kubernetes.io/arch": "amd64" },
                    containers: [
                        {
                            name: INTEL_GPU_PLUGIN_NAME,
                            image: `intel/intel-gpu-plugin:${INTEL_GPU_PLUGIN_VERSION}`,
                            imagePullPolicy: "IfNotPresent",
                            env: [
                                { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
                                { name: "HOST_IP", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
                            ],
                            resources: {
                                limits: { cpu: "100m", memory: "90Mi" },
                                requests: { cpu: "40m", memory: "45Mi" },
                            },
                            securityContext: {
                                allowPrivilegeEscalation: false,
                                capabilities: { drop: ["ALL"] },
                                readOnlyRootFilesystem: true,
                                seLinuxOptions: { type: "container_device_plugin_t" },
                                seccompProfile: { type: "RuntimeDefault" },
                            },
                            volumeMounts: [
                                { name: "devfs", mountPath: "/dev/dri", readOnly: true },
                                { name: "sysfsdrm", mountPath: "/sys/class/drm", readOnly: true },
                                { name: "kubeletsockets", mountPath: "/var/lib/kubelet/device-plugins" },
                                { name: "cdipath", mountPath: "/var/run/cdi" },
                            ],
                        },
                    ],
                    volumes: [
                        hostPathVolume("devfs", "/dev/dri"),
                        hostPathVolume("sysfsdrm", "/sys/class/drm"),
                        hostPathVolume("kubeletsockets", "/var/lib/kubelet/device-plugins"),
                        hostPathVolume("cdipath", "/var/run/cdi", "DirectoryOrCreate"),
                    ],
                },
            },
        },
    };
}
