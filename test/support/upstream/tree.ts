/**
 * An upstream repository's tree at one commit, as `git archive <commit>` exports it, and the files a
 * record reads from it (which its header lists).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export class UpstreamTree {
    private readonly read = new Set<string>();

    constructor(
        readonly repository: string,
        readonly root: string,
        readonly commit: string,
    ) {
        if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
            throw new Error(`${repository}: ${root} is not a folder`);
        }
        if (!/^[0-9a-f]{40}$/.test(commit)) {
            throw new Error(`${repository}: "${commit}" is not a full commit id`);
        }
    }

    /** The absolute path of `relative`, which must exist; noted as read. */
    path(relative: string): string {
        const full = path.join(this.root, relative);
        if (!fs.existsSync(full)) {
            throw new Error(`${this.repository} at ${this.commit} has no ${relative} (in ${this.root})`);
        }
        this.read.add(relative);
        return full;
    }

    text(relative: string): string {
        return fs.readFileSync(this.path(relative), "utf8");
    }

    yaml(relative: string): any {
        return parse(this.text(relative));
    }

    /** The files under `folder` (at any depth) whose paths below it match, relative to the root, sorted; noted as read only once read. */
    list(folder: string, match: RegExp): string[] {
        const full = path.join(this.root, folder);
        const names = fs.existsSync(full) ? (fs.readdirSync(full, { recursive: true }) as string[]) : [];
        return names.filter((n) => match.test(n)).map((n) => path.posix.join(folder, n.split(path.sep).join("/"))).sort();
    }

    /** What was read, sorted. */
    paths(): string[] {
        return [...this.read].sort();
    }
}
