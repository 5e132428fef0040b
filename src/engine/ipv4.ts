// IPv4 address text <-> uint32, following libxtables (xtables.c) so that the
// accepted spellings and the printed forms are those of iptables 1.8.9.

import { paramError } from './errors.ts';
import type { NameDb } from './names/namedb.ts';

/** xtables_strtoui(s, NULL, &v, min, max): strtoul base 0, whole string. */
export function strtoui(s: string, min: number, max: number): number | null {
  // fast path for the common plain decimal (no sign, no leading zero)
  const n0 = s.length;
  if (n0 > 0 && n0 < 16 && s.charCodeAt(0) > 48 && s.charCodeAt(0) <= 57) {
    let v = 0;
    let i = 0;
    for (; i < n0; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === n0) return v < min || v > max ? null : v;
  }
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  const body = m[2];
  let v: number;
  if (/^0[xX]/.test(body)) v = Number.parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith('0')) v = Number.parseInt(body, 8);
  else v = Number.parseInt(body, 10);
  if (m[1] === '-') {
    // strtoul negates modulo 2^64: anything but -0 becomes huge and fails max.
    if (v !== 0) return null;
  }
  if (!Number.isFinite(v) || v < min || v > max) return null;
  return v;
}

export function ipToString(a: number): string {
  return `${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** __numeric_to_ipaddr: "10" and "10.1" are accepted as network prefixes. */
export function numericToIp(s: string, isMask: boolean): number | null {
  const fast = plainDotted(s);
  if (fast >= 0) return fast;
  const buf = s.slice(0, 19);
  const bytes = [0, 0, 0, 0];
  let p = buf;
  for (let i = 0; i < 3; i++) {
    const q = p.indexOf('.');
    if (q < 0) {
      if (isMask) return null;
      const b = strtoui(p, 0, 255);
      if (b === null) return null;
      bytes[i] = b;
      return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    }
    const b = strtoui(p.slice(0, q), 0, 255);
    if (b === null) return null;
    bytes[i] = b;
    p = p.slice(q + 1);
  }
  const b = strtoui(p, 0, 255);
  if (b === null) return null;
  bytes[3] = b;
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

/**
 * The common spelling, four plain decimal parts ("10.96.0.1"), without slicing;
 * -1 for anything else (the general parser then decides).
 */
function plainDotted(s: string): number {
  const n = s.length;
  if (n < 7 || n > 15) return -1;
  let a = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      a = a * 256 + part;
      part = 0;
      digits = 0;
      dots++;
      continue;
    }
    if (c < 48 || c > 57) return -1;
    // a leading zero means octal to strtoul
    if (digits > 0 && part === 0) return -1;
    part = part * 10 + (c - 48);
    digits++;
    if (part > 255) return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return (a * 256 + part) >>> 0;
}

export function prefixToMask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** Prefix length of a contiguous mask, or -1. */
export function maskToPrefix(mask: number): number {
  if (mask === 0xffffffff) return 32;
  let bits = 0xfffffffe;
  for (let i = 31; i >= 0; i--) {
    if ((mask >>> 0) === (bits >>> 0)) return i;
    bits = (bits << 1) >>> 0;
  }
  return -1;
}

function parseIpMask(mask: string | null): number {
  if (mask === null) return 0xffffffff;
  // (a mask without a dot, the usual "/32", is never a dotted one: numericToIp says null)
  const dotted = mask.indexOf('.') < 0 ? null : numericToIp(mask, true);
  if (dotted !== null) return dotted;
  const bits = strtoui(mask, 0, 32);
  if (bits === null) throw paramError(`invalid mask \`${mask}' specified`);
  return prefixToMask(bits);
}

function hostNetwork(name: string, names: NameDb): number[] {
  const n = numericToIp(name, false);
  if (n !== null) return [n];
  const net = names.networkNumber(name);
  if (net !== null) return [net >>> 0];
  // getaddrinfo accepts every inet_aton spelling (0x0a000001, 10.1.257 ...)
  const aton = inetAton(name);
  if (aton !== null) return [aton];
  const hosts = names.hostAddrs(name);
  if (hosts.length > 0) return hosts;
  throw paramError(`host/network \`${name}' not found`);
}

