/**
 * Reads the `llm-d-pd:` stack config into PDStack args, validating it with the same schema as the
 * component so that errors name the config key (`llm-d-pd:prefill.replicas: ...`).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { GkeClusterArgs } from "../components/gke/gkeCluster";
import { PDStackArgs } from "../components/pdstack/args";
import { hfTokenProblem, SECRET_KEYS, SET_HF_TOKEN_COMMAND } from "../components/pdstack/hfToken";
import { pdStackInputSchema, resolveSpec } from "../components/pdstack/spec";
import { CONFIG_PREFIX, PROJECT } from "../components/tokens";
import { InputError } from "../components/validation";
import { gkeClusterArgsFromConfig, GKE_CLUSTER_KEY } from "./cluster";
import { withCreatedClusterStorageClass } from "./modelCache";


/** Keys read outside the PDStack schema: the secret token, and the GKE cluster block (listed as known keys in messages). */
export const PROGRAM_KEYS: readonly string[] = [...SECRET_KEYS, GKE_CLUSTER_KEY];

/** Whether the PDStack schema takes `key` as a string (or one of a set of strings): its config text is the value itself. */
export function isStringField(key: string): boolean {
    let field: unknown = (pdStackInputSchema.shape as Record<string, unknown>)[key];
    while (field instanceof z.ZodOptional) {
        field = field.unwrap();
    }
    return field instanceof z.ZodString || field instanceof z.ZodEnum;
}

/**
 * Config values arrive as strings; objects, numbers and booleans as JSON. An empty string or an
 * empty object is how Pulumi.yaml declares "not set: use the hardware's default".
 */
function decode(key: string, raw: string): unknown {
    if (raw === "") {
        return undefined;
    }
    if (isStringField(key)) {
        return raw;
    }
    return decodeJson(raw);
}

/** JSON strings, and JSON numbers. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/g;

/**
 * Whether JavaScript cannot hold a JSON number as written: it overflows to Infinity (`1e309`), a
 * non-zero one underflows to 0, or an integer is beyond 2^53 (`9223372036854775808`, which pulumi
 * passes exactly from a YAML integer) and would be read as another number.
 */
function lossyNumber(token: string): boolean {
    const n = Number(token);
    const mantissa = token.split(/[eE]/)[0];
    return !Number.isFinite(n) || (n === 0 && /[1-9]/.test(mantissa)) || (/^-?[0-9]+$/.test(token) && !Number.isSafeInteger(n));
}

/**
 * `JSON.parse`, except that a number JavaScript cannot hold as written stays the text written, as a
 * string: the schema then refuses it showing what the stack says, instead of a rewritten number
 * (`Infinity` echoed as `null`, `9223372036854775808` as `9223372036854776000`).
 */
export function parseConfigJson(raw: string): unknown {
    return JSON.parse(raw.replace(JSON_TOKEN, (token) => (token.startsWith('"') || !lossyNumber(token) ? token : JSON.stringify(token))));
}

/** A JSON config value; undefined when unset, "" or {}; the raw string when it is not JSON. */
function decodeJson(raw: string | undefined): unknown {
    if (raw === undefined || raw === "") {
        return undefined;
    }
    let value: unknown;
    try {
        value = parseConfigJson(raw);
    } catch {
        return raw;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) {
        return undefined;
    }
    return value;
}

/** The raw `llm-d-pd:` keys of the stack, decoded, without the program-only keys. */
export function readRawConfig(all: Record<string, string> = pulumi.runtime.allConfig()): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(all)) {
        if (!fullKey.startsWith(CONFIG_PREFIX)) {
            continue;
        }
        const key = fullKey.slice(CONFIG_PREFIX.length);
        if (PROGRAM_KEYS.includes(key)) {
            continue;
        }
        const decoded = decode(key, value);
        if (decoded !== undefined) {
            raw[key] = decoded;
        }
    }
    return raw;
}

/** The full key of the token: the one secret key, read outside the PDStack schema. */
const HF_TOKEN_KEY = `${CONFIG_PREFIX}hfToken`;

