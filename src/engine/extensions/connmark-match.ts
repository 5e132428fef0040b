// libxt_connmark (revision 1): match the conntrack mark under a mask.

import { defineMatch } from './types.ts';
import { markMask, markText } from './marks.ts';

export const connmark = defineMatch<{ mark: number; mask: number; invert: boolean }>({
  kind: 'match',
  name: 'connmark',
  options: [{ name: 'mark', hasArg: 1, id: 'mark', mand: true, invert: true }],
  init: () => ({ mark: 0, mask: 0xffffffff, invert: false }),
  parse(_id, arg, invert, d) {
    Object.assign(d, markMask(arg!, 'connmark', 'mark'));
    d.invert = invert;
  },
  print: (d) => ` connmark match ${d.invert ? '!' : ''}${markText(d.mark, d.mask)}`,
  save: (d) => `${d.invert ? ' !' : ''} --mark${markText(d.mark, d.mask)}`,
  match: (d, pkt) => {
    if (!pkt.ct) return false;
    return (((pkt.ct.mark & d.mask) >>> 0) === d.mark) !== d.invert;
  },
});
