/**
 * Mocha fixtures of the e2e suite (.mocharc.e2e.json): the upstream CRDs (downloaded beforehand by
 * scripts/upstreamCrds.ts) and the toolchain (built by scripts/toolchain.sh unless
 * PDSTACK_TOOLCHAIN_BIN names it), resolved once for the run, and a test cluster per mocha
 * process: the suite runs its files in parallel workers, and each worker starts its own cluster before
 * its first file and shares it with the files it runs next, one after the other. A cluster stops when
 * its process ends (./cluster.ts kills what is still running at exit).
 */
import * as path from "path";
import { TestCluster } from "./cluster";
import { upstreamCrdFiles } from "../../support/upstreamCrds";
import { e2eTempDir, toolchainBin } from "./pulumi";

let cluster: TestCluster | undefined;

/** This process's cluster, started before its first test file. */
export function e2eCluster(): TestCluster {
    if (!cluster) {
        throw new Error("no e2e cluster: run the suite with `npm run test:e2e` (.mocharc.e2e.json starts it)");
    }
    return cluster;
}

/**
 * Mocha's global setup, in its own process: the upstream CRDs are downloaded (else the run stops at once,
 * with one line naming the script), and the toolchain, which the workers inherit through the environment.
 */
export function mochaGlobalSetup(): void {
    upstreamCrdFiles();
    process.env.PDSTACK_TOOLCHAIN_BIN = toolchainBin();
}

export const mochaHooks = {
    /** Before each test file: this process's cluster, started by the first. */
    async beforeAll(): Promise<void> {
        cluster ??= await TestCluster.start({ bin: toolchainBin(), dir: path.join(e2eTempDir("cluster"), "cluster") });
    },
};

/** Mocha's global teardown (the cluster of a serial run, which lives in mocha's own process). */
export async function mochaGlobalTeardown(): Promise<void> {
    await cluster?.stop();
}

// A worker pool ends its workers with SIGTERM: exit through the `exit` handlers, which stop the cluster
// and remove the temp folders, instead of dying without them.
process.once("SIGTERM", () => process.exit(143));
