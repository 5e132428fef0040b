// libipt_ttl: compare the IPv4 time-to-live with a value (==, !=, <, >).

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { u32 } from './marks.ts';

export interface TtlData { mode: 'eq' | 'ne' | 'lt' | 'gt'; ttl: number }

const ANY = ['eq', 'lt', 'gt'];
const LIST = { eq: '==', ne: '!=', lt: '<', gt: '>' } as const;

export const ttl = defineMatch<TtlData>({
  kind: 'match',
  name: 'ttl',
  options: [
    { name: 'ttl-lt', hasArg: 1, id: 'lt', excl: ANY },
    { name: 'ttl-gt', hasArg: 1, id: 'gt', excl: ANY },
    { name: 'ttl-eq', hasArg: 1, id: 'eq', excl: ANY, invert: true },
    { name: 'ttl', hasArg: 1, id: 'eq', excl: ANY },
  ],
  init: () => ({ mode: 'eq', ttl: 0 }),
  parse(id, arg, invert, d) {
    d.ttl = u32(arg!, 'ttl', `ttl-${id}`, 0, 255);
    d.mode = id === 'eq' && invert ? 'ne' : (id as TtlData['mode']);
  },
  final(_d, _ctx, seen) {
    if (!seen.has('eq') && !seen.has('lt') && !seen.has('gt')) {
      throw paramError("TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt");
    }
  },
  print: (d) => ` TTL match TTL ${LIST[d.mode]} ${d.ttl}`,
  save: (d) => `${d.mode === 'ne' ? ' ! --ttl-eq' : ` --ttl-${d.mode}`} ${d.ttl}`,
  match(d, pkt) {
    // packets that do not say carry a fresh Linux TTL
    const t = (pkt as { ttl?: number }).ttl ?? 64;
    if (d.mode === 'eq') return t === d.ttl;
    if (d.mode === 'ne') return t !== d.ttl;
    if (d.mode === 'lt') return t < d.ttl;
    return t > d.ttl;
  },
});
