/**
 * The records of upstream facts the llm-d 0.9 tests compare PDStack with (test/fixtures/llmd09/*.yaml,
 * written by `npm run record:llmd09`, see its SOURCE.md), read back.
 */
import * as fs from "fs";
import * as path from "path";
import { LLMD09_FIXTURES, RecordName, RECORDS } from "./upstream/llmd09";
import { parseRecord, UpstreamRecord } from "./upstream/recordFile";

type Obj = Record<string, any>;

const read = new Map<string, UpstreamRecord>();

/** A record file of the folder, parsed (its header checked). */
export function recordFile(file: string): UpstreamRecord {
    if (!read.has(file)) {
        read.set(file, parseRecord(fs.readFileSync(path.join(LLMD09_FIXTURES, file), "utf8"), file));
    }
    return read.get(file)!;
}

/** One of the records, by name. */
export function llmd09Record(name: RecordName): UpstreamRecord {
    return recordFile(RECORDS[name].file);
}

/** The facts of one record; a deep copy, free to change. */
export function llmd09Facts(name: RecordName): Obj {
    return structuredClone(llmd09Record(name).facts);
}

/** The record files in the folder (every `.yaml` directly in it). */
export function recordFilesPresent(): string[] {
    return fs.readdirSync(LLMD09_FIXTURES).filter((f) => f.endsWith(".yaml")).sort();
}

/** What each file of `repository` at `commit` says, key by key (the `keys` facts of the records of that commit). */
export function keysAt(repository: string, commit: string): Record<string, Record<string, string>> {
    const keys: Record<string, Record<string, string>> = {};
    for (const spec of Object.values(RECORDS)) {
        const r = recordFile(spec.file);
        if (r.source.repository === repository && r.source.commit === commit) {
            Object.assign(keys, r.facts.keys ?? {});
        }
    }
    return keys;
}

/** The one object of a kind whose name ends with `suffix`. */
export function pick(resources: Obj[], kind: string, suffix: string): Obj {
    const found = resources.filter((r) => r.kind === kind && String(r.metadata?.name).endsWith(suffix));
    if (found.length !== 1) {
        throw new Error(`expected one ${kind} named *${suffix}, found ${found.length}`);
    }
    return structuredClone(found[0]);
}
