/**
 * docs/smoke.md: every `npm run smoke` command in its `sh` blocks runs, through the real argument
 * parser and the real command, against local servers standing for the ports it names; every
 * `kubectl` line names objects and ports PDStack deploys; every flag of the usage is documented.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { resolveSpec } from "../../components/pdstack";
import { deriveLlmd02Names, llmd02NamesOf } from "../../components/releases/llmd02/names";
import { deriveLlmd09Names } from "../../components/releases/llmd09/names";
import { DECODE_VLLM_PORT, MODEL_SERVER_PORT } from "../../components/releases/vllm";
import { USAGE } from "../../smoke/args";
import { PdCluster, startPdCluster } from "../support/pdCluster";
import { PROJECT_DIR, tempDir } from "../support/planCli";
import { runMain } from "../support/smokeMain";

const DOC = fs.readFileSync(path.join(PROJECT_DIR, "docs", "smoke.md"), "utf8");
const SMOKE = "npm run smoke -- ";
/** The EPP's metrics port (the inferencepool chart v0.5.1 and the router charts v0.10.0 both default to 9090). */
const EPP_METRICS_PORT = 9090;

/** The lines of the doc's ```sh blocks. */
function shLines(doc: string): string[] {
    return [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#")));
}

/** The words `sh` makes of a command line. */
function words(line: string): string[] {
    return execFileSync("/bin/sh", ["-c", `printf '%s\\n' ${line}`], { encoding: "utf8", env: {} }).split("\n").slice(0, -1);
}

describe("docs/smoke.md", () => {
    const lines = shLines(DOC);
    const smokeLines = lines.filter((l) => l.startsWith(SMOKE));

    it("has sh blocks with smoke commands, and nothing else than kubectl and export lines beside them", () => {
        assert.ok(smokeLines.length >= 5, `${smokeLines.length} smoke commands`);
        for (const line of lines.filter((l) => !l.startsWith(SMOKE))) {
            assert.match(line, /^(kubectl (port-forward|get secret) |export EPP_TOKEN=)/, line);
        }
    });

    it("port-forwards and reads Secrets PDStack creates, on the ports its pods serve", () => {
        const ns = "llm-d-pd";
        const v02 = deriveLlmd02Names(ns, "pd", "-istio");
        const v09 = deriveLlmd09Names(ns, "pd", "istio");
        const targets = new Map<string, number>([
            [`service/${v02.gatewayService}`, 80],
            [`service/${v02.epp}`, EPP_METRICS_PORT],
            [`deployment/${v02.prefillDeployment}`, MODEL_SERVER_PORT],
            [`deployment/${v02.decodeDeployment}`, DECODE_VLLM_PORT],
            [`service/${v09.epp}`, EPP_METRICS_PORT],
            [`deployment/${v09.prefillDeployment}`, MODEL_SERVER_PORT],
            [`deployment/${v09.decodeDeployment}`, DECODE_VLLM_PORT],
        ]);
        assert.strictEqual(llmd02NamesOf(resolveSpec({ hardware: "h200-ib" }, "PDStackArgs")).epp, v02.epp, "the default stack's names");
        const forwarded = new Set<number>();
        for (const line of lines.filter((l) => l.startsWith("kubectl port-forward"))) {
            const m = /^kubectl port-forward -n (\S+) (\S+) (\d+):(\d+) &$/.exec(line);
            assert.ok(m, line);
            assert.strictEqual(m[1], ns, line);
            assert.strictEqual(targets.get(m[2]), Number(m[4]), `${line}: not a port PDStack serves there`);
            forwarded.add(Number(m[3]));
        }
        for (const line of lines.filter((l) => l.startsWith("kubectl get secret"))) {
            assert.ok(line.includes(` -n ${ns} ${v02.eppMetricsReader} `) || line.includes(` -n ${ns} ${v09.eppMetricsToken} `), line);
        }
        for (const line of smokeLines) {
            for (const [, port] of line.matchAll(/http:\/\/localhost:(\d+)/g)) {
                assert.ok(forwarded.has(Number(port)), `${line}: localhost:${port} is forwarded nowhere in the doc`);
            }
        }
    });

    it("documents every flag of the usage", () => {
        for (const [flag] of USAGE.matchAll(/--[a-z][a-z-]+/g)) {
            assert.ok(DOC.includes(`\`${flag}`), `${flag} is not in docs/smoke.md`);
        }
    });

    describe("each smoke command runs against local servers", () => {
        let cluster: PdCluster | undefined;
        afterEach(async () => {
            await cluster?.close();
            cluster = undefined;
        });
        for (const line of smokeLines) {
            it(line.slice(SMOKE.length), async () => {
                const args = words(line.slice(SMOKE.length));
                const model = args[args.indexOf("--model") + 1];
                const token = "docs-test-token.abc";
                cluster = await startPdCluster({ release: "0.9", behaviour: "pd", model, eppToken: token });
                const c = cluster;
                const local: Record<string, string> = {
                    "http://localhost:8000": c.gateway.url,
                    [`http://localhost:${EPP_METRICS_PORT}/metrics`]: c.epp.url,
                    "http://localhost:8001/metrics": c.prefill[0].url,
                    "http://localhost:8002/metrics": c.decode[0].url,
                };
                const tokenFile = path.join(tempDir("pdstack-docs-"), "epp-token");
                fs.writeFileSync(tokenFile, `${token}\n`);
                const argv = args.map((a, i) => local[a] ?? (args[i - 1] === "--epp-token-file" ? tokenFile : a));
                assert.ok(argv.every((a) => !a.includes("localhost")), `a URL the test does not stand in for: ${argv.join(" ")}`);
                const run = await runMain(argv, { EPP_TOKEN: token });
                assert.strictEqual(run.code, 0, run.stderr);
                if (argv.includes("--json")) {
                    assert.strictEqual(JSON.parse(run.stdout).ok, true);
                } else if (argv.includes("--metrics")) {
                    assert.match(run.stdout, /^pd verdict: P\/D happened: /m);
                }
            });
        }
    });
});
