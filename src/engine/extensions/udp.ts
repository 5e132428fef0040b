// libxt_udp: --sport/--dport ranges (XTTYPE_PORTRC, unlike libxt_tcp's own parser).

import { defineMatch } from './types.ts';
import { looseRange } from './loose-port.ts';
import { PORT_OPTIONS_X6, printPorts, savePorts } from './tcp.ts';

export interface UdpData {
  spts: [number, number];
  dpts: [number, number];
  invSrc: boolean;
  invDst: boolean;
}

/** the default range, shared: ranges are replaced, never changed in place */
const ANY_PORT: [number, number] = [0, 0xffff];

export const udp = defineMatch<UdpData>({
  kind: 'match',
  name: 'udp',
  proto: 17,
  options: [
    ...PORT_OPTIONS_X6,
  ],
  init: () => ({ spts: ANY_PORT, dpts: ANY_PORT, invSrc: false, invDst: false }),
  parse(id, arg, invert, d, ctx) {
    if (id === 'sport') {
      d.spts = looseRange(arg!, ctx.names, 'udp', 'source-port');
      d.invSrc = invert;
    } else {
      d.dpts = looseRange(arg!, ctx.names, 'udp', 'destination-port');
      d.invDst = invert;
    }
  },
  print(d, ctx) {
    return ' udp' + printPorts('spt', d.spts[0], d.spts[1], d.invSrc, ctx.numeric, ctx.names, 'udp')
      + printPorts('dpt', d.dpts[0], d.dpts[1], d.invDst, ctx.numeric, ctx.names, 'udp');
  },
  save(d) {
    return savePorts('sport', d.spts, d.invSrc) + savePorts('dport', d.dpts, d.invDst);
  },
  match(d, pkt) {
    if (pkt.fragment) return false;
    const sp = pkt.sport ?? 0;
    const dp = pkt.dport ?? 0;
    if ((sp >= d.spts[0] && sp <= d.spts[1]) === d.invSrc) return false;
    if ((dp >= d.dpts[0] && dp <= d.dpts[1]) === d.invDst) return false;
    return true;
  },
});
