// restore-shapes.ts parseSimpleAddress (the restore shapes' -s/-d without allocation) against
// parseAddressList, iptables' own reading, on edge cases and 200,000 random strings: where
// it answers, it must give what parseAddressList gives; it may decline anything.

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../kernel/lib/fuzz-gen.ts';
import { parseAddressList, type AddrMask } from '../../src/engine/ipv4.ts';
import { parseSimpleAddress } from '../../src/engine/restore-shapes.ts';
import { NameDb } from '../../src/engine/names/namedb.ts';
import { ETC_BASE } from '../../src/engine/names/etc-base.ts';

const names = new NameDb(ETC_BASE);

function reference(s: string): AddrMask[] | 'error' {
  try {
    return parseAddressList(s, names);
  } catch {
    return 'error';
  }
}

describe('parseSimpleAddress', () => {
  it('agrees with parseAddressList wherever it answers, and answers the plain spellings', () => {
    const cases = ['10.1.2.3', '10.1.2.3/32', '10.1.2.3/8', '10.1.2.3/0', '0.0.0.0/0', '255.255.255.255/31', '10.1.2.3/33', '10.1.2.3/032',
      '10.1.2.3/', '/32', '010.1.2.3', '10.1.2', '10.1.2.3.4', '1.2.3.4/255.255.0.0', '10.0.0.1,10.0.0.2', 'localhost', '10.1.2.3/3a', '256.1.1.1', '10.1.2.3/00'];
    const r = mulberry32(11);
    const alpha = '0123456789../x,';
    for (let k = 0; k < 100_000; k++) {
      let s = '';
      const len = Math.floor(r() * 18);
      for (let j = 0; j < len; j++) s += alpha[Math.floor(r() * alpha.length)];
      const quad = [0, 0, 0, 0].map(() => String(Math.floor(r() * 300))).join('.');
      cases.push(s, r() < 0.5 ? quad : `${quad}/${Math.floor(r() * 40)}`);
    }
    const wrong: string[] = [];
    let answered = 0;
    for (const c of cases) {
      // (inside a longer text, as the shapes call it)
      const text = `-s ${c} -j X`;
      const out = { addr: -1, mask: -1 };
      if (!parseSimpleAddress(text, 3, 3 + c.length, out)) continue;
      answered++;
      const ref = reference(c);
      if (ref === 'error' || ref.length !== 1 || ref[0].addr !== out.addr || ref[0].mask !== out.mask) wrong.push(c);
    }
    expect(wrong).toEqual([]);
    expect(answered).toBeGreaterThan(40_000);
    for (const c of ['10.1.2.3', '10.1.2.3/32', '10.1.2.3/8', '0.0.0.0/0']) expect(parseSimpleAddress(c, 0, c.length, { addr: 0, mask: 0 })).toBe(true);
  });
});
