/**
 * The gateway control plane a release needs on its cluster, per gateway: what an install uses, and
 * what `installGatewayControlPlane` (GatewayControlPlane with its defaults) installs, from the same
 * functions the component runs.
 */
import { controlPlaneParts, controlPlanePartsUsedBy, describePart, resolveGatewayControlPlaneSpec } from "../../../components/controlplane";
import { gatewaysOf } from "../../../components/releases";
import { code, table } from "../markdown";
import type { ReleasePageSection } from "./context";

const NOTHING = "nothing";

export const controlPlaneSection: ReleasePageSection = {
    id: "control-plane",
    title: "Control plane",
    render: ({ release, profile }) => {
        const { gatewayApiCrds, inferenceCrds, controllers } = profile.controlPlane;
        const rows = gatewaysOf(release).map((gateway) => {
            const installs = controlPlaneParts(resolveGatewayControlPlaneSpec({ gateway, llmdVersion: release }, "docs:")).map(describePart);
            const elsewhere = controlPlanePartsUsedBy(gateway, release).map(describePart).filter((p) => !installs.includes(p));
            return [code(gateway), installs.join("; ") || NOTHING, elsewhere.join("; ") || NOTHING];
        });
        const values = Object.values(controllers).map((c) => [
            code(c.what),
            c.charts.namespace,
            `${code(c.charts.crds.releaseName)}: ${code(`${c.charts.crds.chart.chart}`)} ${c.charts.crds.chart.version}`,
            `${code(c.charts.controller.releaseName)}: ${code(`${c.charts.controller.chart.chart}`)} ${c.charts.controller.chart.version}`,
            code(JSON.stringify(c.values())),
        ]);
        const gke = inferenceCrds.fromGke ? ` GKE installs them itself from ${code(inferenceCrds.fromGke.minimumVersion)} on.` : "";
        return [
            `Installed once per cluster, before PDStack: by hand, or by PDStack with ${code("installGatewayControlPlane: true")} ` +
                `(the ${code("GatewayControlPlane")} component). CRD manifests are fetched from their release URLs at deploy time.`,
            `- ${gatewayApiCrds.manifest.title} ${gatewayApiCrds.manifest.version}: ${gatewayApiCrds.manifest.crds.map(code).join(", ")}.`,
            `- ${inferenceCrds.manifest.title} ${inferenceCrds.manifest.version}: ${inferenceCrds.manifest.crds.map(code).join(", ")}.${gke}`,
            table(["gateway", "installGatewayControlPlane installs", "the install also needs, brought by the cluster"], rows),
            table(["controller", "namespace", "CRD chart (release: chart version)", "controller chart (release: chart version)", "controller values"], values),
        ].join("\n\n");
    },
};
