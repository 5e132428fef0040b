// libxt_TCPMSS: rewrite the MSS option of TCP SYN packets, to a fixed value or to the
// path MTU (stored as mss 0xffff).

import { paramError } from '../errors.ts';
import { HOOK_FORWARD, HOOK_OUTPUT, HOOK_POSTROUTING } from '../packet.ts';
import { u32 } from './marks.ts';
import { defineTarget } from './types.ts';

const CLAMP_PMTU = 0xffff;

export interface TcpmssData {
  mss: number;
}

export const TCPMSS = defineTarget<TcpmssData>({
  kind: 'target',
  name: 'TCPMSS',
  options: [
    { name: 'set-mss', hasArg: 1, id: 'set-mss' },
    { name: 'clamp-mss-to-pmtu', hasArg: 0, id: 'clamp' },
  ],
  init: () => ({ mss: 0 }),
  parse(id, arg, _invert, d) {
    d.mss = id === 'clamp' ? CLAMP_PMTU : u32(arg!, 'TCPMSS', 'set-mss', 0, 0xffff - 20);
  },
  final(_d, _ctx, seen) {
    if (seen.size === 0) throw paramError('TCPMSS target: At least one parameter is required');
  },
  print: (d) => (d.mss === CLAMP_PMTU ? ' TCPMSS clamp to PMTU' : ` TCPMSS set ${d.mss}`),
  save: (d) => (d.mss === CLAMP_PMTU ? ' --clamp-mss-to-pmtu' : ` --set-mss ${d.mss}`),
  check(d, ctx) {
    // the target is registered for -p tcp only; clamping needs a route, so only after routing
    if (ctx.rule.proto !== 6 || ctx.rule.invProto) return false;
    if (d.mss === CLAMP_PMTU && (ctx.hooks & ~(HOOK_FORWARD | HOOK_OUTPUT | HOOK_POSTROUTING)) !== 0) return false;
    // "Only works on TCP SYN packets": ip_tables wants a tcp match on SYN; nft_compat skips this
    return ctx.flavor === 'nft' || ctx.rule.synMatch === true;
  },
  // MSS rewriting is not modelled: the packet goes on
  apply: () => ({ verdict: 'CONTINUE' }),
});
