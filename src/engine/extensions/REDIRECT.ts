// libxt_REDIRECT: nat the destination to the local address of the incoming
// interface (or 127.0.0.1 for locally generated packets), optionally to other ports.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { parseNatPorts } from './natports.ts';
import { HOOK_OUTPUT, HOOK_PREROUTING } from '../packet.ts';

export interface RedirectData {
  ports: { min: number; max: number; base?: number } | null;
  random: boolean;
}

const PORT_PROTOS = new Set([6, 17, 132, 33, 1]);

export const REDIRECT = defineTarget<RedirectData>({
  kind: 'target',
  name: 'REDIRECT',
  options: [
    { name: 'to-ports', hasArg: 1, id: 'to-ports' },
    { name: 'random', hasArg: 0, id: 'random' },
  ],
  init: () => ({ ports: null, random: false }),
  parse(id, arg, _invert, d, ctx) {
    if (id === 'random') {
      d.random = true;
      return;
    }
    if (!PORT_PROTOS.has(ctx.proto)) throw paramError('Need TCP, UDP, SCTP or DCCP with port specification');
    d.ports = parseNatPorts(arg!, ctx.names, true);
  },
  final(d) {
    // REDIRECT only has revision 0 in the kernel: no room for a shifted port map
    if (d.ports?.base !== undefined) throw paramError('Shifted portmap ranges not supported with this kernel');
  },
  print(d) {
    let s = '';
    if (d.ports) s += ` redir ports ${d.ports.min}${d.ports.max !== d.ports.min ? `-${d.ports.max}` : ''}`;
    if (d.random) s += ' random';
    return s;
  },
  save(d) {
    let s = '';
    if (d.ports) s += ` --to-ports ${d.ports.min}${d.ports.max !== d.ports.min ? `-${d.ports.max}` : ''}`;
    if (d.random) s += ' --random';
    return s;
  },
  check(_d, ctx) {
    return ctx.table === 'nat' && (ctx.hooks & ~(HOOK_PREROUTING | HOOK_OUTPUT)) === 0;
  },
  apply(d) {
    return { verdict: 'ACCEPT', action: { type: 'REDIRECT', ports: d.ports ?? undefined, random: d.random } };
  },
});
