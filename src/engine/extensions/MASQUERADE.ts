// libxt_MASQUERADE: SNAT to the address of the outgoing interface.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { parseNatPorts } from './natports.ts';
import { NAT_PORT_PROTOS } from './natrange.ts';
import { HOOK_POSTROUTING } from '../packet.ts';

export interface MasqData { ports: { min: number; max: number } | null; random: boolean; randomFully: boolean }


export const MASQUERADE = defineTarget<MasqData>({
  kind: 'target',
  name: 'MASQUERADE',
  options: [
    { name: 'to-ports', hasArg: 1, id: 'to-ports' },
    { name: 'random', hasArg: 0, id: 'random' },
    { name: 'random-fully', hasArg: 0, id: 'random-fully' },
  ],
  init: () => ({ ports: null, random: false, randomFully: false }),
  parse(id, arg, _invert, d, ctx) {
    if (id === 'random') { d.random = true; return; }
    if (id === 'random-fully') { d.randomFully = true; return; }
    if (!NAT_PORT_PROTOS.has(ctx.proto)) throw paramError('Need TCP, UDP, SCTP or DCCP with port specification');
    d.ports = parseNatPorts(arg!, ctx.names);
  },
  print(d) {
    let s = '';
    if (d.ports) s += ` masq ports: ${d.ports.min}${d.ports.max !== d.ports.min ? `-${d.ports.max}` : ''}`;
    if (d.random) s += ' random';
    if (d.randomFully) s += ' random-fully';
    return s;
  },
  save(d) {
    let s = '';
    if (d.ports) s += ` --to-ports ${d.ports.min}${d.ports.max !== d.ports.min ? `-${d.ports.max}` : ''}`;
    if (d.random) s += ' --random';
    if (d.randomFully) s += ' --random-fully';
    return s;
  },
  check: (_d, ctx) => ctx.table === 'nat' && (ctx.hooks & ~HOOK_POSTROUTING) === 0,
  apply: (d) => ({ verdict: 'ACCEPT', action: { type: 'MASQUERADE', ports: d.ports ?? undefined, random: d.random || d.randomFully } }),
});
