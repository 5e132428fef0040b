// libipt_REJECT: drop and answer with an ICMP error or a TCP reset.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { HOOK_FORWARD, HOOK_INPUT, HOOK_OUTPUT } from '../packet.ts';

const TYPES: ReadonlyArray<[string, string]> = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];

export const REJECT = defineTarget<{ with: string }>({
  kind: 'target',
  name: 'REJECT',
  options: [{ name: 'reject-with', hasArg: 1, id: 'with' }],
  init: () => ({ with: 'icmp-port-unreachable' }),
  parse(_id, arg, _invert, d, ctx) {
    // strncasecmp(name, arg, strlen(arg)): any case, and any prefix of a name or alias (first in table order)
    const a = arg!.toLowerCase();
    const t = TYPES.find(([n, alias]) => n.startsWith(a) || alias.startsWith(a));
    if (!t) {
      // the type 2.4 dropped is named before the error
      if ('echo-reply'.startsWith(a) || 'echoreply'.startsWith(a)) ctx.warn('--reject-with echo-reply no longer supported\n');
      throw paramError(`unknown reject type "${arg}"`);
    }
    d.with = t[0];
  },
  print: (d) => ` reject-with ${d.with}`,
  save: (d) => ` --reject-with ${d.with}`,
  check(d, ctx) {
    if (ctx.table !== 'filter' || (ctx.hooks & ~(HOOK_INPUT | HOOK_FORWARD | HOOK_OUTPUT)) !== 0) return false;
    if (d.with === 'tcp-reset' && (ctx.rule.proto !== 6 || ctx.rule.invProto)) return false;
    return true;
  },
  apply: (d) => ({ verdict: 'DROP', action: { type: 'REJECT', with: d.with } }),
});
