/** IPv4 CIDR ranges: parsed, and checked for overlap (GCP refuses overlapping ranges in one VPC). Pure. */

/** An IPv4 range: its first address and its prefix length. */
export interface Ipv4Range {
    first: number;
    prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * `a.b.c.d/n` with each octet 0-255 (no leading zeros) and n 0-32, as a range (host bits dropped,
 * as GCP does); undefined when it is not one.
 */
export function parseIpv4Cidr(s: string): Ipv4Range | undefined {
    const m = CIDR.exec(s);
    if (!m) {
        return undefined;
    }
    const parts = m.slice(1, 6);
    if (parts.some((p) => p.length > 1 && p.startsWith("0"))) {
        return undefined;
    }
    const octets = parts.slice(0, 4).map(Number);
    const prefix = Number(parts[4]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        return undefined;
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    return { first: Math.floor(address / size) * size, prefix };
}

/** Whether two ranges share an address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
    const end = (r: Ipv4Range) => r.first + 2 ** (32 - r.prefix) - 1;
    return a.first <= end(b) && b.first <= end(a);
}
