// sort-names.ts against the comparator sort it replaces, on random names that share long
// prefixes, are prefixes of each other, repeat, or hold non-ASCII characters.

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../kernel/lib/fuzz-gen.ts';
import { sortByName } from '../../src/engine/sort-names.ts';

const byComparator = (names: string[]): string[] => names.map((name) => ({ name })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((x) => x.name);

describe('sortByName', () => {
  it('orders as the comparator sort does', () => {
    const r = mulberry32(5);
    const alpha = ['A', 'B', 'a', '-', '0', '1', 'KUBE-SEP-', 'KUBE-SVC-', 'é', '\u{1F600}', 'Z'];
    for (let round = 0; round < 300; round++) {
      const n = Math.floor(r() * 200);
      const names: string[] = [];
      for (let i = 0; i < n; i++) {
        let s = '';
        const len = Math.floor(r() * 6);
        for (let j = 0; j < len; j++) s += alpha[Math.floor(r() * alpha.length)];
        names.push(s);
      }
      expect(sortByName(names.map((name) => ({ name }))).map((x) => x.name)).toEqual(byComparator(names));
    }
  });

  it('sorts a kube-proxy-sized set of generated names', () => {
    const names = Array.from({ length: 20_000 }, (_x, i) => `KUBE-${i % 4 === 0 ? 'SVC' : 'SEP'}-${String((i * 7919) % 20_000).padStart(16, '0')}`);
    expect(sortByName(names.map((name) => ({ name }))).map((x) => x.name)).toEqual(byComparator(names));
  });
});
