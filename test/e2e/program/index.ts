/**
 * The llm-d-pd program under test-only transforms, for the e2e suite (test/e2e). Two things a real
 * cluster has and the test API server has not, and nothing else, are changed here:
 *
 * - No kubelet runs pods, so no workload ever becomes ready: every Kubernetes object gets the
 *   `pulumi.com/skipAwait: "true"` annotation (pulumi-kubernetes then creates it and moves on).
 * - No network: a Helm release's chart cannot be downloaded, so each `kubernetes:helm.sh/v3:Release`
 *   installs an empty stand-in chart instead, a local folder with the chart's own name and version
 *   (so the policies, which know a release by its chart's name, still know it). Its name, namespace and
 *   values stay as the component gives them. On llm-d 0.9 this is the router release: the test stack
 *   is chart-less, the router's pool and EPP are left out, and the API server checks everything else.
 *
 * The component code is not touched: the transforms act on what it registers.
 */
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { chartName, writeStandInChart } from "../../support/standInChart";

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** A local empty chart named and versioned as `chart`@`version`; returns its folder. */
function standInChart(chart: string, version: string | undefined): string {
    const v = (version ?? "0.0.0").replace(/^v/, "");
    return writeStandInChart(path.join(os.tmpdir(), "pdstack-e2e-charts", `${chartName(chart)}-${v}`), chart, v, "the PDStack e2e suite");
}

pulumi.runtime.registerResourceTransform(({ type, props, opts }) => {
    if (type === HELM_RELEASE && typeof props.chart === "string") {
        const { repositoryOpts: _repo, ...rest } = props;
        return { props: { ...rest, chart: standInChart(props.chart, props.version), skipAwait: true }, opts };
    }
    if (type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/") && props.metadata !== undefined) {
        const annotate = (metadata: any) => ({ ...metadata, annotations: { ...(metadata?.annotations ?? {}), "pulumi.com/skipAwait": "true" } });
        const metadata = pulumi.Output.isInstance(props.metadata) ? props.metadata.apply(annotate) : annotate(props.metadata);
        return { props: { ...props, metadata }, opts };
    }
    return undefined;
});

// The project's program, with its stack outputs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require("../../../index");
