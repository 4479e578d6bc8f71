/**
 * Rules on accelerators: one pod's accelerators fit on one node of the hardware (a pod cannot span
 * nodes, so a wider one stays Pending forever), and what the installs on a cluster take fits what
 * its GPU node pool offers. PDStack's schema and the program's `gkeCluster` config apply them to
 * specs; the `pd-accelerator-resources` and `pd-accelerator-budget` policies to releases.
 */
import type { HardwareProfile } from "../hardware";

/** Accelerators one role takes: `replicas` pods of `perPod` accelerators each. */
export interface RoleAccelerators {
    role: string;
    replicas: number;
    perPod: number;
}

/** Whether a pod of `perPod` accelerators fits on one node of the hardware. */
export function podFitsNode(perPod: number, hardware: Pick<HardwareProfile, "acceleratorsPerNode">): boolean {
    return perPod <= hardware.acceleratorsPerNode;
}

/** Accelerators the roles take together: the sum of replicas × accelerators per pod. */
export function acceleratorsTaken(roles: readonly RoleAccelerators[]): number {
    return roles.reduce((n, r) => n + r.replicas * r.perPod, 0);
}

/**
 * What the roles of a spec take at most: vLLM runs one tensor-parallel rank per accelerator, and an
 * autoscaled role may grow to its `maxReplicas` (then `role` says so: `prefill at maxReplicas`).
 */
export function specAccelerators(spec: {
    prefill: { replicas: number; tensorParallelSize: number };
    decode: { replicas: number; tensorParallelSize: number };
    autoscaling?: { prefill: { maxReplicas: number }; decode: { maxReplicas: number } };
}): RoleAccelerators[] {
    return (["prefill", "decode"] as const).map((role) =>
        spec.autoscaling
            ? { role: `${role} at maxReplicas`, replicas: spec.autoscaling[role].maxReplicas, perPod: spec[role].tensorParallelSize }
            : { role, replicas: spec[role].replicas, perPod: spec[role].tensorParallelSize },
    );
}

/** `prefill 4 × 1 + decode 1 × 4 = 8`: the accelerator arithmetic of some roles, for messages. */
export function describeAccelerators(roles: readonly RoleAccelerators[]): string {
    return `${roles.map((r) => `${r.role} ${r.replicas} × ${r.perPod}`).join(" + ")} = ${acceleratorsTaken(roles)}`;
}

/** Accelerators a spec's pods request: replicas × tensorParallelSize of each role. */
export function acceleratorsRequested(spec: Parameters<typeof specAccelerators>[0]): number {
    return acceleratorsTaken(specAccelerators(spec));
}

/** Whether `taken` accelerators fit a cluster that offers `offered`. */
export function fitsCluster(taken: number, offered: number): boolean {
    return taken <= offered;
}
