/**
 * The record script's reading of upstream's shell (test/support/upstream/guideScripts.ts), on text
 * written here: what a shell would assign and pass, or a refusal where it takes a shell to know.
 */
import * as assert from "assert";
import { commandArgv, scriptDefaults, shellCommands, shellVariables } from "../support/upstream/guideScripts";

const GUIDE = [
    "Intro.",
    "```bash",
    "VERSION=v1.2.3  # a pin",
    "URL=https://example.test/${VERSION}/x.yaml",
    "tool install thing \\",
    "  --version ${VERSION} \\",
    "  --set a.b=true",
    "tool install other --set note='quoted value'",
    "```",
    "```text",
    "NOT=a-command",
    "```",
].join("\n");

describe("reading upstream's shell for the records", () => {
    it("a guide's bash blocks: continuation lines joined, assignments expanded in order, text blocks ignored", () => {
        const commands = shellCommands(GUIDE);
        assert.strictEqual(commands.length, 4);
        assert.deepStrictEqual(commands[2].split(/\s+/), ["tool", "install", "thing", "--version", "${VERSION}", "--set", "a.b=true"]);
        assert.deepStrictEqual(shellVariables(commands), { VERSION: "v1.2.3", URL: "https://example.test/v1.2.3/x.yaml" });
    });

    it("an install command as the argv the shell passes; one that needs a shell to read is refused", () => {
        const commands = shellCommands(GUIDE);
        const vars = shellVariables(commands);
        assert.deepStrictEqual(commandArgv(commands.slice(0, 3), "tool install", vars), [["tool", "install", "thing", "--version", "v1.2.3", "--set", "a.b=true"]]);
        assert.throws(() => commandArgv(commands, "tool install", vars), /cannot read "tool install other --set note='quoted value'" without a shell/);
        assert.throws(() => commandArgv(["tool install --version ${UNSET}"], "tool install", vars), /without a shell/);
    });

    it("a script's defaults: NAME=${NAME:-default}, exported or not, quoted or not; nothing else", () => {
        const script = ['export A=${A:-v1}', 'B=${B:-"v2"}', "export C=${C:-$(pwd)}", "D=${OTHER:-v4}", "E=plain", "MODE=${1:-apply}"].join("\n");
        assert.deepStrictEqual(scriptDefaults(script), { A: "v1", B: "v2" });
    });
});
