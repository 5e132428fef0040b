// libxt_iprange (revision 1): source/destination address within an inclusive range.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { ipToString, numericToIp } from '../ipv4.ts';

export interface IprangeData {
  src: [number, number] | null;
  dst: [number, number] | null;
  invSrc: boolean;
  invDst: boolean;
}

function parseRange(arg: string, opt: string): [number, number] {
  const dash = arg.indexOf('-');
  const lo = dash >= 0 ? arg.slice(0, dash) : arg;
  const a = numericToIp(lo, false);
  if (a === null) throw paramError(`iprange: Bad value for "--${opt}" option: "${lo}"`);
  if (dash < 0) return [a, a];
  const b = numericToIp(arg.slice(dash + 1), false);
  if (b === null) throw paramError(`iprange: Bad value for "--${opt}" option: "${arg.slice(dash + 1)}"`);
  return [a, b];
}

export const iprange = defineMatch<IprangeData>({
  kind: 'match',
  name: 'iprange',
  options: [
    { name: 'src-range', hasArg: 1, id: 'src', invert: true },
    { name: 'dst-range', hasArg: 1, id: 'dst', invert: true },
  ],
  init: () => ({ src: null, dst: null, invSrc: false, invDst: false }),
  parse(id, arg, invert, d, ctx) {
    const r = parseRange(arg!, id === 'src' ? 'src-range' : 'dst-range');
    if (r[0] > r[1]) ctx.warn(`xt_iprange: range ${ipToString(r[0])}-${ipToString(r[1])} is reversed and will never match\n`);
    if (id === 'src') { d.src = r; d.invSrc = invert; }
    else { d.dst = r; d.invDst = invert; }
  },
  final(_d, _ctx, seen) {
    if (seen.size === 0) throw paramError("iprange match: You must specify `--src-range' or `--dst-range'");
  },
  print(d) {
    let s = '';
    if (d.src) s += ` source IP range${d.invSrc ? ' !' : ''} ${ipToString(d.src[0])}-${ipToString(d.src[1])}`;
    if (d.dst) s += ` destination IP range${d.invDst ? ' !' : ''} ${ipToString(d.dst[0])}-${ipToString(d.dst[1])}`;
    return s;
  },
  save(d) {
    let s = '';
    if (d.src) s += `${d.invSrc ? ' !' : ''} --src-range ${ipToString(d.src[0])}-${ipToString(d.src[1])}`;
    if (d.dst) s += `${d.invDst ? ' !' : ''} --dst-range ${ipToString(d.dst[0])}-${ipToString(d.dst[1])}`;
    return s;
  },
  match(d, pkt) {
    if (d.src && (pkt.src >= d.src[0] && pkt.src <= d.src[1]) === d.invSrc) return false;
    if (d.dst && (pkt.dst >= d.dst[0] && pkt.dst <= d.dst[1]) === d.invDst) return false;
    return true;
  },
});
