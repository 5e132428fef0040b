// libxt_MARK (revision 2): set/and/or/xor the skb mark; saved as --set-xmark.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { hx, markMask, u32 } from './marks.ts';

const ALL = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark'];

export const MARK = defineTarget<{ mark: number; mask: number }>({
  kind: 'target',
  name: 'MARK',
  options: ALL.map((n) => ({ name: n, hasArg: 1 as const, id: n, excl: ALL })),
  init: () => ({ mark: 0, mask: 0 }),
  parse(id, arg, _invert, d) {
    switch (id) {
      case 'set-xmark': Object.assign(d, markMask(arg!, 'MARK', id)); break;
      case 'set-mark': {
        const v = markMask(arg!, 'MARK', id);
        d.mark = v.mark;
        d.mask = (v.mark | v.mask) >>> 0;
        break;
      }
      case 'and-mark': d.mark = 0; d.mask = ~u32(arg!, 'MARK', id) >>> 0; break;
      case 'or-mark': d.mark = d.mask = u32(arg!, 'MARK', id); break;
      case 'xor-mark': d.mark = u32(arg!, 'MARK', id); d.mask = 0; break;
    }
  },
  final(_d, _ctx, seen) {
    if (!ALL.some((o) => seen.has(o))) throw paramError('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
  },
  print(d) {
    if (d.mark === 0) return ` MARK and ${hx(~d.mask)}`;
    if (d.mark === d.mask) return ` MARK or ${hx(d.mark)}`;
    if (d.mask === 0) return ` MARK xor ${hx(d.mark)}`;
    if (d.mask === 0xffffffff) return ` MARK set ${hx(d.mark)}`;
    return ` MARK xset ${hx(d.mark)}/${hx(d.mask)}`;
  },
  save: (d) => ` --set-xmark ${hx(d.mark)}/${hx(d.mask)}`,
  apply(d, pkt) {
    pkt.mark = ((pkt.mark & ~d.mask) ^ d.mark) >>> 0;
    return { verdict: 'CONTINUE', action: { type: 'MARK', mark: pkt.mark } };
  },
});

