// libxt_TRACE: mark the packet for nf_trace. Legacy's kernel target is raw-only;
// iptables-nft sets meta nftrace and accepts it in any table.

import { defineTarget } from './types.ts';

export const TRACE = defineTarget<Record<string, never>>({
  kind: 'target',
  name: 'TRACE',
  options: [],
  init: () => ({}),
  parse() {},
  print: () => '',
  save: () => '',
  check: (_d, ctx) => ctx.flavor === 'nft' || ctx.table === 'raw',
  apply: () => ({ verdict: 'CONTINUE' }),
});
