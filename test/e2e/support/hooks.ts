/**
 * Mocha global fixtures of the e2e suite (.mocharc.e2e.json): the toolchain (built by
 * scripts/toolchain.sh unless PDSTACK_TOOLCHAIN_BIN names it) and one test cluster for every test
 * file, stopped at the end. The suite runs serially: its files share the cluster.
 */
import * as path from "path";
import { TestCluster } from "./cluster";
import { e2eTempDir, toolchainBin } from "./pulumi";

let cluster: TestCluster | undefined;

/** The cluster the global setup started. */
export function e2eCluster(): TestCluster {
    if (!cluster) {
        throw new Error("no e2e cluster: run the suite with `npm run test:e2e` (.mocharc.e2e.json starts it)");
    }
    return cluster;
}

export async function mochaGlobalSetup(): Promise<void> {
    const bin = toolchainBin();
    cluster = await TestCluster.start({ bin, dir: path.join(e2eTempDir("cluster"), "cluster") });
}

export async function mochaGlobalTeardown(): Promise<void> {
    await cluster?.stop();
}