/**
 * inet_aton(3) as getaddrinfo uses it (__inet_aton_exact): 1 to 4 parts, each decimal, octal
 * or hex (strtoul base 0: a bare `0x` is a 0 followed by junk), nothing after the last; the
 * last part fills the rest
 */
export function inetAton(s: string): number | null {
  const parts = s.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const vals: number[] = [];
  for (const p of parts) {
    if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(p)) return null;
    const v = /^0[xX]/.test(p) ? (p.length > 2 ? Number.parseInt(p.slice(2), 16) : 0) : p.length > 1 && p.startsWith('0') ? Number.parseInt(p, 8) : Number.parseInt(p, 10);
    vals.push(v);
  }
  const last = vals[vals.length - 1];
  const lead = vals.slice(0, -1);
  if (lead.some((v) => v > 255)) return null;
  const room = 2 ** (8 * (4 - lead.length));
  if (last >= room) return null;
  let a = 0;
  for (const v of lead) a = a * 256 + v;
  return (a * room + last) >>> 0;
}

export interface AddrMask { addr: number; mask: number }

/** xtables_ipparse_multiple: "a,b/m,host" -> one entry per address (hosts may give several). */
const ANY: readonly AddrMask[] = Object.freeze([Object.freeze({ addr: 0, mask: 0 })]);

export function parseAddressList(text: string, names: NameDb): AddrMask[] {
  // the implicit 0.0.0.0/0 of every rule without -s/-d
  if (text === '0.0.0.0/0') return ANY as AddrMask[];
  if (text.length <= 255 && text.indexOf(',') < 0 && !hasBlank(text)) {
    // one item with nothing to trim: the common "-s 10.0.0.1/32"
    const slash = text.lastIndexOf('/');
    const mask = slash >= 0 ? parseIpMask(text.slice(slash + 1)) : 0xffffffff;
    const host = mask === 0 ? '0.0.0.0' : slash >= 0 ? text.slice(0, slash) : text;
    const n = numericToIp(host, false);
    if (n !== null) return [{ addr: (n & mask) >>> 0, mask }];
  }
  const out: AddrMask[] = [];
  const items = text.split(',');
  for (let item of items) {
    item = item.replace(/^[ \t\n\v\f\r]+/, '');
    if (item.length > 255) throw paramError('Hostname too long');
    // no trailing trim: getaddrinfo takes "10.0.0.1 " (inet_aton stops at a blank) but no name ends in one
    const slash = item.lastIndexOf('/');
    let host = item;
    let mask: number;
    if (slash >= 0) {
      host = item.slice(0, slash);
      mask = parseIpMask(item.slice(slash + 1));
    } else {
      mask = parseIpMask(null);
    }
    if (mask === 0) host = '0.0.0.0';
    for (const a of hostNetwork(host, names)) out.push({ addr: (a & mask) >>> 0, mask });
  }
  return out;
}

function hasBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) return true;
  }
  return false;
}

/** xtables_ipmask_to_numeric: "" for /32, "/N", or "/a.b.c.d". */
export function maskSuffix(mask: number): string {
  if (mask === 0xffffffff) return '';
  const p = maskToPrefix(mask);
  return p >= 0 ? `/${p}` : `/${ipToString(mask)}`;
}

/** xtables_ipaddr_to_anyname: host name, else network name, else dotted. */
export function ipToAnyName(a: number, names: NameDb): string {
  return names.hostName(a) ?? names.networkName(a) ?? ipToString(a);
}

/** Save form of an address: always an explicit mask. */
export function saveAddr(addr: number, mask: number): string {
  if (mask === 0xffffffff) return `${ipToString(addr)}/32`;
  const p = maskToPrefix(mask);
  return p >= 0 ? `${ipToString(addr)}/${p}` : `${ipToString(addr)}/${ipToString(mask)}`;
}
