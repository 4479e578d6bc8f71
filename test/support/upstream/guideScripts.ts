/**
 * Reading the shell of upstream's guides as the shell reads it: the commands of a markdown guide's
 * ```bash blocks, the `NAME=value` they assign, the defaults a script gives a variable the caller did
 * not set, and the install commands as the argv the shell passes.
 */

/** The shell commands of a markdown guide's ```bash blocks, continuation lines joined. */
export function shellCommands(markdown: string): string[] {
    const blocks = [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
    return blocks.flatMap((b) => b.replace(/\\\n\s*/g, " ").split("\n")).map((l) => l.trim()).filter((l) => l !== "");
}

/** `${NAME}` replaced by the value `vars` gives it; a variable not in `vars` stays as written. */
export function expand(text: string, vars: Record<string, string>): string {
    return text.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/**
 * `NAME=value` assignments of shell commands, in order, each value expanded with the assignments
 * before it (a trailing `# comment` is not part of the value).
 */
export function shellVariables(commands: string[]): Record<string, string> {
    const vars: Record<string, string> = {};
    for (const c of commands) {
        const m = /^([A-Z_]+)=(\S+)(?:\s+#.*)?$/.exec(c);
        if (m) {
            vars[m[1]] = expand(m[2], vars);
        }
    }
    return vars;
}

/**
 * What a script gives each variable the caller does not set: `NAME=${NAME:-default}` (`export` or not,
 * the default quoted or not) gives `default`. Other assignments are not defaults and are left out.
 */
export function scriptDefaults(script: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of script.matchAll(/^(?:export )?([A-Z_]+)=\$\{\1:-("?)([^"}$]*)\2\}$/gm)) {
        out[m[1]] = m[3];
    }
    return out;
}

/**
 * The argv of each command that starts with `prefix` (`helm upgrade --install`, `istioctl install`),
 * variables expanded. A command with quotes or a variable left unexpanded is refused: its argv would
 * need a shell to read.
 */
export function commandArgv(commands: string[], prefix: string, vars: Record<string, string>): string[][] {
    return commands
        .filter((c) => c === prefix || c.startsWith(`${prefix} `))
        .map((c) => {
            const expanded = expand(c, vars);
            if (/["'`$\\]/.test(expanded)) {
                throw new Error(`cannot read "${c}" without a shell (quotes or an unknown variable)`);
            }
            return expanded.split(/\s+/);
        });
}
