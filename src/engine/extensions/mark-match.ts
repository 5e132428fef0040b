// libxt_mark (revision 1): match the skb mark under a mask.

import { defineMatch } from './types.ts';
import { markMask, markText } from './marks.ts';

export const mark = defineMatch<{ mark: number; mask: number; invert: boolean }>({
  kind: 'match',
  name: 'mark',
  options: [{ name: 'mark', hasArg: 1, id: 'mark', mand: true, invert: true }],
  init: () => ({ mark: 0, mask: 0xffffffff, invert: false }),
  parse(_id, arg, invert, d) {
    Object.assign(d, markMask(arg!, 'mark', 'mark'));
    d.invert = invert;
  },
  print: (d) => ` mark match${d.invert ? ' !' : ''}${markText(d.mark, d.mask)}`,
  save: (d) => `${d.invert ? ' !' : ''} --mark${markText(d.mark, d.mask)}`,
  match: (d, pkt) => ((((pkt.mark & d.mask) >>> 0) === d.mark) !== d.invert),
});
