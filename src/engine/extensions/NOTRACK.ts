// libxt_NOTRACK: the old spelling of CT --notrack. The kernel sees CT (so -L shows CT
// in the target column), iptables keeps the name it was given.

import { defineTarget } from './types.ts';

export const NOTRACK = defineTarget<Record<string, never>>({
  kind: 'target',
  name: 'NOTRACK',
  listName: 'CT',
  options: [],
  init: () => ({}),
  parse() {},
  print: () => ' NOTRACK',
  save: () => '',
  check: (_d, ctx) => ctx.table === 'raw',
  apply: () => ({ verdict: 'CONTINUE', action: { type: 'CT', notrack: true } }),
});
