// libxt_statistic: match a random share of packets, or every nth one.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { u32 } from './marks.ts';

export interface StatisticData {
  mode: 'random' | 'nth' | null;
  invert: boolean;
  /** probability scaled to 2^31, as the kernel stores it */
  probability: number;
  every: number;
  packet: number;
  /** the kernel's running counter for nth mode */
  count: number;
}

export const statistic = defineMatch<StatisticData>({
  kind: 'match',
  name: 'statistic',
  options: [
    { name: 'mode', hasArg: 1, id: 'mode', mand: true },
    { name: 'probability', hasArg: 1, id: 'probability', invert: true },
    { name: 'every', hasArg: 1, id: 'every', invert: true, also: ['packet'] },
    { name: 'packet', hasArg: 1, id: 'packet' },
  ],
  init: () => ({ mode: 'random', invert: false, probability: 0, every: 0, packet: 0, count: 0 }),
  parse(id, arg, invert, d) {
    const a = arg!;
    switch (id) {
      case 'mode':
        if (a !== 'random' && a !== 'nth') throw paramError(`Bad mode "${a}"`);
        d.mode = a;
        break;
      case 'probability': {
        const v = Number(a);
        if (a.trim() === '' || Number.isNaN(v) || v < 0 || v > 1) throw paramError('statistic: bad value for option "--probability", or out of range (0-1).\n');
        d.probability = Math.round(0x80000000 * v);
        if (invert) d.invert = true;
        break;
      }
      case 'every':
        d.every = u32(a, 'statistic', 'every', 1, 0xffffffff) - 1;
        if (invert) d.invert = true;
        break;
      case 'packet':
        d.packet = u32(a, 'statistic', 'packet');
        break;
    }
  },
  final(d, _ctx, seen) {
    if (d.mode === 'random' && !seen.has('probability')) throw paramError('--probability must be specified when using random mode');
    if (d.mode === 'nth' && !seen.has('every') && !seen.has('packet')) throw paramError('--every and --packet must be specified when using nth mode');
    if (d.packet > d.every) throw paramError('the --packet p must be 0 <= p <= n-1');
    d.count = d.every - d.packet;
  },
  print: (d) => ' statistic' + dump(d, ''),
  save: (d) => dump(d, '--'),
  match(d, pkt, ctx) {
    void pkt;
    let hit: boolean;
    if (d.mode === 'random') {
      const r = ctx.random ? ctx.random() : Math.random();
      hit = Math.floor(r * 0x80000000) < d.probability;
    } else {
      d.count = d.count >= d.every ? 0 : d.count + 1;
      hit = d.count === 0;
      if (hit) d.count = 0;
    }
    return hit !== d.invert;
  },
});

/**
 * the probability as -L/-S print it; a big rule set (kube-proxy: 1/n per endpoint)
 * repeats a few values thousands of times, and toFixed is slow
 */
const PROBABILITY_TEXT = new Map<number, string>();

function probabilityText(p: number): string {
  let s = PROBABILITY_TEXT.get(p);
  if (s === undefined) {
    s = (p / 0x80000000).toFixed(11);
    if (PROBABILITY_TEXT.size < 1024) PROBABILITY_TEXT.set(p, s);
  }
  return s;
}

function dump(d: StatisticData, prefix: string): string {
  if (d.mode === 'random') {
    return ` ${prefix}mode random${d.invert ? ' !' : ''} ${prefix}probability ${probabilityText(d.probability)}`;
  }
  let s = ` ${prefix}mode nth${d.invert ? ' !' : ''} ${prefix}every ${d.every + 1}`;
  if (d.packet || prefix) s += ` ${prefix}packet ${d.packet}`;
  return s;
}
