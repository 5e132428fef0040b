// libxt_DNAT (revision 2): rewrite the destination of a new connection.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { natRangeText, parseNatRange, type NatRangeData } from './natrange.ts';
import { HOOK_OUTPUT, HOOK_PREROUTING } from '../packet.ts';

export interface DnatData { range: NatRangeData | null; random: boolean; persistent: boolean }

export const DNAT = defineTarget<DnatData>({
  kind: 'target',
  name: 'DNAT',
  options: [
    { name: 'to-destination', hasArg: 1, id: 'to' },
    { name: 'random', hasArg: 0, id: 'random' },
    { name: 'persistent', hasArg: 0, id: 'persistent' },
  ],
  init: () => ({ range: null, random: false, persistent: false }),
  parse(id, arg, _invert, d, ctx) {
    if (id === 'to') d.range = parseNatRange(arg!, ctx.proto, ctx.names, 'DNAT');
    else if (id === 'random') d.random = true;
    else d.persistent = true;
  },
  final(d) {
    if (!d.range) throw paramError('DNAT: option "--to-destination" must be specified\n');
  },
  print: (d) => ` to:${d.range ? natRangeText(d.range) : ''}${d.random ? ' random' : ''}${d.persistent ? ' persistent' : ''}`,
  save: (d) => ` --to-destination ${d.range ? natRangeText(d.range) : ''}${d.random ? ' --random' : ''}${d.persistent ? ' --persistent' : ''}`,
  check: (_d, ctx) => ctx.table === 'nat' && (ctx.hooks & ~(HOOK_PREROUTING | HOOK_OUTPUT)) === 0,
  apply(d) {
    const r = d.range!;
    return {
      verdict: 'ACCEPT',
      action: { type: 'DNAT', range: { minIp: r.minIp ?? undefined, maxIp: r.maxIp ?? undefined, minPort: r.minPort ?? undefined, maxPort: r.maxPort ?? undefined, random: d.random, persistent: d.persistent } },
    };
  },
});
