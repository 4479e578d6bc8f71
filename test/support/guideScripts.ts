/**
 * Reading the shell of upstream's guides as the shell reads it: the commands of a markdown guide's
 * ```bash blocks, the `NAME=value` they assign, and the defaults `guides/env.sh` exports.
 */

/** The shell commands of a markdown guide's ```bash blocks, continuation lines joined. */
export function shellCommands(markdown: string): string[] {
    const blocks = [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
    return blocks.flatMap((b) => b.replace(/\\\n\s*/g, " ").split("\n")).map((l) => l.trim()).filter((l) => l !== "");
}

/** `NAME=value` assignments of shell commands (a trailing `# comment` is not part of the value). */
export function shellVariables(commands: string[]): Record<string, string> {
    return Object.fromEntries(
        commands.map((c) => /^([A-Z_]+)=(\S+)(?:\s+#.*)?$/.exec(c)).filter((m): m is RegExpExecArray => m !== null).map((m) => [m[1], m[2]]),
    );
}

/** What `guides/env.sh` exports when the caller sets nothing: `export NAME=${NAME:-default}` gives `default`. */
export function envShDefaults(script: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [, name, value] of script.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) {
        const defaulted = /^\$\{([A-Z_]+):-([^}]*)\}$/.exec(value);
        out[name] = defaulted && defaulted[1] === name ? defaulted[2] : value;
    }
    return out;
}
