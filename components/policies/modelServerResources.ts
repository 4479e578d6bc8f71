/**
 * `pd-model-server-resources`: the llm-d 0.9 model servers (Deployments with `llm-d.ai/role`) ask
 * for what their hardware has: the rules of `pd-accelerator-resources` (cpu and memory limits with
 * requests not above them, extended resources with requests equal to limits, one accelerator per
 * tensor-parallel rank, no more than a node has, nothing the hardware lacks), on each Deployment's
 * vLLM container instead of a modelservice release's values.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { acceleratorResourceProblems } from "./acceleratorResources";
import { deploymentAsValues, describeDeployment, modelServerRole } from "./modelServerDeployments";
import { hardwareOf } from "./releaseHardware";

export const MODEL_SERVER_RESOURCES = "pd-model-server-resources";

export const modelServerResourcesPolicy: StackValidationPolicy = {
    name: MODEL_SERVER_RESOURCES,
    description:
        "Every llm-d 0.9 model-server Deployment (pods with llm-d.ai/role prefill or decode) gives its vLLM container cpu and memory limits " +
        "(requests not above them), extended resources with requests equal to limits, as many accelerators as its tensor parallel size, " +
        "and only resources its hardware has.",
    enforcementLevel: "mandatory",
    // A stack policy: the hardware is the Deployment's PDStack parent's.
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const deployments = args.resources.filter((r) => modelServerRole(r) !== undefined);
        if (deployments.length === 0) {
            args.notApplicable("no llm-d 0.9 model-server Deployment in the stack");
        }
        for (const d of deployments) {
            const values = deploymentAsValues(d);
            acceleratorResourceProblems(describeDeployment(d), values, hardwareOf({ props: { values }, parent: d.parent })).forEach((m) =>
                reportViolation(m, d.urn),
            );
        }
    },
};
