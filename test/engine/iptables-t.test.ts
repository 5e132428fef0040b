// iptables' own 1.8.9 vectors for the extensions in scope: every line gives the
// same OK/FAIL verdict as the real tool and the same canonical save text.

import { describe, expect, it } from 'vitest';
import { fixture, listFixtures } from './fixtures.ts';
import { runVectors } from './iptables-t.ts';

const files = listFixtures('iptables-t').filter((f) => f.endsWith('.t'));

for (const flavor of ['nft', 'legacy'] as const) {
  describe(`${flavor} vectors`, () => {
    for (const f of files) {
      it(f, () => {
        const results = runVectors(f, fixture(`iptables-t/${f}`), flavor);
        expect(results.length).toBeGreaterThan(0);
        expect(results.filter((r) => r.problem).map((r) => `${r.line} [${r.chain}] ${r.spec} -> ${r.problem}`)).toEqual([]);
      });
    }
  });
}
