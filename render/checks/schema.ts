/**
 * Every built-in object of the install against the Kubernetes API schema of the targeted version:
 * the `kubernetes-models` package (pinned in package.json; {@link SCHEMA_PACKAGE}) carries one
 * precompiled JSON-schema validator per kind, generated from Kubernetes' own OpenAPI document.
 *
 * What it does not see: fields the schema does not know (Kubernetes' OpenAPI leaves objects open, so
 * a misspelt field passes here; the API server drops or, with strict field validation, rejects it),
 * and custom resources (InferencePool, Gateway, HTTPRoute, DestinationRule), whose schemas are CRDs
 * the cluster's control plane installs; the wiring checks read those.
 */
import * as path from "path";
import type { RenderedObject } from "../objects";
import { objectRef } from "../scope";
import { SCHEMA_PACKAGE, TARGET_KUBERNETES_VERSION } from "../target";
import type { Finding } from "./finding";
import { isServed, SERVED_GROUPS } from "./servedKinds";

type Validator = { new (data: unknown): { validate(): void } };

/** The API groups the schema package knows (`""` for core): its folders, as its package.json exports them (removed groups included). */
function builtInGroups(): Set<string> {
    const manifest = require(`${SCHEMA_PACKAGE.name}/package.json`) as { exports: Record<string, unknown> };
    const groups = new Set<string>();
    for (const key of Object.keys(manifest.exports)) {
        const parts = key.split("/");
        if (parts.length === 2 && parts[1] !== "package.json") {
            groups.add(parts[1] === "v1" ? "" : parts[1]);
        }
    }
    return groups;
}

let groups: Set<string> | undefined;

function groupVersion(apiVersion: string): { group: string; version: string } {
    const i = apiVersion.indexOf("/");
    return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The kind's model class, or undefined when the package has no such kind at that version. */
function validatorOf(group: string, version: string, kind: string): Validator | undefined {
    const modulePath = path.posix.join(SCHEMA_PACKAGE.name, group === "" ? "" : group, version, kind);
    try {
        return (require(modulePath) as Record<string, Validator>)[kind];
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "MODULE_NOT_FOUND" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
            return undefined;
        }
        throw e;
    }
}

/** `spec.template.spec.containers[0].ports[0].containerPort` from ajv's `/spec/template/spec/containers/0/ports/0/containerPort`. */
function fieldPath(instancePath: string): string {
    return instancePath
        .split("/")
        .slice(1)
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc === "" ? p : `${acc}.${p}`), "");
}

interface AjvError {
    instancePath: string;
    message?: string;
    keyword: string;
    params?: Record<string, unknown>;
}

function describeErrors(errors: AjvError[]): string {
    const lines = [...new Set(errors.map((e) => `${fieldPath(e.instancePath) || "(object)"} ${e.message ?? e.keyword}`))];
    return lines.slice(0, 3).join("; ") + (lines.length > 3 ? `; and ${lines.length - 3} more` : "");
}

/**
 * Schema findings for every built-in object: an apiVersion and kind Kubernetes 1.33 does not have, or
 * an object its schema rejects. `checked` counts the built-in objects, `custom` the others.
 */
export function schemaFindings(objects: readonly RenderedObject[]): { findings: Finding[]; checked: number; custom: number } {
    groups ??= builtInGroups();
    const findings: Finding[] = [];
    let checked = 0;
    let custom = 0;
    const minor = TARGET_KUBERNETES_VERSION.split(".").slice(0, 2).join(".");
    for (const o of objects) {
        const { group, version } = groupVersion(o.apiVersion);
        if (!groups.has(group) && !SERVED_GROUPS.has(group)) {
            custom += 1;
            continue;
        }
        const where = `${objectRef(o)} (${o.source})`;
        const served = isServed(o.apiVersion, o.kind);
        const Model = served ? validatorOf(group, version, o.kind) : undefined;
        if (served && !Model) {
            // A kind of Kubernetes the schema package has no model of (resource.k8s.io): known, not validated.
            custom += 1;
            continue;
        }
        checked += 1;
        if (!Model) {
            findings.push({
                check: "schema",
                object: objectRef(o),
                message: `${where} has apiVersion ${o.apiVersion} kind ${o.kind}, which Kubernetes ${minor} does not serve: the API server refuses it and the install fails`,
            });
            continue;
        }
        try {
            new Model(o.manifest).validate();
        } catch (e) {
            const errors = (e as { errors?: AjvError[] }).errors;
            const detail = Array.isArray(errors) && errors.length > 0 ? describeErrors(errors) : String((e as Error).message).split("\n")[0];
            findings.push({
                check: "schema",
                object: objectRef(o),
                message: `${where} is not a valid ${o.apiVersion} ${o.kind} of Kubernetes ${minor}: ${detail}; the API server refuses it and the install fails`,
            });
        }
    }
    return { findings, checked, custom };
}
