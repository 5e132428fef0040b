// natrange's hand-written inet_pton(AF_INET) against the plain regular-expression reading
// of glibc's rule (four decimal octets, no leading zeros, nothing else), on edge cases
// and 200,000 random strings.

import { describe, expect, it } from 'vitest';
import { inetPton4 } from '../../src/engine/extensions/natrange.ts';

function reference(s: string): number | null {
  if (!/^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/.test(s)) return null;
  const parts = s.split('.').map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** a small deterministic generator (mulberry32) */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('inetPton4', () => {
  it('reads what inet_pton reads and nothing else', () => {
    const cases = ['1.2.3.4', '255.255.255.255', '256.1.1.1', '01.2.3.4', '0.0.0.0', '1.2.3', '1.2.3.4.', '1.2.3.4\n', ' 1.2.3.4', '1..3.4', '1234.1.1.1', '10.128.0.1', '0.0.0.00', '', '1.2.3.4:80'];
    const r = rng(7);
    const alpha = '0123456789..x \n-';
    for (let k = 0; k < 100_000; k++) {
      let s = '';
      const len = Math.floor(r() * 16);
      for (let j = 0; j < len; j++) s += alpha[Math.floor(r() * alpha.length)];
      cases.push(s, [0, 0, 0, 0].map(() => String(Math.floor(r() * 300))).join('.'));
    }
    const wrong = cases.filter((c) => inetPton4(c) !== reference(c));
    expect(wrong).toEqual([]);
    expect(inetPton4('10.128.0.1')).toBe(0x0a800001);
    expect(inetPton4('255.255.255.255')).toBe(0xffffffff);
  });
});
