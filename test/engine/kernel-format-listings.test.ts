// Every listing capture of the Istio rule set (zero and non-zero counters, nft and
// legacy) reproduced byte for byte after loading the same rules.

import { describe, expect, it } from 'vitest';
import { fixture, maskDates, session } from './fixtures.ts';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const set of ['', 'counters/']) {
    describe(`${flavor} ${set || 'zero counters'} listings`, () => {
      const s = session(flavor);
      const rules = set ? 'istio-counters.rules' : 'istio.rules';
      const restore = s.run(['iptables-restore', ...(set ? ['-c'] : [])], fixture(`kernel-format/inputs/${rules}`));
      it('loads the rules', () => {
        expect(restore).toEqual({ stdout: '', stderr: '', code: 0 });
      });
      const index = fixture(`kernel-format/${flavor}/${set}INDEX.tsv`).trim().split('\n');
      // The captures were taken in this order in one namespace; replay them in order.
      for (const line of index) {
        const [file, cmd] = line.split('\t');
        it(`${file}: ${cmd}`, () => {
          const res = s.run(cmd.split(' '));
          expect(res.stderr).toBe('');
          expect(res.code).toBe(0);
          expect(maskDates(res.stdout)).toBe(maskDates(fixture(`kernel-format/${flavor}/${set}${file}`)));
        });
      }
    });
  }
}