/**
 * Whether the engine passed `fullKey` as a secret: the stack file holds it encrypted (the engine's
 * `config.SecureKeys()`). `runtime.isConfigSecret` is `@internal` in @pulumi/pulumi
 * (runtime/config.js) and nothing public answers this; this is the program's one use of it, pinned
 * by the `~3.248.0` dependency and checked by test/program/config.test.ts.
 */
export function isConfigSecret(fullKey: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
    if (typeof runtime.isConfigSecret !== "function") {
        throw new Error("@pulumi/pulumi no longer provides runtime.isConfigSecret, which the program needs to refuse a plain-text hfToken");
    }
    return runtime.isConfigSecret(fullKey);
}

/**
 * The token must be stored encrypted (`pulumi config set --secret`); every other key must not be,
 * because PDStack puts it in names and Helm values in plain text. Lines name keys, never values.
 */
function secretProblems(all: Record<string, string>): string[] {
    const problems: string[] = [];
    for (const [fullKey, value] of Object.entries(all)) {
        if (!fullKey.startsWith(CONFIG_PREFIX)) {
            continue;
        }
        const secret = isConfigSecret(fullKey);
        if (fullKey === HF_TOKEN_KEY) {
            if (value !== "" && !secret) {
                problems.push(`${fullKey}: is stored in plain text in the stack's config; store it encrypted: ${SET_HF_TOKEN_COMMAND}`);
            }
        } else if (secret) {
            const key = fullKey.slice(CONFIG_PREFIX.length);
            problems.push(
                `${fullKey}: is stored encrypted, but PDStack uses it in plain text (names, Helm values) and only hfToken is a secret: ` +
                    `pulumi config set ${key} <value>`,
            );
        }
    }
    return problems;
}

/** What the program deploys: the PDStack args, and the GKE cluster to create first, if any. */
export interface ProgramConfig {
    pdStack: PDStackArgs;
    /** Set when `llm-d-pd:gkeCluster.create` is true; PDStack then deploys through the new cluster. */
    gkeCluster?: GkeClusterArgs;
}

/**
 * The stack's config, validated (throws an InputError naming `llm-d-pd:<key>`, never a secret's
 * value), with the HF token as a Pulumi secret. The token is not passed when an existing Secret is named. `clusterName` is the
 * GkeCluster component's name, the cluster's default name.
 */
export function loadProgramConfig(clusterName: string): ProgramConfig {
    const all = pulumi.runtime.allConfig();
    const secrets = secretProblems(all);
    if (secrets.length > 0) {
        throw InputError.of("stack configuration", secrets);
    }
    // On a GKE cluster the stack creates, an enabled model cache that names no class gets the cluster's
    // Filestore class before validation (which refuses ReadWriteMany on a default class).
    const rawCluster = decodeJson(all[`${CONFIG_PREFIX}${GKE_CLUSTER_KEY}`]);
    const createsCluster = (rawCluster as { create?: unknown } | undefined)?.create === true;
    const raw = withCreatedClusterStorageClass(readRawConfig(all) as unknown as PDStackArgs, createsCluster);
    const spec = resolveSpec(raw, CONFIG_PREFIX, { rootKeys: PROGRAM_KEYS });
    const gkeCluster = gkeClusterArgsFromConfig(rawCluster, spec, clusterName, CONFIG_PREFIX);
    const hasToken = (all[HF_TOKEN_KEY] ?? "") !== "";
    const problem = hfTokenProblem(CONFIG_PREFIX, hasToken, spec.createHfTokenSecret ? undefined : spec.hfTokenSecretName);
    if (problem) {
        throw InputError.of("stack configuration", [problem]);
    }
    const hfToken = hasToken ? new pulumi.Config(PROJECT).requireSecret("hfToken") : undefined;
    return {
        pdStack: { ...raw, ...(hfToken ? { hfToken } : {}) },
        ...(gkeCluster ? { gkeCluster } : {}),
    };
}
