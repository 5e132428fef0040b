// Shared pieces of libxtables that several extensions use: port parsing, the
// x6 option checks ("can only be used once", "cannot be inverted"), string quoting.

import { paramError } from '../errors.ts';
import { strtoui } from '../ipv4.ts';
import type { NameDb } from '../names/namedb.ts';

/** xtables_parse_port */
export function parsePort(s: string, names: NameDb): number {
  const n = strtoui(s, 0, 65535);
  if (n !== null) return n;
  const p = names.servicePort(s);
  if (p !== null) return p;
  throw paramError(`invalid port/service \`${s}' specified`);
}

/** xtables_parse_port(s, proto): a number, or a service of that protocol */
export function parsePortFor(s: string, names: NameDb, proto: string): number {
  const n = strtoui(s, 0, 65535);
  if (n !== null) return n;
  const p = names.servicePortFor(s, proto);
  if (p !== null) return p;
  throw paramError(`invalid port/service \`${s}' specified`);
}

/** parse_port_range of libxt_tcp/udp: "a", "a:b", "a:", ":b" */
export function parsePortRange(s: string, names: NameDb): [number, number] {
  const colon = s.indexOf(':');
  if (colon < 0) {
    const p = parsePort(s, names);
    return [p, p];
  }
  const lo = colon === 0 ? 0 : parsePort(s.slice(0, colon), names);
  const rest = s.slice(colon + 1);
  const hi = rest === '' ? 65535 : parsePort(rest, names);
  return [lo, hi];
}

/** x6 "option can only be used once" */
export function once(seen: Set<string>, ext: string, opt: string): void {
  if (seen.has(opt)) throw paramError(`${ext}: option "--${opt}" can only be used once.\n`);
  seen.add(opt);
}

export function badValue(ext: string, opt: string, arg: string): never {
  throw paramError(`${ext}: Bad value for "${opt}" option: "${arg}"`);
}

/** xtables_save_string: bare when only [A-Za-z0-9_-], else quoted with \" \\ \' escaped */
export function saveString(s: string): string {
  if (s.length > 0 && /^[A-Za-z0-9_-]+$/.test(s)) return s;
  return `"${s.replace(/["'\\]/g, (c) => `\\${c}`)}"`;
}

/** strtoul-style parse of a 32-bit value (marks, zones), base 0 */
export function parseU32(s: string): number | null {
  return strtoui(s, 0, 0xffffffff);
}

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}
