// libxt_TPROXY (revision 1, IPv4): hand the packet to a local transparent socket
// without changing it, and mark it so policy routing delivers it locally.

import { defineTarget } from './types.ts';
import { loosePort } from './loose-port.ts';
import { parseXtHost } from './xt-host.ts';
import { hx, markMask } from './marks.ts';
import { ipToString } from '../ipv4.ts';
import { HOOK_PREROUTING } from '../packet.ts';

export interface TproxyData {
  port: number;
  ip: number;
  mark: number;
  mask: number;
}

export const TPROXY = defineTarget<TproxyData>({
  kind: 'target',
  name: 'TPROXY',
  options: [
    { name: 'on-port', hasArg: 1, id: 'on-port', mand: true },
    { name: 'on-ip', hasArg: 1, id: 'on-ip' },
    { name: 'tproxy-mark', hasArg: 1, id: 'tproxy-mark' },
  ],
  init: () => ({ port: 0, ip: 0, mark: 0, mask: 0 }),
  parse(id, arg, _invert, d, ctx) {
    const a = arg!;
    if (id === 'on-port') d.port = loosePort(a, ctx.names, 'TPROXY', 'on-port');
    else if (id === 'on-ip') {
      d.ip = parseXtHost(a, ctx.names);
    } else {
      const m = markMask(a, 'TPROXY', 'tproxy-mark');
      d.mark = m.mark;
      d.mask = m.mask;
    }
  },
  print: (d) => ` TPROXY redirect ${ipToString(d.ip)}:${d.port} mark ${hx(d.mark)}/${hx(d.mask)}`,
  save: (d) => ` --on-port ${d.port} --on-ip ${ipToString(d.ip)} --tproxy-mark ${hx(d.mark)}/${hx(d.mask)}`,
  check: (_d, ctx) => ctx.table === 'mangle' && (ctx.hooks & ~HOOK_PREROUTING) === 0 && (ctx.rule.proto === 6 || ctx.rule.proto === 17) && !ctx.rule.invProto,
  apply(d, pkt, ctx) {
    const found = ctx.tproxyLookup ? ctx.tproxyLookup(pkt, d.ip, d.port) : true;
    if (!found) return { verdict: 'DROP' };
    pkt.mark = ((pkt.mark & ~d.mask) ^ d.mark) >>> 0;
    return { verdict: 'ACCEPT', action: { type: 'TPROXY', ip: d.ip, port: d.port, mark: d.mark, mask: d.mask } };
  },
});
