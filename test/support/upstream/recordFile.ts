/**
 * A record of upstream facts: a YAML file the record scripts write and the tests read. It starts
 * with its header (the repository, commit and paths the facts were read from, and the command that
 * wrote it), then holds the facts: values, names, versions, rendered objects. Never a copy of an
 * upstream file: what a file says is read as upstream's tools read it, and only what the tests compare
 * is kept.
 */
import { parse, stringify } from "yaml";

export interface RecordSource {
    /** owner/name, as PDStack's pins name the repository. */
    repository: string;
    /** The commit every fact was read at (40 hex digits). */
    commit: string;
    /** The files and folders read, relative to the repository's root. */
    paths: string[];
    /** The command that wrote the record. */
    command: string;
}

/** What a record holds besides its header. */
export type Facts = Record<string, any>;

export interface UpstreamRecord {
    source: RecordSource;
    facts: Facts;
}

const BANNER = "# Facts read from upstream by a record script: not a copy of upstream's files. Do not edit; regenerate (see SOURCE.md beside this file).\n";

/** The record as written: the banner, then `source`, then `facts`. */
export function formatRecord(record: UpstreamRecord): string {
    const { repository, commit, paths, command } = record.source;
    return BANNER + stringify({ source: { repository, commit, paths, command }, facts: record.facts }, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** A record read back; throws if its header is incomplete. */
export function parseRecord(text: string, file: string): UpstreamRecord {
    const record = parse(text) as UpstreamRecord;
    const s = record?.source;
    if (!s || typeof s.repository !== "string" || !/^[0-9a-f]{40}$/.test(s.commit) || !Array.isArray(s.paths) || s.paths.length === 0 || typeof s.command !== "string") {
        throw new Error(`${file}: no complete source header (repository, commit, paths, command)`);
    }
    if (!record.facts || typeof record.facts !== "object") {
        throw new Error(`${file}: no facts`);
    }
    return record;
}
