// strtouiPrefix's hand-read plain decimal against the regular-expression reading it
// shortcuts (xtables_strtoui with an end pointer: strtoul base 0, then the range check),
// on edge cases and 200,000 random strings, for several ranges.

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../kernel/lib/fuzz-gen.ts';
import { strtouiPrefix } from '../../src/engine/extensions/ports.ts';

function reference(s: string, min: number, max: number): { value: number; rest: string } | null {
  const m = /^[ \t\n\v\f\r]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return null;
  const body = m[1];
  let v: number;
  if (/^0[xX]/.test(body)) v = Number.parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith('0')) v = Number.parseInt(body, 8);
  else v = Number.parseInt(body, 10);
  if (v < min || v > max) return null;
  return { value: v, rest: s.slice(m[0].length) };
}

const rng = mulberry32;

describe('strtouiPrefix', () => {
  it('reads what the strtoul reading reads, and leaves the same rest', () => {
    const cases = ['8080', '8080-8090', '65535', '65536', '0', '080', '0x50', '1x', ' 80', '+80', '99999999999999999999', '123456789012345', '1234567890123456', '', '-1', '1:2', '9'];
    const r = rng(11);
    const alpha = '0123456789-:x, +';
    for (let k = 0; k < 200_000; k++) {
      let s = '';
      const len = Math.floor(r() * 20);
      for (let j = 0; j < len; j++) s += alpha[Math.floor(r() * alpha.length)];
      cases.push(s);
    }
    const ranges: Array<[number, number]> = [[0, 65535], [1, 65535], [0, 255], [0, 0xffffffff]];
    const wrong = ranges.flatMap(([lo, hi]) => cases.filter((c) => JSON.stringify(strtouiPrefix(c, lo, hi)) !== JSON.stringify(reference(c, lo, hi))).map((c) => `${lo}-${hi}: ${JSON.stringify(c)}`));
    expect(wrong).toEqual([]);
    expect(strtouiPrefix('8080-8090', 0, 65535)).toEqual({ value: 8080, rest: '-8090' });
    expect(strtouiPrefix('70000', 0, 65535)).toBeNull();
  });
});
