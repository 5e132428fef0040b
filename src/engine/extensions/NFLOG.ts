// libxt_NFLOG: hand the packet to nfnetlink_log (group, prefix, copy size, queue threshold).
// iptables-nft turns it into a native log expression: no 63-byte prefix cut, and the
// never-working --nflog-range is not kept.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { u32 } from './marks.ts';
import { saveString } from './helpers.ts';

export interface NflogData { group: number; prefix: string; size: number | null; range: number; threshold: number }

function text(d: NflogData, dashes: string): string {
  let s = '';
  if (d.prefix !== '') s += ` ${dashes}nflog-prefix ${saveString(d.prefix)}`;
  if (d.group) s += ` ${dashes}nflog-group ${d.group}`;
  if (d.size !== null) s += ` ${dashes}nflog-size ${d.size}`;
  else if (d.range) s += ` ${dashes}nflog-range ${d.range}`;
  if (d.threshold) s += ` ${dashes}nflog-threshold ${d.threshold}`;
  return s;
}

export const NFLOG = defineTarget<NflogData>({
  kind: 'target',
  name: 'NFLOG',
  options: [
    { name: 'nflog-group', hasArg: 1, id: 'group' },
    { name: 'nflog-prefix', hasArg: 1, id: 'prefix' },
    { name: 'nflog-range', hasArg: 1, id: 'range', excl: ['size'] },
    { name: 'nflog-size', hasArg: 1, id: 'size', excl: ['range'] },
    { name: 'nflog-threshold', hasArg: 1, id: 'threshold' },
  ],
  init: () => ({ group: 0, prefix: '', size: null, range: 0, threshold: 0 }),
  parse(id, arg, _invert, d, ctx) {
    const a = arg!;
    switch (id) {
      case 'group': d.group = u32(a, 'NFLOG', 'nflog-group', 0, 65535); break;
      case 'prefix':
        if (a.length < 1) throw paramError('Argument must have a minimum length of 1 characters\n');
        if (a.includes('\n')) throw paramError('Newlines not allowed in --log-prefix');
        d.prefix = ctx.flavor === 'legacy' ? a.slice(0, 63) : a;
        break;
      case 'range':
        // nft's log expression has nowhere to keep it
        d.range = ctx.flavor === 'legacy' ? u32(a, 'NFLOG', 'nflog-range') : (u32(a, 'NFLOG', 'nflog-range'), 0);
        ctx.warn('warn: --nflog-range has never worked and is no longer supported, please use --nflog-size instead\n');
        break;
      case 'size': d.size = u32(a, 'NFLOG', 'nflog-size'); break;
      case 'threshold': d.threshold = u32(a, 'NFLOG', 'nflog-threshold', 0, 65535); break;
    }
  },
  print: (d) => text(d, ''),
  save: (d) => text(d, '--'),
  apply: () => ({ verdict: 'CONTINUE' }),
});
