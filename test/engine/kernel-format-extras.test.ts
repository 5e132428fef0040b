// The ~90 extra rule shapes and the address forms: typed as a user would type them,
// then listed with -S, -L, -L -n, -L -v -n in every table (recipe/extras.sh, addresses.sh).

import { describe, expect, it } from 'vitest';
import { splitWords } from '../../src/cli/words.ts';
import { fixture, session } from './fixtures.ts';

function applyLog(text: string): Array<{ cmd: string; rc: number; err: string }> {
  const lines = text.split('\n');
  const out: Array<{ cmd: string; rc: number; err: string }> = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const m = /^  -> rc=(\d+) ?(.*)$/.exec(lines[i + 1]);
    if (!m) continue;
    out.push({ cmd: lines[i], rc: Number(m[1]), err: m[2] });
  }
  return out;
}

for (const flavor of ['nft', 'legacy'] as const) {
  describe(`${flavor} extras`, () => {
    const s = session(flavor);
    s.run(['iptables-restore'], fixture('kernel-format/inputs/istio.rules'));
    s.run(['iptables', '-t', 'nat', '-N', 'ISTIO_X']);
    const log = applyLog(fixture(`kernel-format/${flavor}/extras/extras-apply-log.txt`));
    it('replays every typed rule with the captured exit code and message', () => {
      expect(log.length).toBeGreaterThan(80);
      for (const l of log) {
        const r = s.run(splitWords(l.cmd));
        expect({ cmd: l.cmd, rc: r.code, err: r.stderr.replace(/\n$/, '').replace(/\n/g, ' ') }).toEqual({ cmd: l.cmd, rc: l.rc, err: l.err });
      }
      s.run(['iptables', '-t', 'filter', '-P', 'INPUT', 'DROP']);
    });
    for (const t of ['nat', 'mangle', 'filter']) {
      for (const [suffix, flags] of [['S', ['-S']], ['L', ['-L']], ['L-n', ['-L', '-n']], ['L-v-n', ['-L', '-v', '-n']]] as const) {
        it(`extras-${t}-${suffix}`, () => {
          const r = s.run(['iptables', '-t', t, ...flags]);
          expect(r.stdout + r.stderr).toBe(fixture(`kernel-format/${flavor}/extras/extras-${t}-${suffix}.txt`));
        });
      }
    }
  });

  describe(`${flavor} addresses`, () => {
    const s = session(flavor);
    s.run(['iptables', '-t', 'nat', '-N', 'ADDR']);
    it('replays the address specs', () => {
      for (const l of applyLog(fixture(`kernel-format/${flavor}/extras/addresses-apply-log.txt`))) {
        const r = s.run(splitWords(l.cmd));
        expect({ cmd: l.cmd, rc: r.code, err: r.stderr.replace(/\n$/, '').replace(/\n/g, ' ') }).toEqual({ cmd: l.cmd, rc: l.rc, err: l.err });
      }
    });
    for (const [suffix, flags] of [['S', ['-S']], ['L', ['-L']], ['L-n', ['-L', '-n']], ['L-v-n', ['-L', '-v', '-n']]] as const) {
      it(`addresses-${suffix}`, () => {
        expect(s.run(['iptables', '-t', 'nat', flags[0], 'ADDR', ...flags.slice(1)]).stdout).toBe(fixture(`kernel-format/${flavor}/extras/addresses-${suffix}.txt`));
      });
    }
  });
}
