/**
 * A P/D install on 127.0.0.1, as far as `npm run smoke -- --metrics` sees one: the gateway (an
 * OpenAI-compatible server), the EPP's /metrics and the prefill and decode pods' vLLM /metrics, each
 * a real HTTP server serving Prometheus text in the exposition format and metric names of the
 * upstream release (test/smoke/fixtures, see SOURCE.md there), whose counters move with every
 * completion the gateway answers, the way the behaviour says the install routed it.
 */
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as path from "path";
import { OpenAIServer, ServerOptions, startOpenAIServer } from "./openaiServer";

/** The upstream generation: llm-d 0.2 (GAIE v0.5.1 + llm-d-inference-scheduler v0.2.1, vLLM 0.10) or router v0.10.0 with vLLM 0.23.0. */
export type PdRelease = "0.2" | "0.9";

export type PdBehaviour =
    /** Every request through prefill and decode, with a NIXL transfer. */
    | "pd"
    /** No prefill pod: the EPP sends every request to decode alone. */
    | "decodeOnly"
    /** The EPP decides P/D and prefill runs, but decode records no KV transfer. */
    | "noKvTransfer"
    /** The KV transfers fail. */
    | "kvFailed"
    /** The requests bypass this EPP and these pods (another install answers). */
    | "elsewhere";

export interface PdClusterOptions {
    release: PdRelease;
    behaviour: PdBehaviour;
    model: string;
    prefillPods: number;
    decodePods: number;
    /** The bearer token the EPP's /metrics requires (401 without it); none: open. */
    eppToken?: string;
    /** Prompt tokens each completion counts. */
    promptTokens: number;
    gateway?: Partial<ServerOptions>;
}

export const FIXTURES_DIR = path.join(__dirname, "..", "smoke", "fixtures");
const FIXTURES: Record<PdRelease, { epp: string; vllm: string }> = {
    "0.2": { epp: "epp-gaie-v0.5.1-scheduler-v0.2.1.prom", vllm: "vllm-v0.10.0.prom" },
    "0.9": { epp: "epp-router-v0.10.0.prom", vllm: "vllm-v0.23.0.prom" },
};

/** A label value as the exposition format escapes it. */
export function escapeLabel(value: string): string {
    return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/**
 * Fills a fixture: `{{model}}` with the escaped model name, counters as the writer formats numbers
 * (Python `3.0`, Go `3`). vLLM creates its series at start (value 0); client_golang shows a series of a
 * vector from its first increment, so a Go line whose counter was never set is left out.
 */
export function renderFixture(template: string, model: string, values: Record<string, number>, python: boolean): string {
    const lines = python ? template : template.split("\n").filter((line) => [...line.matchAll(/\{\{(\w+)\}\}/g)].every((m) => m[1] === "model" || m[1] in values)).join("\n");
    return lines.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
        if (key === "model") {
            return escapeLabel(model);
        }
        const n = values[key] ?? 0;
        return python && Number.isInteger(n) ? `${n}.0` : String(n);
    });
}

export interface MetricsServer {
    url: string;
    /** The counters the page shows. */
    values: Record<string, number>;
    /** Requests received, with their Authorization header. */
    requests: { authorization?: string }[];
    close(): Promise<void>;
}

/** A /metrics server for one fixture; with `token`, it answers 401 to a request without `Bearer <token>`. */
export async function startMetricsServer(fixture: string, model: string, python: boolean, token?: string): Promise<MetricsServer> {
    const template = fs.readFileSync(path.join(FIXTURES_DIR, fixture), "utf8");
    const values: Record<string, number> = {};
    const requests: { authorization?: string }[] = [];
    const server = http.createServer((req, res) => {
        requests.push({ authorization: req.headers.authorization });
        if (req.url !== "/metrics") {
            res.writeHead(404, { "content-type": "text/plain" });
            res.end("404 page not found\n");
            return;
        }
        if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
            res.writeHead(401, { "content-type": "text/plain; charset=utf-8" });
            res.end("Unauthorized\n");
            return;
        }
        res.writeHead(200, { "content-type": python ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; version=0.0.4; charset=utf-8; escaping=underscores" });
        res.end(renderFixture(template, model, values, python));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}/metrics`,
        values,
        requests,
        close: async () => {
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

export interface PdCluster {
    gateway: OpenAIServer;
    epp: MetricsServer;
    prefill: MetricsServer[];
    decode: MetricsServer[];
    /** The smoke arguments that point at all of it. */
    args(): string[];
    close(): Promise<void>;
}

const add = (values: Record<string, number>, key: string, n: number) => {
    values[key] = (values[key] ?? 0) + n;
};

export async function startPdCluster(overrides: Partial<PdClusterOptions> = {}): Promise<PdCluster> {
    const o: PdClusterOptions = { release: "0.9", behaviour: "pd", model: "test/model-a", prefillPods: 1, decodePods: 1, promptTokens: 12, ...overrides };
    const fixtures = FIXTURES[o.release];
    const epp = await startMetricsServer(fixtures.epp, o.model, false, o.eppToken);
    const prefill = await Promise.all(Array.from({ length: o.prefillPods }, () => startMetricsServer(fixtures.vllm, o.model, true)));
    const decode = await Promise.all(Array.from({ length: o.decodePods }, () => startMetricsServer(fixtures.vllm, o.model, true)));
    epp.values.readyPods = o.prefillPods + o.decodePods;
    let n = 0;
    const route = () => {
        if (o.behaviour === "elsewhere") {
            return;
        }
        const p = prefill[n % prefill.length].values;
        const d = decode[n % decode.length].values;
        n++;
        const viaPrefill = o.behaviour !== "decodeOnly";
        const e = epp.values;
        add(e, "requests", 1);
        if (o.release === "0.2") {
            // pd-profile-handler, threshold 0: Pick runs decode, then prefill, then stops; the picker runs per profile that found a pod.
            add(e, "results", 1);
            add(e, "picks", 3);
            add(e, "filters", 2);
            add(e, "pickers", viaPrefill ? 2 : 1);
        } else {
            add(e, viaPrefill ? "prefillDecode" : "decodeOnly", 1);
        }
        add(d, "finished", 1);
        add(d, "promptTokens", o.promptTokens);
        add(d, "generationTokens", 4);
        if (!viaPrefill) {
            add(d, "localTokens", o.promptTokens);
            return;
        }
        add(p, "finished", 1);
        add(p, "promptTokens", o.promptTokens);
        add(p, "localTokens", o.promptTokens);
        add(p, "generationTokens", 1);
        if (o.behaviour === "pd") {
            add(d, "xfers", 1);
            add(d, "xferSeconds", 0.007);
            add(d, "kvTokens", o.promptTokens - 1);
            add(d, "localTokens", 1);
        } else if (o.behaviour === "kvFailed") {
            add(d, "xfersFailed", 1);
            add(d, "localTokens", o.promptTokens);
        } else {
            add(d, "localTokens", o.promptTokens);
        }
    };
    const gateway = await startOpenAIServer({ models: [o.model], ...o.gateway, onCompletion: route });
    const servers = [epp, ...prefill, ...decode];
    return {
        gateway,
        epp,
        prefill,
        decode,
        args: () => [
            "--endpoint", gateway.url, "--model", o.model,
            "--epp-metrics", epp.url,
            ...prefill.flatMap((s) => ["--prefill-metrics", s.url]),
            ...decode.flatMap((s) => ["--decode-metrics", s.url]),
        ],
        close: async () => {
            await Promise.all([gateway.close(), ...servers.map((s) => s.close())]);
        },
    };
}
