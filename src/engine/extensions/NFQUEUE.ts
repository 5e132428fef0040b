// libxt_NFQUEUE: hand the packet to a userspace queue. Nothing reads queues in the
// simulation, so the verdict is QUEUE and the packet layer decides what that means.

import { defineTarget } from './types.ts';
import { u32 } from './marks.ts';
import { paramError } from '../errors.ts';

export interface NfqueueData { num: number; balance: [number, number] | null; bypass: boolean; cpuFanout: boolean }

export const NFQUEUE = defineTarget<NfqueueData>({
  kind: 'target',
  name: 'NFQUEUE',
  options: [
    { name: 'queue-num', hasArg: 1, id: 'num', excl: ['balance'] },
    { name: 'queue-balance', hasArg: 1, id: 'balance', excl: ['num'] },
    { name: 'queue-bypass', hasArg: 0, id: 'bypass' },
    { name: 'queue-cpu-fanout', hasArg: 0, id: 'fanout', also: ['balance'] },
  ],
  init: () => ({ num: 0, balance: null, bypass: false, cpuFanout: false }),
  parse(id, arg, _invert, d) {
    if (id === 'num') d.num = u32(arg!, 'NFQUEUE', 'queue-num', 0, 65535);
    else if (id === 'balance') {
      const m = /^(\d+):(\d+)$/.exec(arg!);
      if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) > 65535) throw paramError(`NFQUEUE: Bad value for "--queue-balance" option: "${arg}"`);
      d.balance = [Number(m[1]), Number(m[2])];
    } else if (id === 'bypass') d.bypass = true;
    else d.cpuFanout = true;
  },
  print(d) {
    let s = d.balance ? ` NFQUEUE balance ${d.balance[0]}:${d.balance[1]}` : ` NFQUEUE num ${d.num}`;
    if (d.bypass) s += ' bypass';
    if (d.cpuFanout) s += ' cpu-fanout';
    return s;
  },
  save(d) {
    let s = d.balance ? ` --queue-balance ${d.balance[0]}:${d.balance[1]}` : ` --queue-num ${d.num}`;
    if (d.bypass) s += ' --queue-bypass';
    if (d.cpuFanout) s += ' --queue-cpu-fanout';
    return s;
  },
  apply: () => ({ verdict: 'QUEUE' }),
});
