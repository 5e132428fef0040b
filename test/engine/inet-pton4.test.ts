// natrange's hand-written inet_pton(AF_INET) against the plain regular-expression reading
// of glibc's rule (four decimal octets, no leading zeros, nothing else), on edge cases
// and 200,000 random strings.

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../kernel/lib/fuzz-gen.ts';
import { inetPton4 } from '../../src/engine/extensions/natrange.ts';

function reference(s: string): number | null {
  if (!/^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/.test(s)) return null;
  const parts = s.split('.').map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

const rng = mulberry32;

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
