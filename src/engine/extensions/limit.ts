// libxt_limit: a token bucket, --limit N/unit with --limit-burst.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { u32 } from './marks.ts';

const SCALE = 10000;
const RATES: ReadonlyArray<[string, number]> = [['day', SCALE * 86400], ['hour', SCALE * 3600], ['min', SCALE * 60], ['sec', SCALE]];

export interface LimitData {
  avg: number;
  burst: number;
  /** bucket state for packet matching */
  credit: number;
  lastMs: number | null;
}

function parseRate(rate: string): number | null {
  const slash = rate.indexOf('/');
  let mult = 1;
  if (slash >= 0) {
    const unit = rate.slice(slash + 1).toLowerCase();
    if (unit.length === 0) return null;
    if ('second'.startsWith(unit)) mult = 1;
    else if ('minute'.startsWith(unit)) mult = 60;
    else if ('hour'.startsWith(unit)) mult = 3600;
    else if ('day'.startsWith(unit)) mult = 86400;
    else return null;
  }
  // r = atoi(rate) stored in a uint32_t: strtol's clamped long, cut to 32 bits, and the
  // division is unsigned (so "-4" is a huge rate: "too fast")
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(rate);
  let v = m ? BigInt(m[1]) : 0n;
  if (v > 0x7fffffffffffffffn) v = 0x7fffffffffffffffn;
  if (v < -0x8000000000000000n) v = -0x8000000000000000n;
  const r = Number(BigInt.asUintN(32, v));
  if (!r) return null;
  const val = Math.floor((SCALE * mult) / r) >>> 0;
  if (val === 0) throw paramError(`Rate too fast "${rate}"`);
  return val;
}

function rateText(period: number): string {
  if (period === 0) return ' inf';
  let i = 1;
  for (; i < RATES.length; i++) {
    const mult = RATES[i][1];
    if (period > mult || Math.floor(mult / period) < mult % period) break;
  }
  return ` ${Math.floor(RATES[i - 1][1] / period)}/${RATES[i - 1][0]}`;
}

/**
 * xt_limit's user2credits in u32 arithmetic. HZ * CREDITS_PER_JIFFY is 32000 for both
 * HZ=250 (CPJ 128) and HZ=1000 (CPJ 32).
 */
const HZ_CPJ = 32000;
function user2credits(user: number): number {
  if (user > Math.floor(0xffffffff / HZ_CPJ)) return (Math.floor(user / SCALE) * HZ_CPJ) % 2 ** 32;
  return Math.floor((user * HZ_CPJ) / SCALE);
}

export const limit = defineMatch<LimitData>({
  kind: 'match',
  name: 'limit',
  options: [
    { name: 'limit', hasArg: 1, id: 'limit' },
    { name: 'limit-burst', hasArg: 1, id: 'burst' },
  ],
  init: () => ({ avg: Math.floor((SCALE * 3600) / 3), burst: 5, credit: -1, lastMs: null }),
  parse(id, arg, invert, d) {
    if (id === 'limit') {
      if (invert) throw paramError('limit does not support invert');
      const v = parseRate(arg!);
      if (v === null) throw paramError(`bad rate "${arg}"'`);
      d.avg = v;
    } else {
      d.burst = u32(arg!, 'limit', 'limit-burst', 0, 10000);
    }
  },
  print: (d) => ` limit: avg${rateText(d.avg)} burst ${d.burst}`,
  save: (d) => ` --limit${rateText(d.avg)}${d.burst !== 5 ? ` --limit-burst ${d.burst}` : ''}`,
  check(d, ctx) {
    // xt_limit's checkentry (nft uses its native limit expression instead): the u32 product
    // avg * burst, turned into credits, must not come out below avg's credits
    if (ctx.flavor === 'nft') return true;
    if (d.burst === 0 || user2credits(Math.imul(d.avg, d.burst) >>> 0) < user2credits(d.avg)) return 'erange';
    return true;
  },
  // nft_limit_pkts_init: a zero burst is stored as the default 5 (so -C/-D of the typed
  // rule no longer finds it, and listings show burst 5)
  nftStored: (d) => (d.burst === 0 ? { ...d, burst: 5 } : d),
  match(d, _pkt, ctx) {
    // one token per avg/10000 seconds, up to burst tokens
    const now = ctx.nowMs ? ctx.nowMs() : 0;
    const perToken = (d.avg / SCALE) * 1000;
    if (d.credit < 0) d.credit = d.burst;
    if (d.lastMs !== null && perToken > 0) d.credit = Math.min(d.burst, d.credit + (now - d.lastMs) / perToken);
    d.lastMs = now;
    if (d.credit >= 1) {
      d.credit -= 1;
      return true;
    }
    return false;
  },
});
