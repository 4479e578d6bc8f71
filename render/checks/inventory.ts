/** The rendered objects indexed by API group, kind, namespace and name: what the wiring checks look up. */
import type { RenderedObject } from "../objects";

/** The API group of an apiVersion (`""` for core `v1`). */
export function groupOf(apiVersion: string): string {
    const i = apiVersion.indexOf("/");
    return i < 0 ? "" : apiVersion.slice(0, i);
}

export class Inventory {
    private readonly byKey = new Map<string, RenderedObject>();

    constructor(readonly objects: readonly RenderedObject[]) {
        for (const o of objects) {
            this.byKey.set(Inventory.key(groupOf(o.apiVersion), o.kind, o.namespace, o.name), o);
        }
    }

    private static key(group: string, kind: string, namespace: string | null, name: string): string {
        return JSON.stringify([group, kind, namespace ?? "", name]);
    }

    /** The object of this group, kind, namespace and name, if the install has it. */
    find(group: string, kind: string, namespace: string | null, name: string): RenderedObject | undefined {
        return this.byKey.get(Inventory.key(group, kind, namespace, name));
    }

    /** The objects of a kind (of any version), optionally of one API group. */
    ofKind(kind: string, groups?: readonly string[]): RenderedObject[] {
        return this.objects.filter((o) => o.kind === kind && (!groups || groups.includes(groupOf(o.apiVersion))));
    }
}
