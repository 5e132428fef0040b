// libxt_multiport (revision 1): up to 15 ports or ranges on source, destination or either.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { parsePortFor } from './helpers.ts';

export interface MultiportData {
  flags: 'sports' | 'dports' | 'ports' | null;
  /** [min, max] per item */
  items: Array<[number, number]>;
  invert: boolean;
}

const PROTO_NAMES: Readonly<Record<number, string>> = { 6: 'tcp', 17: 'udp', 136: 'udplite', 132: 'sctp', 33: 'dccp' };

function checkProto(proto: number, invProto: boolean): string {
  if (invProto) throw paramError('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
  const n = PROTO_NAMES[proto];
  if (n) return n;
  if (!proto) throw paramError("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
  throw paramError('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
}

export const multiport = defineMatch<MultiportData>({
  kind: 'match',
  name: 'multiport',
  options: [
    { name: 'source-ports', hasArg: 1, id: 'sports', invert: true, excl: ['sports', 'dports', 'ports'] },
    { name: 'sports', hasArg: 1, id: 'sports', invert: true, excl: ['sports', 'dports', 'ports'] },
    { name: 'destination-ports', hasArg: 1, id: 'dports', invert: true, excl: ['sports', 'dports', 'ports'] },
    { name: 'dports', hasArg: 1, id: 'dports', invert: true, excl: ['sports', 'dports', 'ports'] },
    { name: 'ports', hasArg: 1, id: 'ports', invert: true, excl: ['sports', 'dports', 'ports'] },
  ],
  init: () => ({ flags: null, items: [], invert: false }),
  parse(id, arg, invert, d, ctx) {
    // xtables_parse_port(name, proto): a service name is looked up for this protocol only
    const protoName = checkProto(ctx.proto, ctx.invProto);
    const port = (t: string): number => parsePortFor(t, ctx.names, protoName);
    const items: Array<[number, number]> = [];
    let slots = 0;
    const parts = arg!.split(',');
    for (let i = 0; i < parts.length; i++) {
      if (slots >= 15) throw paramError('too many ports specified');
      const colon = parts[i].indexOf(':');
      if (colon >= 0) {
        if (slots === 14) throw paramError('too many ports specified');
        const lo = port(parts[i].slice(0, colon));
        const hi = port(parts[i].slice(colon + 1));
        if (lo >= hi) throw paramError('invalid portrange specified');
        items.push([lo, hi]);
        slots += 2;
      } else {
        const p = port(parts[i]);
        items.push([p, p]);
        slots += 1;
      }
    }
    d.flags = id as MultiportData['flags'];
    d.items = items;
    if (invert) d.invert = true;
  },
  final(d) {
    if (d.flags === null) throw paramError('multiport expection an option');
  },
  print(d, ctx) {
    const proto = PROTO_NAMES[ctx.rule.proto] ?? null;
    const port = (p: number): string => (!ctx.numeric && proto ? ctx.names.serviceName(p, proto) ?? String(p) : String(p));
    let s = ` multiport ${d.flags ?? 'ERROR'} `;
    if (d.invert) s += ' !';
    s += d.items.map(([lo, hi]) => (lo === hi ? port(lo) : `${port(lo)}:${port(hi)}`)).join(',');
    return s;
  },
  save(d) {
    let s = d.invert ? ' !' : '';
    s += ` --${d.flags} `;
    s += d.items.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}:${hi}`)).join(',');
    return s;
  },
  check(_d, ctx) {
    return PROTO_NAMES[ctx.rule.proto] !== undefined && !ctx.rule.invProto;
  },
  match(d, pkt) {
    if (pkt.fragment) return false;
    const sp = pkt.sport ?? 0;
    const dp = pkt.dport ?? 0;
    const inAny = (p: number): boolean => d.items.some(([lo, hi]) => p >= lo && p <= hi);
    let hit: boolean;
    if (d.flags === 'sports') hit = inAny(sp);
    else if (d.flags === 'dports') hit = inAny(dp);
    else hit = inAny(sp) || inAny(dp);
    return hit !== d.invert;
  },
});
