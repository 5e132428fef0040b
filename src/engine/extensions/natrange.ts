// The "ip[-ip][:port[-port][/base]]" ranges of DNAT and SNAT (libxt_NAT.c parse_to, print_range).

import { paramError } from '../errors.ts';
import { ipToString } from '../ipv4.ts';
import type { NameDb } from '../names/namedb.ts';
import { strtouiPrefix } from './ports.ts';

export interface NatRangeData {
  minIp: number | null;
  maxIp: number | null;
  minPort: number | null;
  maxPort: number | null;
  base: number | null;
}

// __NAT_parse's portok: the protocols whose ports a NAT range may name
export const NAT_PORT_PROTOS: ReadonlySet<number> = new Set([6, 17, 132, 33, 1]);

/**
 * glibc inet_pton(AF_INET): four decimal octets, no leading zeros, nothing else. A scan
 * by hand (a restore of a big kube-proxy set sends every endpoint's DNAT through here).
 */
export function inetPton4(s: string): number | null {
  const n = s.length;
  let v = 0;
  let i = 0;
  for (let octet = 0; ; octet++) {
    const start = i;
    let o = 0;
    while (i < n && i - start < 4) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      o = o * 10 + (c - 48);
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 3 || (len > 1 && s.charCodeAt(start) === 48) || o > 255) return null;
    v = v * 256 + o;
    if (octet === 3) return i === n ? v : null;
    if (i >= n || s.charCodeAt(i) !== 46) return null;
    i++;
  }
}

/** libxt_NAT parse_ports: "port[-port[/base]]" (a prefix number, then a separator) */
function parsePorts(arg: string, proto: number, names: NameDb, r: NatRangeData): void {
  if (!NAT_PORT_PROTOS.has(proto)) throw paramError('Need TCP, UDP, SCTP or DCCP with port specification');
  let port: number;
  let end: string;
  const lo = strtouiPrefix(arg, 0, 65535);
  if (lo) {
    port = lo.value;
    end = lo.rest;
  } else {
    const svc = names.servicePort(arg);
    if (svc === null) throw paramError(`Port \`${arg}' not valid`);
    port = svc;
    end = '';
  }
  if (end === '') {
    r.minPort = r.maxPort = port;
    return;
  }
  if (end[0] === ':') throw paramError('Invalid port:port syntax - use dash');
  if (end[0] !== '-') throw paramError(`Garbage after port value: \`${end}'`);
  // a range: no service names here
  const rest = end.slice(1);
  const hi = strtouiPrefix(rest, 0, 65535);
  if (!hi) throw paramError(`Port \`${rest}' not valid`);
  if (hi.value < port) throw paramError(`Port range \`${rest}' funky`);
  r.minPort = port;
  r.maxPort = hi.value;
  if (hi.rest === '') return;
  if (hi.rest[0] !== '/') throw paramError(`Garbage after port range: \`${hi.rest}'`);
  const baseText = hi.rest.slice(1);
  const b = strtouiPrefix(baseText, 1, 65535)?.value ?? names.servicePort(baseText);
  if (b === null) throw paramError(`Port \`${baseText}' not valid`);
  r.base = b;
}

/** libxt_NAT parse_to (IPv4) */
export function parseNatRange(arg: string, proto: number, names: NameDb, ext: string): NatRangeData {
  const r: NatRangeData = { minIp: null, maxIp: null, minPort: null, maxPort: null, base: null };
  void ext;
  if (arg.includes('[')) throw paramError('Invalid address format');
  // one colon is the port part; two or more make it (an IPv6-looking) address
  let colon = arg.indexOf(':');
  if (colon >= 0 && arg.indexOf(':', colon + 1) >= 0) colon = -1;
  let ipPart = arg;
  if (colon >= 0) {
    parsePorts(arg.slice(colon + 1), proto, names, r);
    // "starts with a colon, or with [] and a colon": two characters before it count as "[]"
    if (colon === 0 || colon === 2) return r;
    ipPart = arg.slice(0, colon);
  }
  const dash = ipPart.indexOf('-');
  const first = dash >= 0 ? ipPart.slice(0, dash) : ipPart;
  const a = inetPton4(first);
  if (a === null) throw paramError(`Bad IP address "${first}"`);
  r.minIp = a;
  r.maxIp = a;
  if (dash >= 0) {
    const b = inetPton4(ipPart.slice(dash + 1));
    if (b === null) throw paramError(`Bad IP address "${ipPart.slice(dash + 1)}"`);
    r.maxIp = b;
  }
  return r;
}

export function natRangeText(r: NatRangeData): string {
  let s = '';
  if (r.minIp !== null) {
    s += ipToString(r.minIp);
    if (r.maxIp !== null && r.maxIp !== r.minIp) s += `-${ipToString(r.maxIp)}`;
  }
  if (r.minPort !== null) {
    s += `:${r.minPort}`;
    if (r.maxPort !== r.minPort) s += `-${r.maxPort}`;
    if (r.base !== null) s += `/${r.base}`;
  }
  return s;
}
