/**
 * The upstream oracle: `fixtures/upstream/expected/<env>/*.yaml` (copied from `../shared/reference/`,
 * see `fixtures/upstream/SOURCE.md`), and which PDStack input reproduces each env.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export const REFERENCE_DIR = path.resolve(__dirname, "..", "fixtures", "upstream");

/** Upstream helmfile environment -> the stack config that reproduces it. */
export const UPSTREAM_ENVS: Record<string, Record<string, unknown>> = {
    default: { hardware: "h200-ib", gateway: "istio", benchmarking: true },
    istio: { hardware: "h200-ib", gateway: "istio" },
    kgateway: { hardware: "h200-ib", gateway: "kgateway" },
    gke: { hardware: "gke", gateway: "gke" },
    xpu: { hardware: "xpu", gateway: "istio" },
};

/** Shipped stack -> upstream env it reproduces. */
export const SHIPPED_STACKS: Record<string, string> = { "h200-ib": "default", gke: "gke", xpu: "xpu" };

export function expected(env: string, file: "infra" | "gaie" | "ms" | "httproute"): any {
    return YAML.parse(fs.readFileSync(path.join(REFERENCE_DIR, "expected", env, `${file}.yaml`), "utf8"));
}

export function referenceYaml(relative: string): any {
    return YAML.parse(fs.readFileSync(path.join(REFERENCE_DIR, relative), "utf8"));
}
