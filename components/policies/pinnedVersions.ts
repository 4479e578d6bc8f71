/**
 * `pd-pinned-versions`: every Helm chart version is exact and no image floats (`:latest` or no tag),
 * so two runs of `pulumi up` deploy the same software, and prefill and decode pull the same build.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { CONFIG_PREFIX } from "../tokens";
import { describeResource, isHelmType, isKubernetesType } from "./kubernetesResources";
import { walkProperties } from "./propertyTree";

export const PINNED_VERSIONS = "pd-pinned-versions";

/** An exact SemVer version, with Helm's optional leading `v`. */
const EXACT_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * A pre-release tag without a patch number, as istio tags its builds (`1.28-alpha.<commit>`): not SemVer,
 * but for an `oci://` chart Helm first pulls the tag equal to the given version, and reads the version as
 * a range only when no tag equals it (helm `pkg/registry` GetTagMatchingVersionOrConstraint): one build.
 */
const EXACT_OCI_PRERELEASE_TAG = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)-[0-9A-Za-z][0-9A-Za-z.-]*$/;

/** Why a chart version is not exact, or undefined when it is. `chart` is the chart reference (`oci://...` allows an exact pre-release tag). */
export function chartVersionProblem(version: unknown, chart?: unknown): string | undefined {
    if (version === undefined || version === null || version === "") {
        return "has no version, so Helm installs whatever is newest";
    }
    if (typeof version !== "string") {
        return `version ${JSON.stringify(version)} is not a version string`;
    }
    const oci = typeof chart === "string" && chart.startsWith("oci://");
    if (!EXACT_VERSION.test(version.trim()) && !(oci && EXACT_OCI_PRERELEASE_TAG.test(version.trim()))) {
        return `version "${version}" is a range or not an exact version (^, ~, >=, *, x, partial), so Helm installs whatever is newest in it`;
    }
    return undefined;
}

/** Why an image reference floats, or undefined when it names a tag (not `latest`) or a digest. */
export function imageReferenceProblem(image: string): string | undefined {
    if (image.trim() === "") {
        return "is empty";
    }
    if (image.includes("{{")) {
        return undefined; // a Helm template the chart resolves
    }
    if (/@sha256:[0-9a-f]{64}$/.test(image) || /@[a-z0-9]+:[0-9a-f]{32,}$/.test(image)) {
        return undefined;
    }
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.lastIndexOf(":");
    if (colon < 0) {
        return "has no tag, so the node pulls :latest";
    }
    const tag = lastSegment.slice(colon + 1);
    if (tag === "" || tag === "latest") {
        return `uses tag "${tag}", which moves`;
    }
    return undefined;
}

/** An image given as an object (`{hub, name, tag}` as inferencepool takes it, or `{registry, repository, tag, digest}`). */
function imageObjectProblem(image: Record<string, any>): { ref: string; problem?: string } | undefined {
    const repo = image.name ?? image.repository;
    if (typeof repo !== "string") {
        return undefined;
    }
    const host = image.hub ?? image.registry;
    const ref = `${typeof host === "string" && host !== "" ? `${host}/` : ""}${repo}`;
    if (typeof image.digest === "string" && image.digest !== "") {
        return { ref: `${ref}@${image.digest}` };
    }
    const tag = image.tag;
    if (tag === undefined || tag === null || tag === "") {
        return { ref, problem: "has no tag, so the node pulls :latest (or the chart's default changes under it)" };
    }
    if (String(tag) === "latest") {
        return { ref: `${ref}:latest`, problem: `uses tag "latest", which moves` };
    }
    return { ref: `${ref}:${tag}` };
}

function imageFix(path: string): string {
    return /(^|\.)(prefill|decode)\.containers\[\d+\]\.image$/.test(path)
        ? `pin a tag or digest in ${CONFIG_PREFIX}vllmImage (PDStackArgs.vllmImage)`
        : "pin a tag or digest (PDStack pins its images in components/pdstack/values and components/pdstack/objects)";
}

/** Floating chart versions and images in a resource. */
export function pinningProblems(type: string, name: string, props: Record<string, any>): string[] {
    const where = describeResource(type, name, props);
    const messages: string[] = [];
    if (isHelmType(type) && props.chart !== undefined) {
        const problem = chartVersionProblem(props.version, props.chart);
        if (problem) {
            messages.push(
                `${where}: chart ${props.chart} ${problem}: two runs of pulumi up can deploy different charts; pin an exact version ` +
                    `such as "v0.2.7" (PDStack pins its charts in components/pdstack/charts.ts)`,
            );
        }
    }
    for (const v of walkProperties(props)) {
        if (v.key !== "image") {
            continue;
        }
        if (typeof v.value === "string") {
            const problem = imageReferenceProblem(v.value);
            if (problem) {
                messages.push(`${where}: image "${v.value}" at ${v.path} ${problem}; ${imageFix(v.path)}`);
            }
        } else if (typeof v.value === "object" && v.value !== null && !Array.isArray(v.value)) {
            const found = imageObjectProblem(v.value);
            if (found?.problem) {
                messages.push(`${where}: image ${found.ref} at ${v.path} ${found.problem}; ${imageFix(v.path)}`);
            }
        }
    }
    for (const v of walkProperties(props)) {
        if ((v.key === "containers" || v.key === "initContainers") && Array.isArray(v.value)) {
            v.value.forEach((c: any, i: number) => {
                if (c && typeof c === "object" && !("image" in c)) {
                    messages.push(`${where}: container ${JSON.stringify(c.name ?? i)} at ${v.path}[${i}] has no image; set one with a pinned tag or digest`);
                }
            });
        }
    }
    return messages;
}

export const pinnedVersionsPolicy: ResourceValidationPolicy = {
    name: PINNED_VERSIONS,
    description: "Every Helm chart version is exact (no range) and every image has a tag other than latest, or a digest.",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!isKubernetesType(args.type)) {
            args.notApplicable("only Kubernetes objects and Helm releases install software");
        }
        pinningProblems(args.type, args.name, args.props).forEach((m) => reportViolation(m));
    },
};
