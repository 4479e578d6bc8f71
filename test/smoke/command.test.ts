/**
 * The `smokeCommand` output: the exact `npm run smoke` command of a stack, which a shell turns into
 * the arguments the smoke CLI accepts, with the stack's endpoint and served model.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { gatewayAccess } from "../../components/pdstack/access";
import { resolveSpec } from "../../components/pdstack";
import { parseSmokeArgs, SmokeOptions } from "../../smoke/args";
import { planInProcess, tempDir, writeStackFile } from "../support/planCli";

const SMOKE_SCRIPT = "npm run smoke -- ";

/** The arguments `sh` passes to the smoke script for this command (npm forwards those after `--`). */
function shellArgs(command: string, env: NodeJS.ProcessEnv = process.env): string[] {
    assert.ok(command.startsWith(SMOKE_SCRIPT), command);
    const out = execFileSync("/bin/sh", ["-c", `printf '%s\\n' ${command.slice(SMOKE_SCRIPT.length)}`], { encoding: "utf8", env });
    return out.split("\n").slice(0, -1);
}

function parsed(args: string[]): SmokeOptions {
    const opts = parseSmokeArgs(args);
    assert.notStrictEqual(opts, "help");
    return opts as SmokeOptions;
}

describe("smokeCommand output", () => {
    it("on istio and kgateway targets the port-forward on localhost:8000 with the served model", () => {
        for (const gateway of ["istio", "kgateway"]) {
            const spec = resolveSpec({ hardware: "h200-ib", gateway }, "PDStackArgs");
            const access = gatewayAccess(spec);
            assert.match(access.portForwardCommand ?? "", / 8000:80$/);
            const opts = parsed(shellArgs(access.smokeCommand));
            assert.deepStrictEqual([opts.endpoint, opts.model], ["http://localhost:8000", spec.model.name], gateway);
        }
    });

    it("keeps a model name with shell syntax one argument", () => {
        const name = "team's model $(echo expanded) `echo expanded` * ~";
        const spec = resolveSpec({ hardware: "xpu", model: { name, uri: "hf://org/m" } }, "PDStackArgs");
        const opts = parsed(shellArgs(gatewayAccess(spec).smokeCommand));
        assert.strictEqual(opts.model, name);
    });

    it("on gke targets the address in the Gateway's status, read by the kubectl command it embeds", () => {
        const spec = resolveSpec({ hardware: "gke", gateway: "gke" }, "PDStackArgs");
        const access = gatewayAccess(spec);
        assert.ok(access.gatewayAddressCommand && access.smokeCommand.includes(`http://$(${access.gatewayAddressCommand})`), access.smokeCommand);
        // A stand-in kubectl that answers the Gateway's address the way `-o jsonpath` prints it.
        const bin = tempDir("pdstack-kubectl-");
        fs.writeFileSync(path.join(bin, "kubectl"), "#!/bin/sh\nprintf '34.118.2.7'\n", { mode: 0o755 });
        const opts = parsed(shellArgs(access.smokeCommand, { ...process.env, PATH: `${bin}:${process.env.PATH}` }));
        assert.deepStrictEqual([opts.endpoint, opts.model], ["http://34.118.2.7", spec.model.name]);
    });

    it("is a stack output of the program (offline plan of a gke stack)", async () => {
        const file = writeStackFile("smoke-gke", { hardware: "gke", gateway: "gke", existingHfTokenSecret: "llm-d-hf-token" });
        const plan = await planInProcess("--stack", "smoke-gke", "--config-file", file, "--json");
        assert.strictEqual(plan.status, 0, plan.stderr);
        const outputs = plan.json().outputs;
        const endpoint = /^npm run smoke -- --endpoint (\S+\(kubectl get gateway -n \S+ \S+ -o jsonpath='\{\.status\.addresses\[0\]\.value\}'\)) --model (\S+)$/.exec(outputs.smokeCommand);
        assert.ok(endpoint, outputs.smokeCommand);
        assert.strictEqual(endpoint[2], outputs.servedModelName);
        assert.ok(outputs.curlCommand.includes(`curl -s ${endpoint[1]}/v1/completions `), "smoke and curl reach the same endpoint");
    });
});
