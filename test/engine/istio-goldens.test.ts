// All 64 Istio golden inputs, IPv4 part (IPv6 blocks are skipped: the engine is
// IPv4 only), loaded as the real iptables 1.8.9 loaded them (captures/goldens-*.txt,
// made by captures/capture-goldens.sh): same exit code, same stderr, same
// iptables-save afterwards. Then every successfully loaded set round-trips:
// restoring its own save gives the same save again.

import { describe, expect, it } from 'vitest';
import { splitWords } from '../../src/cli/words.ts';
import { fixture, listFixtures, session, type Session } from './fixtures.ts';
import type { Flavor } from '../../src/engine/errors.ts';

/** the same transformation as captures/golden-v4.py */
export function goldenV4(text: string): { restore: boolean; text: string } {
  const lines = text.split('\n').filter((l) => l !== 'iptables-save' && l !== 'ip6tables-save');
  if (!lines.some((l) => l.startsWith('*'))) return { restore: false, text: lines.join('\n') };
  const out: string[] = [];
  let block: string[] = [];
  for (const l of lines) {
    if (l.startsWith('*')) block = [l];
    else if (block.length) {
      block.push(l);
      if (l.startsWith('COMMIT')) {
        if (!/[0-9a-fA-F]*::[0-9a-fA-F]*/.test(block.join('\n'))) out.push(...block);
        block = [];
      }
    }
  }
  return { restore: true, text: out.join('\n') + '\n' };
}

interface Captured { code: number; stderr: string; save: string }

function parseCaptures(text: string): Map<string, Captured> {
  const m = new Map<string, Captured>();
  for (const b of text.split(/^### /m).slice(1)) {
    const name = b.slice(0, b.indexOf('\n'));
    const code = Number(/--- exit code: (\d+)/.exec(b)![1]);
    const se = /--- stderr \((\d+) bytes\)\n/.exec(b)!;
    const start = se.index + se[0].length;
    const stderr = b.slice(start, start + Number(se[1]));
    const saveStart = b.indexOf('--- save\n') + '--- save\n'.length;
    const save = b.slice(saveStart, b.lastIndexOf('\n--- end'));
    m.set(name, { code, stderr, save });
  }
  return m;
}

function saveNoComments(s: Session): string {
  return s.run(['iptables-save']).stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n').replace(/\n$/, '');
}

const goldens = listFixtures('istio-golden').filter((f) => f.endsWith('.golden'));

for (const flavor of ['nft', 'legacy'] as Flavor[]) {
  describe(`${flavor}: Istio goldens`, () => {
    const captured = parseCaptures(fixture(`captures/goldens-${flavor}.txt`));
    it('covers all 64 goldens', () => {
      expect(goldens.length).toBe(64);
      expect(captured.size).toBe(64);
    });
    for (const g of goldens) {
      it(g, () => {
        const want = captured.get(g)!;
        const { restore, text } = goldenV4(fixture(`istio-golden/${g}`));
        const s = session(flavor);
        let code = 0;
        let stderr = '';
        if (restore) {
          const r = s.run(['iptables-restore'], text);
          // the capture invoked iptables-nft-restore / iptables-legacy-restore
          const named = runNamed(flavor, text);
          code = named.code;
          stderr = named.stderr;
          expect(r.code).toBe(named.code);
        } else {
          for (const line of text.split('\n').filter((l) => l !== '')) {
            const r = s.run(['iptables', ...splitWords(line)]);
            code = r.code;
            stderr += r.stderr;
          }
        }
        expect({ code, stderr }).toEqual({ code: want.code, stderr: want.stderr });
        expect(saveNoComments(s)).toBe(want.save);
        if (want.code === 0 && want.save !== '') {
          const again = session(flavor);
          expect(again.run(['iptables-restore'], want.save + '\n').code).toBe(0);
          // legacy lists the newest table first, so a round trip reverses multi-table order
          const blocks = (x: string): string[] => x.split(/^(?=\*)/m).map((b) => b.trimEnd()).sort();
          if (flavor === 'nft') expect(saveNoComments(again)).toBe(want.save);
          else expect(blocks(saveNoComments(again))).toEqual(blocks(want.save));
        }
      });
    }
  });
}

function runNamed(flavor: Flavor, text: string): { code: number; stderr: string } {
  const s = session(flavor);
  const prog = flavor === 'nft' ? 'iptables-nft-restore' : 'iptables-legacy-restore';
  const r = s.run(['iptables-restore', prog], text);
  return { code: r.code, stderr: r.stderr };
}

describe('hostprobe with the ipset present', () => {
  it('loads once the set exists, and lists the set match', () => {
    const s = session('nft');
    s.fw.ipsets.add('istio-inpod-probes-v4');
    const { text } = goldenV4(fixture('istio-golden/hostprobe.golden'));
    expect(s.run(['iptables-restore'], text)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(s.run(['iptables', '-t', 'nat', '-S', 'ISTIO_POSTRT']).stdout).toBe(
      '-N ISTIO_POSTRT\n-A ISTIO_POSTRT -p tcp -m owner --socket-exists -m set --match-set istio-inpod-probes-v4 dst -j SNAT --to-source 169.254.7.127\n',
    );
  });
});
