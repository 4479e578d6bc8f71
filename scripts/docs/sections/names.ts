/** The names an install derives on a release, with the limit of each, for the default namespace, postfix and gateway. */
import { resolveSpec } from "../../../components/pdstack/spec";
import { code, table } from "../markdown";
import type { ReleasePageSection } from "./context";

export const namesSection: ReleasePageSection = {
    id: "names",
    title: "Names",
    render: ({ release, profile }) => {
        const spec = resolveSpec({ hardware: "h200-ib", llmdVersion: release }, "docs:");
        const names = profile.nameBudget(spec.namespace, spec.releasePostfix, spec.gateway);
        return [
            `What an install is called with the defaults (${code(`namespace: ${spec.namespace}`)}, ${code(`releasePostfix: ${spec.releasePostfix}`)}, ` +
                `${code(`gateway: ${spec.gateway}`)}); every name follows the namespace and the postfix, and PDStack refuses a configuration whose names exceed their limits.`,
            table(
                ["what", "name", "limit"],
                names.map((n) => [n.what, code(n.value), `${n.limit} (${n.kind})`]),
            ),
        ].join("\n\n");
    },
};
