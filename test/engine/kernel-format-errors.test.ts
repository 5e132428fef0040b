// errors.txt (96 commands) and verbose-commands.txt, replayed in order in one
// namespace per flavour, as the capture scripts ran them.

import { describe, expect, it } from 'vitest';
import { fixture, session } from './fixtures.ts';
import { parseTranscript, runLine } from './replay.ts';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const file of ['errors.txt', 'verbose-commands.txt']) {
    describe(`${flavor} ${file}`, () => {
      const s = session(flavor);
      s.run(['iptables-restore'], fixture('kernel-format/inputs/istio.rules'));
      const cases = parseTranscript(fixture(`kernel-format/${flavor}/${file}`));
      it('has all cases', () => {
        expect(cases.length).toBe(file === 'errors.txt' ? 96 : 16);
      });
      for (const c of cases) {
        it(`${c.title}: ${c.cmd}`, () => {
          const r = runLine(s, c.cmd, c.stdin);
          const mask = (x: string): string => x.replace(/ on [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/gm, ' on <date>');
          expect({ stdout: mask(r.stdout), stderr: r.stderr, code: r.code }).toEqual({ stdout: mask(c.stdout), stderr: c.stderr, code: c.code });
        });
      }
    });
  }
}
