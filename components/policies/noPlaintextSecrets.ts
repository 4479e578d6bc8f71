/**
 * `pd-no-plaintext-secrets`: no Hugging Face token (or other obvious credential) in Helm values or
 * object specs, where it would sit unencrypted in the release, the cluster and Pulumi state; and
 * `HF_TOKEN` env comes from a Secret, never a literal value. Secret `data`/`stringData` is exempt:
 * that is where the token belongs.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { DEFAULT_HF_TOKEN_SECRET } from "../pdstack/names";
import { CONFIG_PREFIX, PDSTACK_TYPE } from "../tokens";
import { describeResource, isKubernetesType, SECRET } from "./kubernetesResources";
import { PropertyVisit, walkProperties } from "./propertyTree";

export const NO_PLAINTEXT_SECRETS = "pd-no-plaintext-secrets";

/** Credentials recognizable by their shape. */
export const TOKEN_PATTERNS: { what: string; pattern: RegExp }[] = [
    { what: "a Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{30,}/ },
    { what: "a GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})/ },
    { what: "an AWS access key id", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
    { what: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
    { what: "a Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
    { what: "an OpenAI-style API key", pattern: /\bsk-(proj-)?[A-Za-z0-9_-]{32,}/ },
    { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/** Env vars Hugging Face clients (and vLLM) read the token from. */
export const HF_TOKEN_ENV_NAMES = ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_TOKEN"];
/** Env var names that say they hold a credential. */
const SECRET_ENV_NAME = /(^|_)(TOKEN|API_?KEY|PASSWORD|PASSWD|SECRET|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)$/i;

const FIX_TOKEN =
    `keep the token in a Kubernetes Secret: pulumi config set --secret ${CONFIG_PREFIX}hfToken <token> (PDStack stores it in Secret ` +
    `"${DEFAULT_HF_TOKEN_SECRET}", key HF_TOKEN) or name an existing one with ${CONFIG_PREFIX}existingHfTokenSecret, and reference it ` +
    `with valueFrom.secretKeyRef`;

/** What a message may show of a credential: its kind of prefix and its length, never the value. */
function redact(s: string): string {
    return `${s.slice(0, 3)}… (${s.length} characters)`;
}

function envProblem(entry: any, path: string): string | undefined {
    if (typeof entry?.name !== "string") {
        return undefined;
    }
    const name: string = entry.name;
    if (HF_TOKEN_ENV_NAMES.includes(name.toUpperCase())) {
        if ("value" in entry) {
            return `env ${name} at ${path} has a literal value: the token would be readable in the pod spec and the release; ${FIX_TOKEN}`;
        }
        if (!entry.valueFrom?.secretKeyRef) {
            return `env ${name} at ${path} does not come from valueFrom.secretKeyRef; ${FIX_TOKEN}`;
        }
        return undefined;
    }
    if (SECRET_ENV_NAME.test(name) && typeof entry.value === "string" && entry.value !== "") {
        return `env ${name} at ${path} has a literal value, which looks like a credential: put it in a Secret and use valueFrom.secretKeyRef`;
    }
    return undefined;
}

/** Plain-text credentials in a resource's properties. */
export function plaintextSecretProblems(type: string, name: string, props: Record<string, any>): string[] {
    const where = describeResource(type, name, props);
    const isSecret = type === SECRET;
    const skip = (v: PropertyVisit) => isSecret && (v.path === "data" || v.path === "stringData");
    const messages: string[] = [];
    for (const v of walkProperties(props, skip)) {
        if (typeof v.value === "string") {
            for (const { what, pattern } of TOKEN_PATTERNS) {
                const m = pattern.exec(v.value);
                if (m) {
                    messages.push(`${where}: ${v.path || "(value)"} holds what looks like ${what} in plain text (${redact(m[0])}); ${FIX_TOKEN}`);
                    break;
                }
            }
        } else if (v.key === "env" && Array.isArray(v.value)) {
            v.value.forEach((entry, i) => {
                const p = envProblem(entry, `${v.path}[${i}]`);
                if (p) {
                    messages.push(`${where}: ${p}`);
                }
            });
        }
    }
    return messages;
}

export const noPlaintextSecretsPolicy: ResourceValidationPolicy = {
    name: NO_PLAINTEXT_SECRETS,
    description:
        "No Hugging Face token or other credential in plain text in Helm values or object specs (Secret data excepted), and HF_TOKEN env " +
        "always comes from valueFrom.secretKeyRef.",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!isKubernetesType(args.type) && args.type !== PDSTACK_TYPE) {
            args.notApplicable("only Kubernetes objects, Helm releases and PDStack carry deployment data");
        }
        plaintextSecretProblems(args.type, args.name, args.props).forEach((m) => reportViolation(m));
    },
};
