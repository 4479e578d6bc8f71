/**
 * A stack file read as pulumi v3.276.0 reads it (plan/goYaml.ts, plan/stackConfig.ts). The expected
 * texts are the CLI's own: each was printed by a Go program calling the SDK's
 * `workspace.LoadProjectStackBytes` (sdk/v3 v3.276.0, go-yaml v3.0.1) on the same YAML, then
 * `Value.Value(config.NopDecrypter)` for each key: what the language host passes to the program.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseGoYaml } from "../../plan/goYaml";
import { loadStackConfig } from "../../plan/stackConfig";
import { PROJECT_DIR, tempDir } from "../support/planCli";

/** Loads a stack file written as `yaml` (the YAML text itself, so that its scalars are as written). */
function loadYaml(yaml: string): Record<string, string> {
    const file = path.join(tempDir(), "Pulumi.yamltest.yaml");
    fs.writeFileSync(file, yaml);
    return loadStackConfig(PROJECT_DIR, "yamltest", file).values;
}

function refusal(yaml: string): string {
    try {
        loadYaml(yaml);
    } catch (e) {
        return (e as Error).message;
    }
    return assert.fail("expected the stack file to be refused");
}

const EXISTING = "  llm-d-pd:existingHfTokenSecret: tok\n";

describe("plan: a stack file's values as pulumi v3.276.0 passes them", () => {
    it("numbers as go-yaml v3 reads them, passed as Go's JSON text of the number (the CLI's output)", () => {
        const values = loadYaml(
            "config:\n  llm-d-pd:hardware: xpu\n" +
                EXISTING +
                [
                    ["a", "9223372036854775808", "9223372036854775808"],
                    ["b", "18446744073709551616", "18446744073709552000"],
                    ["d", "0x1F", "31"],
                    ["e", "017", "15"],
                    ["f", "1_000", "1000"],
                    ["i", "0b101", "5"],
                    ["j", "1e-400", "0"],
                    ["m", "1.0", "1"],
                    ["n", "+12", "12"],
                    ["o", "-9223372036854775809", "-9223372036854776000"],
                    ["p", "0o17", "15"],
                    ["q", "0777", "511"],
                    ["r", "-0.0", "0"],
                    ["s", "1e21", "1e+21"],
                    ["t", "123456789e-20", "1.23456789e-12"],
                    ["u", "yes", "yes"],
                    ["v", "True", "true"],
                    ["w", "~", ""],
                    ["x", "1e309", "1e309"],
                ]
                    .map(([k, v]) => `  llm-d-pd:zz${k}: ${v}\n`)
                    .join(""),
        );
        const got = Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith("llm-d-pd:zz")));
        assert.deepStrictEqual(got, {
            "llm-d-pd:zza": "9223372036854775808",
            "llm-d-pd:zzb": "18446744073709552000",
            "llm-d-pd:zzd": "31",
            "llm-d-pd:zze": "15",
            "llm-d-pd:zzf": "1000",
            "llm-d-pd:zzi": "5",
            "llm-d-pd:zzj": "0",
            "llm-d-pd:zzm": "1",
            "llm-d-pd:zzn": "12",
            "llm-d-pd:zzo": "-9223372036854776000",
            "llm-d-pd:zzp": "15",
            "llm-d-pd:zzq": "511",
            "llm-d-pd:zzr": "0",
            "llm-d-pd:zzs": "1e+21",
            "llm-d-pd:zzt": "1.23456789e-12",
            "llm-d-pd:zzu": "yes",
            "llm-d-pd:zzv": "true",
            "llm-d-pd:zzw": "",
            "llm-d-pd:zzx": "1e309",
        });
    });

    it("keeps a number as written where pulumi passes it as written, never as null or a rounded number", () => {
        const values = loadYaml("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:namespace: 1e309\n  llm-d-pd:releasePostfix: 9223372036854775808\n" + EXISTING);
        assert.strictEqual(values["llm-d-pd:namespace"], "1e309");
        assert.strictEqual(values["llm-d-pd:releasePostfix"], "9223372036854775808");
    });

    it("passes maps and lists as the CLI's JSON: 1e309 a string inside them, hex and octal read as go-yaml does", () => {
        const values = loadYaml("config:\n  llm-d-pd:hardware: xpu\n" + EXISTING + "  llm-d-pd:zzh: {x: 1e309, y: 1e3, z: -0b101}\n  llm-d-pd:zza: [1, 1e309, 0x10, \"0x10\", 1.50]\n");
        assert.strictEqual(values["llm-d-pd:zzh"], '{"x":"1e309","y":1000,"z":-5}');
        assert.strictEqual(values["llm-d-pd:zza"], '[1,"1e309",16,"0x10",1.5]');
    });

    it("refuses .inf and .nan, which pulumi cannot load, naming the key", () => {
        assert.strictEqual(
            refusal("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:releasePostfix: .inf\n"),
            'invalid stack configuration:\n  llm-d-pd:releasePostfix: .inf is a YAML float pulumi cannot hold (it stops with "could not unmarshal map: json: unsupported value: +Inf"); quote it to pass the text, or write a number',
        );
        assert.match(refusal("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:prefill: {replicas: .nan}\n"), /^invalid stack configuration:\n {2}llm-d-pd:prefill: \.nan is a YAML float pulumi cannot hold .*unsupported value: NaN/);
    });

    it("refuses a text key given a number pulumi rewrites (llmdVersion: 0.10 arrives as 0.1), saying to quote it", () => {
        assert.strictEqual(
            refusal("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:llmdVersion: 0.10\n"),
            'invalid stack configuration:\n  llm-d-pd:llmdVersion: 0.10 is a number or a boolean to YAML, which pulumi passes as "0.1"; this key takes text: quote it to keep what is written (llmdVersion: "0.10")',
        );
        assert.match(refusal("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:namespace: 1e3\n"), /llm-d-pd:namespace: 1e3 is a number .* passes as "1000"/);
    });

    it("refuses tagged values (!!set, !!binary, local tags), which pulumi converts silently", () => {
        assert.match(refusal("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:prefill: !!set {replicas}\n"), /^invalid stack configuration:\n {2}llm-d-pd:prefill: the YAML tag !!set is not read by PDStack/);
        assert.match(refusal("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:namespace: !foo bar\n"), /llm-d-pd:namespace: the YAML tag !foo/);
        assert.strictEqual(loadYaml("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:llmdVersion: !!str 0.9\n" + EXISTING)["llm-d-pd:llmdVersion"], "0.9");
    });

    it("reads merge keys as go-yaml v3 does: the map's own keys win, then the first merged map", () => {
        const values = loadYaml(
            "x-base: &base\n  replicas: 2\nconfig:\n  llm-d-pd:hardware: xpu\n" +
                EXISTING +
                "  llm-d-pd:prefill:\n    <<: *base\n    tensorParallelSize: 1\n  llm-d-pd:decode: {<<: [{replicas: 1, a: 1}, {replicas: 3, b: 2}], b: 5}\n",
        );
        assert.strictEqual(values["llm-d-pd:prefill"], '{"replicas":2,"tensorParallelSize":1}');
        assert.strictEqual(values["llm-d-pd:decode"], '{"a":1,"b":5,"replicas":1}');
        assert.throws(() => parseGoYaml("a: {<<: 5}"), { message: "a.<<: map merge requires map or sequence of maps as the value" });
    });

    it("puts a key without a namespace in the project's, as pulumi does (stackConfigNamespacedWithProject)", () => {
        const values = loadYaml("config:\n  hardware: xpu\n" + EXISTING);
        assert.strictEqual(values["llm-d-pd:hardware"], "xpu");
    });

    it("refuses two spellings of one key, of which pulumi keeps one at random, without echoing a value", () => {
        const message = refusal("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:config:hardware: gke\n  hardware: h200-ib\n");
        assert.strictEqual(
            message,
            "invalid stack configuration:\n  llm-d-pd:hardware: is set 3 times in Pulumi.yamltest.yaml, as llm-d-pd:hardware and llm-d-pd:config:hardware and hardware; pulumi keeps one of them at random: keep one",
        );
        const token = refusal("config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:hfToken: hf_plaintextvalue\n  llm-d-pd:config:hfToken: {secure: v1:abc}\n");
        assert.match(token, /llm-d-pd:hfToken: is set 2 times/);
        assert.ok(!token.includes("hf_plaintextvalue") && !token.includes("v1:abc"));
    });

    it("cuts a long key or value echoed in a refusal at 80 characters, with its length", () => {
        const long = `0.${"1".repeat(100_000)}`;
        const message = refusal(`config:\n  llm-d-pd:hardware: xpu\n  llm-d-pd:namespace: ${long}\n`);
        assert.ok(message.length < 600, `${message.length} characters`);
        assert.match(message, /… \(100002 characters\)/);
    });

    it("refuses a config key written at the top level of the stack file, where pulumi ignores it, saying where it goes", () => {
        assert.strictEqual(
            refusal("hardware: xpu\nconfig:\n  llm-d-pd:namespace: x\n"),
            "invalid stack configuration:\n  hardware: is at the top level of Pulumi.yamltest.yaml, where pulumi ignores it: put it under config:, as llm-d-pd:hardware",
        );
        assert.strictEqual(loadYaml("x-anchors: {a: 1}\nconfig:\n  llm-d-pd:hardware: xpu\n" + EXISTING)["llm-d-pd:hardware"], "xpu");
    });
});
