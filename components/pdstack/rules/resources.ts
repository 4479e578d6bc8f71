/**
 * Rule: a container's cpu or memory request is not above its limit. Kubernetes rejects such a pod,
 * so the Deployment never gets one and Helm waits for its whole timeout. PDStack's schema applies
 * the rule to each role after the hardware's defaults; the `pd-accelerator-resources` policy applies
 * it to the vLLM containers of modelservice releases.
 */
import { parseQuantity } from "../../validation";

/** The resources PDStack takes requests and limits for. */
export const CPU_MEMORY = ["cpu", "memory"] as const;

/**
 * Whether `request` is above `limit`, both Kubernetes quantities (`500m`, `64Gi`); false when either
 * is not a quantity, which is a problem of its own.
 */
export function requestAboveLimit(request: unknown, limit: unknown): boolean {
    const req = parseQuantity(request);
    const lim = parseQuantity(limit);
    // Quantities are compared as floats: allow for rounding ("0.1" cores against "100m").
    return req !== undefined && lim !== undefined && req > lim * (1 + 1e-9);
}

/** A request above its limit. */
export interface RequestOverLimit {
    resource: string;
    request: unknown;
    limit: unknown;
}

/** The requests of `resources` that are above their limits. */
export function requestsAboveLimits(requests: object, limits: object, resources: readonly string[] = CPU_MEMORY): RequestOverLimit[] {
    const req = requests as Record<string, unknown>;
    const lim = limits as Record<string, unknown>;
    return resources
        .filter((r) => req[r] !== undefined && lim[r] !== undefined && requestAboveLimit(req[r], lim[r]))
        .map((r) => ({ resource: r, request: req[r], limit: lim[r] }));
}
