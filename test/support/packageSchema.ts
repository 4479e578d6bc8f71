/** The schema the plugin host serves for this package (what `pulumi package add` reads), built offline. */
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as components from "../../components";
import { PROJECT_DIR } from "./planCli";

export async function packageSchema(): Promise<any> {
    const provider = new ComponentProvider({
        name: "pdstack",
        dirname: PROJECT_DIR,
        components: getPulumiComponents(components), // what the plugin host serves
    });
    return JSON.parse(await provider.getSchema());
}
