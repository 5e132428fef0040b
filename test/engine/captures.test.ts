// Our own captures of real iptables 1.8.9 (captures/*.cases run by captures/capture.sh):
// each case file replayed in order in one fresh namespace per flavour.

import { describe, expect, it } from 'vitest';
import { fixture, listFixtures, session } from './fixtures.ts';
import { parseTranscript, runLine } from './replay.ts';

const caseFiles = listFixtures('captures').filter((f) => f.endsWith('.cases')).map((f) => f.slice(0, -'.cases'.length));

for (const base of caseFiles) {
  for (const flavor of ['nft', 'legacy'] as const) {
    describe(`${base} (${flavor})`, () => {
      const s = session(flavor);
      const cases = parseTranscript(fixture(`captures/${base}-${flavor}.txt`));
      for (const [i, c] of cases.entries()) {
        it(`${i + 1}: ${c.cmd}`, () => {
          const r = runLine(s, c.cmd, c.stdin);
          const mask = (x: string): string => x.replace(/ on [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/gm, ' on <date>');
          expect({ stdout: mask(r.stdout), stderr: r.stderr, code: r.code }).toEqual({ stdout: mask(c.stdout), stderr: c.stderr, code: c.code });
        });
      }
    });
  }
}
