// libxt_CONNMARK (revision 1): set the conntrack mark, or copy it to/from the skb mark.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { hx, markMask, u32 } from './marks.ts';

const OPS = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark', 'save-mark', 'restore-mark'];

export interface ConnmarkTgData {
  mode: 'set' | 'save' | 'restore' | null;
  ctmark: number;
  ctmask: number;
  nfmask: number;
}

export const CONNMARK = defineTarget<ConnmarkTgData>({
  kind: 'target',
  name: 'CONNMARK',
  options: [
    ...OPS.map((n) => ({ name: n, hasArg: (n.endsWith('-mark') && (n === 'save-mark' || n === 'restore-mark') ? 0 : 1) as 0 | 1, id: n, excl: OPS })),
    { name: 'ctmask', hasArg: 1, id: 'ctmask', excl: ['mask'] },
    { name: 'nfmask', hasArg: 1, id: 'nfmask', excl: ['mask'] },
    { name: 'mask', hasArg: 1, id: 'mask', excl: ['ctmask', 'nfmask'] },
  ],
  init: () => ({ mode: null, ctmark: 0, ctmask: 0xffffffff, nfmask: 0xffffffff }),
  parse(id, arg, _invert, d) {
    switch (id) {
      case 'set-xmark': {
        const v = markMask(arg!, 'CONNMARK', id);
        d.mode = 'set'; d.ctmark = v.mark; d.ctmask = v.mask;
        break;
      }
      case 'set-mark': {
        const v = markMask(arg!, 'CONNMARK', id);
        d.mode = 'set'; d.ctmark = v.mark; d.ctmask = (v.mark | v.mask) >>> 0;
        break;
      }
      case 'and-mark': d.mode = 'set'; d.ctmark = 0; d.ctmask = ~u32(arg!, 'CONNMARK', id) >>> 0; break;
      case 'or-mark': d.mode = 'set'; d.ctmark = d.ctmask = u32(arg!, 'CONNMARK', id); break;
      case 'xor-mark': d.mode = 'set'; d.ctmark = u32(arg!, 'CONNMARK', id); d.ctmask = 0; break;
      case 'save-mark': d.mode = 'save'; break;
      case 'restore-mark': d.mode = 'restore'; break;
      case 'ctmask': d.ctmask = u32(arg!, 'CONNMARK', id); break;
      case 'nfmask': d.nfmask = u32(arg!, 'CONNMARK', id); break;
      case 'mask': d.nfmask = d.ctmask = u32(arg!, 'CONNMARK', id); break;
    }
  },
  final(d) {
    if (d.mode === null) throw paramError('CONNMARK target: No operation specified');
  },
  print(d) {
    switch (d.mode) {
      case 'set':
        if (d.ctmark === 0) return ` CONNMARK and ${hx(~d.ctmask)}`;
        if (d.ctmark === d.ctmask) return ` CONNMARK or ${hx(d.ctmark)}`;
        if (d.ctmask === 0) return ` CONNMARK xor ${hx(d.ctmark)}`;
        if (d.ctmask === 0xffffffff) return ` CONNMARK set ${hx(d.ctmark)}`;
        return ` CONNMARK xset ${hx(d.ctmark)}/${hx(d.ctmask)}`;
      case 'save':
        if (d.nfmask === 0xffffffff && d.ctmask === 0xffffffff) return ' CONNMARK save';
        if (d.nfmask === d.ctmask) return ` CONNMARK save mask ${hx(d.nfmask)}`;
        return ` CONNMARK save nfmask ${hx(d.nfmask)} ctmask ~${hx(d.ctmask)}`;
      case 'restore':
        if (d.ctmask === 0xffffffff && d.nfmask === 0xffffffff) return ' CONNMARK restore';
        if (d.ctmask === d.nfmask) return ` CONNMARK restore mask ${hx(d.ctmask)}`;
        return ` CONNMARK restore ctmask ${hx(d.ctmask)} nfmask ~${hx(d.nfmask)}`;
      default:
        return ' ERROR: UNKNOWN CONNMARK MODE';
    }
  },
  save(d) {
    switch (d.mode) {
      case 'set': return ` --set-xmark ${hx(d.ctmark)}/${hx(d.ctmask)}`;
      case 'save': return ` --save-mark --nfmask ${hx(d.nfmask)} --ctmask ${hx(d.ctmask)}`;
      case 'restore': return ` --restore-mark --nfmask ${hx(d.nfmask)} --ctmask ${hx(d.ctmask)}`;
      default: return '';
    }
  },
  apply(d, pkt) {
    const ct = pkt.ct;
    if (!ct) return { verdict: 'CONTINUE' };
    switch (d.mode) {
      case 'set':
        ct.mark = ((ct.mark & ~d.ctmask) ^ d.ctmark) >>> 0;
        break;
      case 'save':
        ct.mark = ((ct.mark & ~d.ctmask) ^ (pkt.mark & d.nfmask)) >>> 0;
        break;
      case 'restore':
        pkt.mark = ((pkt.mark & ~d.nfmask) ^ (ct.mark & d.ctmask)) >>> 0;
        break;
    }
    return { verdict: 'CONTINUE', action: { type: 'CONNMARK', ctmark: ct.mark, mark: pkt.mark } };
  },
});
