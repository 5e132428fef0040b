// libxt_SNAT: rewrite the source of a new connection.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { natRangeText, parseNatRange, type NatRangeData } from './natrange.ts';
import { HOOK_INPUT, HOOK_POSTROUTING } from '../packet.ts';

export interface SnatData { range: NatRangeData | null; random: boolean; randomFully: boolean; persistent: boolean }

export const SNAT = defineTarget<SnatData>({
  kind: 'target',
  name: 'SNAT',
  options: [
    { name: 'to-source', hasArg: 1, id: 'to' },
    { name: 'random', hasArg: 0, id: 'random' },
    { name: 'random-fully', hasArg: 0, id: 'random-fully' },
    { name: 'persistent', hasArg: 0, id: 'persistent' },
  ],
  init: () => ({ range: null, random: false, randomFully: false, persistent: false }),
  parse(id, arg, _invert, d, ctx) {
    if (id === 'to') d.range = parseNatRange(arg!, ctx.proto, ctx.names, 'SNAT');
    else if (id === 'random') d.random = true;
    else if (id === 'random-fully') d.randomFully = true;
    else d.persistent = true;
  },
  final(d) {
    if (!d.range) throw paramError('SNAT: option "--to-source" must be specified\n');
  },
  print: (d) => ` to:${d.range ? natRangeText(d.range) : ''}${d.random ? ' random' : ''}${d.randomFully ? ' random-fully' : ''}${d.persistent ? ' persistent' : ''}`,
  save: (d) => ` --to-source ${d.range ? natRangeText(d.range) : ''}${d.random ? ' --random' : ''}${d.randomFully ? ' --random-fully' : ''}${d.persistent ? ' --persistent' : ''}`,
  check: (_d, ctx) => ctx.table === 'nat' && (ctx.hooks & ~(HOOK_POSTROUTING | HOOK_INPUT)) === 0,
  apply(d) {
    const r = d.range!;
    return {
      verdict: 'ACCEPT',
      action: { type: 'SNAT', range: { minIp: r.minIp ?? undefined, maxIp: r.maxIp ?? undefined, minPort: r.minPort ?? undefined, maxPort: r.maxPort ?? undefined, random: d.random || d.randomFully, persistent: d.persistent } },
    };
  },
});
