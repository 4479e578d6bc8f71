/**
 * Values files layered as `helm install -f a -f b …` layers them, by Helm itself: `helm template`
 * of a throwaway chart whose one template prints `.Values`. (Maps merge; anything else is replaced.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { firstLine, runProcess } from "../../../render/process";
import { locateTool } from "../../../render/tools";

export async function layeredValues(files: string[]): Promise<Record<string, unknown>> {
    const helm = await locateTool("helm");
    const chart = fs.mkdtempSync(path.join(os.tmpdir(), "pdstack-values-"));
    try {
        fs.writeFileSync(path.join(chart, "Chart.yaml"), "apiVersion: v2\nname: values\nversion: 0.0.0\n");
        fs.mkdirSync(path.join(chart, "templates"));
        fs.writeFileSync(path.join(chart, "templates", "values.yaml"), "{{ toYaml .Values }}\n");
        const args = ["template", "values", chart, ...files.flatMap((f) => ["-f", f])];
        const result = await runProcess(helm.path, args, { timeoutMs: 60_000 });
        if (result.code !== 0) {
            throw new Error(`helm ${args.join(" ")} failed: ${firstLine(result.stderr)}`);
        }
        return parse(result.stdout) ?? {};
    } finally {
        fs.rmSync(chart, { recursive: true, force: true });
    }
}
