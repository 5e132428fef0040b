// libxt_socket (revision 3): is there a local socket for this packet?

import { defineMatch } from './types.ts';
import { HOOK_INPUT, HOOK_PREROUTING } from '../packet.ts';

export interface SocketData {
  transparent: boolean;
  nowildcard: boolean;
  restoreSkmark: boolean;
}

export const socket = defineMatch<SocketData>({
  kind: 'match',
  name: 'socket',
  options: [
    { name: 'transparent', hasArg: 0, id: 'transparent' },
    { name: 'nowildcard', hasArg: 0, id: 'nowildcard' },
    { name: 'restore-skmark', hasArg: 0, id: 'restore-skmark' },
  ],
  init: () => ({ transparent: false, nowildcard: false, restoreSkmark: false }),
  parse(id, _arg, _invert, d) {
    if (id === 'transparent') d.transparent = true;
    else if (id === 'nowildcard') d.nowildcard = true;
    else d.restoreSkmark = true;
  },
  print: (d) => ' socket' + (d.transparent ? ' --transparent' : '') + (d.nowildcard ? ' --nowildcard' : '') + (d.restoreSkmark ? ' --restore-skmark' : ''),
  save: (d) => (d.transparent ? ' --transparent' : '') + (d.nowildcard ? ' --nowildcard' : '') + (d.restoreSkmark ? ' --restore-skmark' : ''),
  check: (_d, ctx) => (ctx.hooks & ~(HOOK_PREROUTING | HOOK_INPUT)) === 0,
  match(d, pkt, ctx) {
    const r = ctx.socketLookup ? ctx.socketLookup(pkt, { nowildcard: d.nowildcard }) : null;
    if (!r || !r.found) return false;
    if (d.transparent && !r.transparent) return false;
    if (d.restoreSkmark && r.mark !== undefined) pkt.mark = r.mark >>> 0;
    return true;
  },
});
