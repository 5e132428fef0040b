// libxt_CHECKSUM: fill in the checksum of a packet that lacks one (mangle table only).

import { defineTarget } from './types.ts';

export interface ChecksumData {
  fill: boolean;
}

export const CHECKSUM = defineTarget<ChecksumData>({
  kind: 'target',
  name: 'CHECKSUM',
  options: [{ name: 'checksum-fill', hasArg: 0, id: 'fill', mand: true }],
  init: () => ({ fill: false }),
  parse(_id, _arg, _invert, d) {
    d.fill = true;
  },
  print: (d) => ` CHECKSUM${d.fill ? ' fill' : ''}`,
  save: (d) => (d.fill ? ' --checksum-fill' : ''),
  // xt_CHECKSUM registers for the mangle table only
  check: (_d, ctx) => ctx.table === 'mangle',
  // checksums are not modelled: the packet goes on unchanged
  apply: () => ({ verdict: 'CONTINUE' }),
});
