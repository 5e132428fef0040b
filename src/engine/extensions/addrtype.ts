// libxt_addrtype (revision 1): the route type of the source/destination address.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { HOOK_INPUT, HOOK_OUTPUT, HOOK_POSTROUTING, HOOK_PREROUTING, type AddrType } from '../packet.ts';

const TYPES: readonly AddrType[] = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];

export interface AddrtypeData {
  src: number;
  dst: number;
  invSrc: boolean;
  invDst: boolean;
  limitIn: boolean;
  limitOut: boolean;
}

/**
 * parse_types: each comma-separated word names the first type it is a case-insensitive prefix
 * of (strncasecmp over the word's length: `x` is XRESOLVE, `u` UNSPEC); a bad word before a
 * comma is quoted `so' with the rest of the list, the last one "so"
 */
function parseTypes(arg: string): number {
  let mask = 0;
  let rest = arg;
  for (;;) {
    const comma = rest.indexOf(',');
    const w = comma < 0 ? rest : rest.slice(0, comma);
    const lw = w.toLowerCase();
    const i = w === '' ? -1 : TYPES.findIndex((t) => t.toLowerCase().startsWith(lw));
    if (i < 0) throw paramError(comma < 0 ? `addrtype: bad type "${rest}"` : `addrtype: bad type \`${rest}'`);
    mask |= 1 << i;
    if (comma < 0) return mask;
    rest = rest.slice(comma + 1);
  }
}

function typesText(mask: number): string {
  return TYPES.filter((_, i) => mask & (1 << i)).join(',');
}

export const addrtype = defineMatch<AddrtypeData>({
  kind: 'match',
  name: 'addrtype',
  options: [
    { name: 'src-type', hasArg: 1, id: 'src', invert: true },
    { name: 'dst-type', hasArg: 1, id: 'dst', invert: true },
    { name: 'limit-iface-in', hasArg: 0, id: 'in', excl: ['out'] },
    { name: 'limit-iface-out', hasArg: 0, id: 'out', excl: ['in'] },
  ],
  init: () => ({ src: 0, dst: 0, invSrc: false, invDst: false, limitIn: false, limitOut: false }),
  parse(id, arg, invert, d) {
    switch (id) {
      case 'src': d.src = parseTypes(arg!); d.invSrc = invert; break;
      case 'dst': d.dst = parseTypes(arg!); d.invDst = invert; break;
      case 'in': d.limitIn = true; break;
      case 'out': d.limitOut = true; break;
    }
  },
  final(_d, _ctx, seen) {
    if (!seen.has('src') && !seen.has('dst')) throw paramError('addrtype: you must specify --src-type or --dst-type');
  },
  print(d) {
    let s = ' ADDRTYPE match';
    if (d.src) s += ` src-type ${d.invSrc ? '!' : ''}${typesText(d.src)}`;
    if (d.dst) s += ` dst-type ${d.invDst ? '!' : ''}${typesText(d.dst)}`;
    if (d.limitIn) s += ' limit-in';
    if (d.limitOut) s += ' limit-out';
    return s;
  },
  save(d) {
    let s = '';
    if (d.src) s += `${d.invSrc ? ' !' : ''} --src-type ${typesText(d.src)}`;
    if (d.dst) s += `${d.invDst ? ' !' : ''} --dst-type ${typesText(d.dst)}`;
    if (d.limitIn) s += ' --limit-iface-in';
    if (d.limitOut) s += ' --limit-iface-out';
    return s;
  },
  check(d, ctx) {
    if (d.limitIn && (ctx.hooks & (HOOK_OUTPUT | HOOK_POSTROUTING))) return false;
    // addrtype_mt_checkentry_v1: FORWARD has both interfaces, so either limit is fine there
    if (d.limitOut && (ctx.hooks & (HOOK_PREROUTING | HOOK_INPUT))) return false;
    return true;
  },
  match(d, pkt, ctx) {
    const lookup = (addr: number, iface?: string): number => {
      const t = ctx.addrType ? ctx.addrType(addr, iface) : 'UNICAST';
      return 1 << TYPES.indexOf(t);
    };
    const iface = d.limitIn ? pkt.iif : d.limitOut ? pkt.oif : undefined;
    if (d.src && ((lookup(pkt.src, iface) & d.src) !== 0) === d.invSrc) return false;
    if (d.dst && ((lookup(pkt.dst, iface) & d.dst) !== 0) === d.invDst) return false;
    return true;
  },
});
