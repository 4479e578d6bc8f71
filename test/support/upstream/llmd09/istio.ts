/** The record of istio/istio at the release the 0.9 profile installs (1.29.2): where its charts are published, and how istiod reads its values. */
import type { Facts } from "../recordFile";
import type { UpstreamTree } from "../tree";

/** The files read, which key the facts. */
export const ISTIO_FILES = {
    chartsReadme: "manifests/charts/README.md",
    descopeTemplate: "manifests/charts/istio-control/istio-discovery/templates/zzy_descope_legacy.yaml",
};
const { chartsReadme: CHARTS_README, descopeTemplate: DESCOPE_TEMPLATE } = ISTIO_FILES;

export function istioRecord(tree: UpstreamTree): Facts {
    const oci = /`(oci:\/\/[^`]+)` \(charts for official release versions/.exec(tree.text(CHARTS_README));
    if (!oci) {
        throw new Error(`${CHARTS_README} no longer names the OCI repository of the release charts`);
    }
    const lifted = [...tree.text(DESCOPE_TEMPLATE).matchAll(/mustMergeOverwrite \$\.Values \(index \$\.Values "([^"]+)"\)/g)].map((m) => m[1]);
    if (lifted.length === 0) {
        throw new Error(`${DESCOPE_TEMPLATE} no longer merges a values key into the top level`);
    }
    return {
        [CHARTS_README]: { releaseChartsOci: oci[1], readBy: "the OCI repository the README lists for official release versions" },
        [DESCOPE_TEMPLATE]: {
            valuesMergedIntoTopLevel: lifted,
            readBy: "the keys of `mustMergeOverwrite $.Values (index $.Values \"<key>\")` in the template's text: the istiod chart copies .Values.<key> onto .Values",
        },
    };
}
