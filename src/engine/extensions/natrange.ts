// The "ip[-ip][:port[-port][/base]]" ranges of DNAT and SNAT (libxt_DNAT.c parse_to, print_range).

import { paramError } from '../errors.ts';
import { ipToString, numericToIp, strtoui } from '../ipv4.ts';
import type { NameDb } from '../names/namedb.ts';
import { strtouiPrefix } from './ports.ts';

export interface NatRangeData {
  minIp: number | null;
  maxIp: number | null;
  minPort: number | null;
  maxPort: number | null;
  base: number | null;
}

const PORT_PROTOS = new Set([6, 17, 132, 33, 136]);

function portOrService(s: string, names: NameDb): number | null {
  const n = strtoui(s, 0, 65535);
  if (n !== null) return n;
  return names.servicePort(s);
}

export function parseNatRange(arg: string, proto: number, names: NameDb, ext: string): NatRangeData {
  const r: NatRangeData = { minIp: null, maxIp: null, minPort: null, maxPort: null, base: null };
  const colon = arg.indexOf(':');
  const ipPart = colon >= 0 ? arg.slice(0, colon) : arg;
  if (colon >= 0) {
    if (!PORT_PROTOS.has(proto)) throw paramError('Need TCP, UDP, SCTP or DCCP with port specification');
    let ports = arg.slice(colon + 1);
    const slash = ports.indexOf('/');
    if (slash >= 0) {
      const b = portOrService(ports.slice(slash + 1), names);
      if (b === null || b === 0) throw paramError(`Port \`${ports.slice(slash + 1)}' not valid`);
      r.base = b;
      ports = ports.slice(0, slash);
    }
    const whole = portOrService(ports, names);
    if (whole !== null) {
      r.minPort = r.maxPort = whole;
    } else {
      const lo = strtouiPrefix(ports, 0, 65535);
      if (!lo) throw paramError(`Port \`${ports}' not valid`);
      if (!lo.rest.startsWith('-')) throw paramError(`Garbage after port value: \`${lo.rest}'`);
      const hi = strtoui(lo.rest.slice(1), 0, 65535);
      if (hi === null) throw paramError(`Port \`${lo.rest.slice(1)}' not valid`);
      if (hi < lo.value) throw paramError(`Port range \`${lo.rest.slice(1)}' funky`);
      r.minPort = lo.value;
      r.maxPort = hi;
    }
  }
  if (ipPart !== '') {
    const dash = ipPart.indexOf('-');
    const a = numericToIp(dash >= 0 ? ipPart.slice(0, dash) : ipPart, false);
    if (a === null || !/^\d+\.\d+\.\d+\.\d+$/.test(dash >= 0 ? ipPart.slice(0, dash) : ipPart)) throw paramError(`Bad IP address "${dash >= 0 ? ipPart.slice(0, dash) : ipPart}"`);
    r.minIp = a;
    r.maxIp = a;
    if (dash >= 0) {
      const b = numericToIp(ipPart.slice(dash + 1), false);
      if (b === null || !/^\d+\.\d+\.\d+\.\d+$/.test(ipPart.slice(dash + 1))) throw paramError(`Bad IP address "${ipPart.slice(dash + 1)}"`);
      r.maxIp = b;
    }
  }
  void ext;
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
