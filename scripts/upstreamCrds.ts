/**
 * `npm run crds`: downloads the upstream CRDs of test/support/upstreamCrds.ts (the e2e suite applies
 * them to its test API server) from the Go module proxy, at the table's exact versions, with
 * `go mod download` (checksums verified against the Go checksum database), into Go's module cache, the
 * one scripts/toolchain.sh fills (`go env GOMODCACHE`): a second run downloads nothing. Records where each
 * file is in .cache/upstream-crds.json and prints that path (the only line on stdout).
 *
 * Run at setup (.ci/run runs it beside scripts/toolchain.sh), never by a test: the tests only read the record.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { RecordedModule, UPSTREAM_CRDS, UPSTREAM_CRDS_RECORD, UpstreamCrdModule, UpstreamCrdRecord } from "../test/support/upstreamCrds";

const run = promisify(execFile);

/** Only a hung download reaches it: a module of a few MB takes seconds from the proxy, nothing from the cache. */
const DOWNLOAD_LIMIT_MS = 10 * 60_000;

interface GoModDownload {
    Path: string;
    Version: string;
    Dir?: string;
    Sum?: string;
    Error?: string;
}

/** One module into Go's module cache (outside any module: `cwd` holds no go.mod). */
async function download(m: UpstreamCrdModule, cwd: string): Promise<RecordedModule> {
    const ref = `${m.module}@${m.version}`;
    let out: string;
    try {
        out = (await run("go", ["mod", "download", "-json", ref], { cwd, env: { ...process.env, GO111MODULE: "on", GOFLAGS: "-mod=mod" }, maxBuffer: 1 << 20, timeout: DOWNLOAD_LIMIT_MS })).stdout;
    } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        // `go mod download -json` reports a module's failure in its JSON (and exits 1).
        const reported = e.stdout ? (JSON.parse(e.stdout) as GoModDownload).Error : undefined;
        throw new Error(`${ref}: ${reported ?? e.stderr?.trim() ?? e.message}`);
    }
    const info = JSON.parse(out) as GoModDownload;
    if (info.Error || !info.Dir || !info.Sum) {
        throw new Error(`${ref}: ${info.Error ?? "go mod download printed no Dir"}`);
    }
    const files = m.files.map((f) => path.join(info.Dir!, f));
    for (const f of files) {
        if (!fs.existsSync(f)) {
            throw new Error(`${ref} has no ${path.relative(info.Dir!, f)}`);
        }
    }
    return { module: m.module, version: m.version, dir: info.Dir, sum: info.Sum, files };
}

export async function main(): Promise<void> {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "pdstack-crds-"));
    try {
        const entries = await Promise.all(
            Object.entries(UPSTREAM_CRDS).map(async ([name, m]) => {
                const got = await download(m, cwd);
                process.stderr.write(`crds: ${got.module}@${got.version} (${got.sum}): ${got.files.map((f) => path.basename(f)).join(", ")}\n`);
                return [name, got] as const;
            }),
        );
        const record: UpstreamCrdRecord = Object.fromEntries(entries);
        fs.mkdirSync(path.dirname(UPSTREAM_CRDS_RECORD), { recursive: true });
        const tmp = `${UPSTREAM_CRDS_RECORD}.${process.pid}`;
        fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
        fs.renameSync(tmp, UPSTREAM_CRDS_RECORD);
        process.stdout.write(`${UPSTREAM_CRDS_RECORD}\n`);
    } finally {
        fs.rmSync(cwd, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main().catch((err: Error) => {
        process.stderr.write(`crds: ${err.message}\n`);
        process.exitCode = 1;
    });
}
