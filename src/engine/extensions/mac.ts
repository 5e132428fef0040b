// libxt_mac: the source MAC address of an incoming frame.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { HOOK_FORWARD, HOOK_INPUT, HOOK_PREROUTING } from '../packet.ts';

export interface MacData { mac: number[]; invert: boolean }

function macText(m: readonly number[]): string {
  return m.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export const mac = defineMatch<MacData>({
  kind: 'match',
  name: 'mac',
  options: [{ name: 'mac-source', hasArg: 1, id: 'mac', mand: true, invert: true }],
  init: () => ({ mac: [0, 0, 0, 0, 0, 0], invert: false }),
  parse(_id, arg, invert, d) {
    const parts = arg!.split(':');
    if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) throw paramError('Invalid MAC address specified.');
    d.mac = parts.map((p) => Number.parseInt(p, 16));
    d.invert = invert;
  },
  print: (d) => ` MAC${d.invert ? ' !' : ''} ${macText(d.mac)}`,
  save: (d) => `${d.invert ? ' !' : ''} --mac-source ${macText(d.mac)}`,
  check: (_d, ctx) => (ctx.hooks & ~(HOOK_PREROUTING | HOOK_INPUT | HOOK_FORWARD)) === 0,
  match(d, pkt) {
    // xt_mac.c: a packet that came in no Ethernet frame (loopback) matches neither way;
    // the inversion applies only to a compared address
    if (pkt.srcMac === undefined) return false;
    return (pkt.srcMac.toLowerCase() === macText(d.mac)) !== d.invert;
  },
});
