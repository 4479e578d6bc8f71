/**
 * Reads the `llm-d-pd:` stack config into PDStack args, validating it with the same schema as the
 * component so that errors name the config key (`llm-d-pd:prefill.replicas: ...`).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { GkeClusterArgs } from "../components/gke/gkeCluster";
import { PDStackArgs } from "../components/pdstack/args";
import { pdStackInputSchema, resolveSpec } from "../components/pdstack/spec";
import { CONFIG_PREFIX, PROJECT } from "../components/tokens";
import { gkeClusterArgsFromConfig, GKE_CLUSTER_KEY } from "./cluster";

export { CONFIG_PREFIX, PROJECT };

/** Keys read outside the PDStack schema: the secret token, and the GKE cluster block. */
const PROGRAM_KEYS = ["hfToken", "gkeCluster"] as const;

function isStringField(key: string): boolean {
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

/** A JSON config value; undefined when unset, "" or {}; the raw string when it is not JSON. */
function decodeJson(raw: string | undefined): unknown {
    if (raw === undefined || raw === "") {
        return undefined;
    }
    let value: unknown;
    try {
        value = JSON.parse(raw);
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
        if ((PROGRAM_KEYS as readonly string[]).includes(key)) {
            continue;
        }
        const decoded = decode(key, value);
        if (decoded !== undefined) {
            raw[key] = decoded;
        }
    }
    return raw;
}

/** What the program deploys: the PDStack args, and the GKE cluster to create first, if any. */
export interface ProgramConfig {
    pdStack: PDStackArgs;
    /** Set when `llm-d-pd:gkeCluster.create` is true; PDStack then deploys through the new cluster. */
    gkeCluster?: GkeClusterArgs;
}

/**
 * The stack's config, validated (throws an InputError naming `llm-d-pd:<key>`), with the HF token as
 * a Pulumi secret. The token is not passed when an existing Secret is named. `clusterName` is the
 * GkeCluster component's name, the cluster's default name.
 */
export function loadProgramConfig(clusterName: string): ProgramConfig {
    const raw = readRawConfig();
    const spec = resolveSpec(raw, CONFIG_PREFIX);
    const gkeCluster = gkeClusterArgsFromConfig(decodeJson(pulumi.runtime.allConfig()[`${CONFIG_PREFIX}${GKE_CLUSTER_KEY}`]), spec, clusterName, CONFIG_PREFIX);
    const config = new pulumi.Config(PROJECT);
    const hfToken = spec.createHfTokenSecret ? config.getSecret("hfToken") : undefined;
    if (spec.createHfTokenSecret && hfToken === undefined) {
        throw new Error(
            `${CONFIG_PREFIX}hfToken: is required: set it with \`pulumi config set --secret hfToken <token>\`, ` +
                `or name an existing Secret with \`pulumi config set existingHfTokenSecret <name>\``,
        );
    }
    return {
        pdStack: { ...(raw as unknown as PDStackArgs), ...(hfToken ? { hfToken } : {}) },
        ...(gkeCluster ? { gkeCluster } : {}),
    };
}
