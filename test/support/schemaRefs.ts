/**
 * Resolves the `$ref`s of a Pulumi package schema by the rules of the CLI's schema binder, so a
 * schema that `pulumi package add` / `package gen-sdk` would refuse fails offline too.
 *
 * The rules are those of `parseTypeSpecRef` and `bindTypeSpecRef` in pulumi/pulumi
 * `pkg/codegen/schema/bind.go` (module github.com/pulumi/pulumi/pkg/v3 v3.276.0, the CLI the e2e suite
 * builds, scripts/toolchain.versions):
 * - the four built-ins `pulumi.json#/Archive|Asset|Json|Any`;
 * - otherwise an optional path `[/]<package>/v<semver>/schema.json` (absent: this package) and a
 *   fragment `#/provider` (no token) or `#/resources/<token>` / `#/types/<token>` (token URL-escaped);
 * - a local type ref names a key of `types`; a local resource ref a key of `resources` (or the
 *   package's own `pulumi:providers:<name>`); an external ref loads the other package's schema and
 *   looks the token up in its resources or types: here the other package's installed Node.js SDK
 *   stands for its schema (every resource class carries its type token as `__pulumiType`; a Provider
 *   class carries the bare package name, the very ref the binder refuses).
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

const BUILT_INS = new Set(["pulumi.json#/Archive", "pulumi.json#/Asset", "pulumi.json#/Json", "pulumi.json#/Any"]);
const REF_PATH = /^\/?([-\w]+)\/(v[^/]*)\/schema\.json$/;
/** What semver.ParseTolerant takes here: v-prefixed major[.minor[.patch]] with optional pre-release/build. */
const TOLERANT_SEMVER = /^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export interface SchemaLike {
    name: string;
    version?: string;
    resources?: Record<string, unknown>;
    types?: Record<string, unknown>;
    dependencies?: { name: string; version?: string }[];
}

/** Every `$ref` of the schema with the JSON path it sits at. */
export function collectRefs(schema: unknown): { at: string; ref: string }[] {
    const out: { at: string; ref: string }[] = [];
    const walk = (node: unknown, at: string): void => {
        if (Array.isArray(node)) {
            node.forEach((v, i) => walk(v, `${at}/${i}`));
        } else if (node && typeof node === "object") {
            for (const [k, v] of Object.entries(node)) {
                if (k === "$ref" && typeof v === "string") {
                    out.push({ at, ref: v });
                } else {
                    walk(v, `${at}/${k}`);
                }
            }
        }
    };
    walk(schema, "#");
    return out;
}

/** Resource type tokens a package's installed Node.js SDK defines (`@pulumi/<name>`), read once. */
const sdkTokens = new Map<string, Set<string>>();
export function resourceTokensOfSdk(pkg: string): Set<string> {
    const cached = sdkTokens.get(pkg);
    if (cached) {
        return cached;
    }
    const tokens = new Set<string>([`pulumi:providers:${pkg}`]);
    const root = path.dirname(require.resolve(`@pulumi/${pkg}/package.json`));
    const seen = new Set<unknown>();
    const walk = (mod: unknown, depth: number): void => {
        if (!mod || (typeof mod !== "object" && typeof mod !== "function") || seen.has(mod) || depth > 6) {
            return;
        }
        seen.add(mod);
        const token = (mod as { __pulumiType?: unknown }).__pulumiType;
        if (typeof mod === "function" && typeof token === "string") {
            // A Provider class carries the bare package name ("kubernetes"), which is no resource token:
            // the provider's token is pulumi:providers:<name>, added above.
            if (!((mod as { prototype?: unknown }).prototype instanceof pulumi.ProviderResource)) {
                tokens.add(token);
            }
            return;
        }
        if (typeof mod === "object") {
            for (const key of Object.keys(mod as object)) {
                let v: unknown;
                try {
                    v = (mod as Record<string, unknown>)[key]; // the SDKs load submodules lazily on access
                } catch {
                    continue;
                }
                walk(v, depth + 1);
            }
        }
    };
    walk(require(root), 0);
    sdkTokens.set(pkg, tokens);
    return tokens;
}

/** Why the binder would refuse this `$ref`, or undefined when it resolves. */
export function refProblem(schema: SchemaLike, ref: string, externalResourceTokens = resourceTokensOfSdk): string | undefined {
    if (BUILT_INS.has(ref)) {
        return undefined;
    }
    const hash = ref.indexOf("#");
    const refPath = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? "" : ref.slice(hash + 1);
    let pkg = schema.name;
    let version = schema.version;
    if (refPath.length > 0) {
        const m = REF_PATH.exec(decodeURIComponent(refPath));
        if (!m) {
            return `failed to parse path '${refPath}'`;
        }
        if (!TOLERANT_SEMVER.test(m[2])) {
            return `failed to parse package version '${m[2]}'`;
        }
        [pkg, version] = [m[1], m[2].replace(/^v/, "")];
    }
    const clean = path.posix.normalize(fragment).replace(/^\//, "");
    const slash = clean.indexOf("/");
    const kind = slash < 0 ? clean : clean.slice(0, slash);
    const token = slash < 0 ? "" : decodeURIComponent(clean.slice(slash + 1));
    if (kind === "provider") {
        if (token !== "") {
            return `invalid provider reference '${ref}'`;
        }
    } else if (kind !== "resources" && kind !== "types") {
        return `invalid type reference '${ref}'`;
    }
    const wanted = kind === "provider" ? `pulumi:providers:${pkg}` : token;
    const external = pkg !== schema.name || (version !== undefined && schema.version !== undefined && version !== schema.version);
    if (!external) {
        if (kind === "types") {
            return schema.types && wanted in schema.types ? undefined : `type ${wanted} not found in package ${pkg}`;
        }
        return wanted === `pulumi:providers:${pkg}` || (schema.resources && wanted in schema.resources)
            ? undefined
            : `resource type ${wanted} not found in package ${pkg}`;
    }
    if (!(schema.dependencies ?? []).some((d) => d.name === pkg)) {
        return `package ${pkg} is not among the schema's dependencies`;
    }
    if (kind === "types") {
        // Object types of another package are not checked here: PDStack's schema has none.
        return `type ${wanted} of package ${pkg}: external object types are not checked offline`;
    }
    return externalResourceTokens(pkg).has(wanted) ? undefined : `resource type ${wanted} not found in package ${pkg}`;
}
