/**
 * The upstream CRDs the e2e suite applies to its test API server, which then validates PDStack's objects
 * against them (and evaluates their CEL rules): each a file of a Go module, downloaded from the Go module
 * proxy at an exact version by scripts/upstreamCrds.ts (`npm run crds`, run by .ci/run beside the
 * toolchain), never copied into this repository. The script records where Go's module cache holds each
 * file in UPSTREAM_CRDS_RECORD; the tests read the files from there and download nothing.
 *
 * A version PDStack itself pins is taken from that pin; the Prometheus operator's is pinned here alone
 * (PDStack installs no operator; the version the team's reference records for the ServiceMonitor CRD).
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { KEDA_CHART } from "../../components/releases/llmd09/autoscaling";
import { GATEWAY_API_CRDS_V1_5, INFERENCE_POOL_V1_CRDS } from "../../components/releases/llmd09/controlPlane";

export interface UpstreamCrdModule {
    /** The Go module (proxy.golang.org serves it at the tag's version). */
    module: string;
    version: string;
    /** The CRD files, relative to the module's root. */
    files: readonly string[];
    /** The repository and commit of the tag; what in PDStack pins the version. */
    repository: string;
    commit: string;
    pinnedBy: string;
}

export const UPSTREAM_CRDS = {
    /** Gateway and HTTPRoute, standard channel: the version llm-d 0.9's control plane installs. */
    gatewayApi: {
        module: "sigs.k8s.io/gateway-api",
        version: GATEWAY_API_CRDS_V1_5.version,
        files: ["config/crd/standard/gateway.networking.k8s.io_gateways.yaml", "config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"],
        repository: GATEWAY_API_CRDS_V1_5.source.repository,
        commit: GATEWAY_API_CRDS_V1_5.source.commit,
        pinnedBy: "GATEWAY_API_CRDS_V1_5 (components/releases/llmd09/controlPlane.ts)",
    },
    /** InferencePool v1: the version llm-d 0.9's control plane installs. */
    inferencePool: {
        module: "sigs.k8s.io/gateway-api-inference-extension",
        version: INFERENCE_POOL_V1_CRDS.version,
        files: ["config/crd/bases/inference.networking.k8s.io_inferencepools.yaml"],
        repository: INFERENCE_POOL_V1_CRDS.source.repository,
        commit: INFERENCE_POOL_V1_CRDS.source.commit,
        pinnedBy: "INFERENCE_POOL_V1_CRDS (components/releases/llmd09/controlPlane.ts)",
    },
    /** ScaledObject of the KEDA release the pinned chart installs (its appVersion; the chart's CRD templates are generated from this file). */
    keda: {
        module: "github.com/kedacore/keda/v2",
        version: `v${KEDA_CHART.appVersion}`,
        files: ["config/crd/bases/keda.sh_scaledobjects.yaml"],
        repository: "kedacore/keda",
        commit: "875675ce5cd1d34772fe00a228a71b8bf05b3b43",
        pinnedBy: "KEDA_CHART.appVersion (components/releases/llmd09/autoscaling.ts)",
    },
    /** ServiceMonitor (llm-d 0.2's EPP ServiceMonitor). */
    prometheusOperator: {
        module: "github.com/prometheus-operator/prometheus-operator",
        version: "v0.85.0",
        files: ["example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"],
        repository: "prometheus-operator/prometheus-operator",
        commit: "2ed4172b180213b6082025237bb0c155b74b6080",
        pinnedBy: "this table (the ServiceMonitor CRD version of the team's reference, ../shared/reference)",
    },
} as const satisfies Record<string, UpstreamCrdModule>;

export type UpstreamCrdName = keyof typeof UPSTREAM_CRDS;

/** Where scripts/upstreamCrds.ts records the downloaded files (git-ignored). */
export const UPSTREAM_CRDS_RECORD = path.resolve(__dirname, "..", "..", ".cache", "upstream-crds.json");

/** What the script records of one module: `go mod download -json`'s Dir and Sum, and the absolute path of each file. */
export interface RecordedModule {
    module: string;
    version: string;
    dir: string;
    sum: string;
    files: string[];
}

export type UpstreamCrdRecord = Record<string, RecordedModule>;

const RUN_SCRIPT = "run `npm run crds` (scripts/upstreamCrds.ts: downloads them from the Go module proxy) first";

/**
 * The recorded files of these modules, or an error of one line naming the script: nothing recorded, a
 * record of other versions than the table's, or a file no longer in Go's module cache.
 */
export function upstreamCrdFiles(names: readonly UpstreamCrdName[] = Object.keys(UPSTREAM_CRDS) as UpstreamCrdName[]): string[] {
    let record: UpstreamCrdRecord;
    try {
        record = JSON.parse(fs.readFileSync(UPSTREAM_CRDS_RECORD, "utf8"));
    } catch {
        throw new Error(`upstream CRDs not downloaded (no ${path.relative(process.cwd(), UPSTREAM_CRDS_RECORD)}): ${RUN_SCRIPT}`);
    }
    return names.flatMap((name) => {
        const want = UPSTREAM_CRDS[name];
        const got = record[name];
        if (!got || got.module !== want.module || got.version !== want.version) {
            throw new Error(`upstream CRDs of ${want.module}@${want.version} not downloaded (recorded: ${got ? `${got.module}@${got.version}` : "none"}): ${RUN_SCRIPT}`);
        }
        for (const f of got.files) {
            if (!fs.existsSync(f)) {
                throw new Error(`upstream CRD ${f} is gone from Go's module cache: ${RUN_SCRIPT}`);
            }
        }
        return got.files;
    });
}

/** The CustomResourceDefinitions of each file read so far (the e2e files apply the same ones in turn). */
const parsed = new Map<string, readonly any[]>();

/** Every CustomResourceDefinition of these modules' files; each file is read and parsed once per process. */
export function upstreamCrds(names: readonly UpstreamCrdName[]): any[] {
    return upstreamCrdFiles(names).flatMap((f) => {
        if (!parsed.has(f)) {
            parsed.set(f, YAML.parseAllDocuments(fs.readFileSync(f, "utf8")).map((d) => d.toJS()).filter((d) => d?.kind === "CustomResourceDefinition"));
        }
        return parsed.get(f)!;
    });
}
