// istio-golden/rendered: each *.restore loaded and listed in every captured mode.
// Listings are compared byte for byte. The saves are compared table by table: the
// renderer's own list commands instantiated extra empty tables in its namespace,
// which changes the legacy table order and adds empty tables we cannot know about.

import { describe, expect, it } from 'vitest';
import { fixture, listFixtures, session } from './fixtures.ts';

const DIR = 'istio-golden/rendered';
const files = listFixtures(DIR);
const sets = files.filter((f) => f.endsWith('.restore')).map((f) => f.slice(0, -'.restore'.length));

const MODES: Readonly<Record<string, string[]>> = {
  'S': ['-S'],
  'L-v': ['-L', '-v'],
  'L-n-v': ['-L', '-n', '-v'],
  'L-n-v-line-numbers': ['-L', '-n', '-v', '--line-numbers'],
};

function tableBlocks(save: string): Map<string, string> {
  const m = new Map<string, string>();
  const text = save.split('\n').filter((l) => !l.startsWith('#')).join('\n');
  for (const block of text.split(/^(?=\*)/m)) {
    if (!block.startsWith('*')) continue;
    m.set(block.slice(1, block.indexOf('\n')), block.trimEnd());
  }
  return m;
}

function isEmptyTable(block: string): boolean {
  return block.split('\n').every((l) => l.startsWith('*') || /^:[A-Z]+ ACCEPT \[0:0\]$/.test(l) || l === 'COMMIT');
}

for (const name of sets) {
  describe(`rendered ${name}`, () => {
    const s = session('legacy');
    const r = s.run(['iptables-restore'], fixture(`${DIR}/${name}.restore`));
    it('loads', () => {
      expect(r).toEqual({ stdout: '', stderr: '', code: 0 });
    });
    for (const f of files.filter((x) => x.startsWith(`${name}.`) && !x.endsWith('.restore') && !x.includes('save'))) {
      const [table, mode] = f.slice(name.length + 1, -'.txt'.length).split('.');
      it(`${table} ${mode}`, () => {
        const out = s.run(['iptables', '-t', table, ...MODES[mode]]);
        expect(out.stderr).toBe('');
        expect(out.stdout).toBe(fixture(`${DIR}/${f}`));
      });
    }
    for (const [saveFile, flavor] of [[`${name}.iptables-save.txt`, 'legacy'], [`${name}.iptables-nft-save.txt`, 'nft']] as const) {
      if (!files.includes(saveFile)) continue;
      it(`${saveFile} (${flavor})`, () => {
        const t = session(flavor);
        expect(t.run(['iptables-restore'], fixture(`${DIR}/${name}.restore`)).code).toBe(0);
        const ours = tableBlocks(t.run(['iptables-save']).stdout);
        const want = tableBlocks(fixture(`${DIR}/${saveFile}`));
        for (const [tb, block] of want) {
          if (ours.has(tb)) expect(ours.get(tb)).toBe(block);
          else expect(isEmptyTable(block)).toBe(true);
        }
        for (const tb of ours.keys()) expect(want.has(tb)).toBe(true);
        if (flavor === 'nft') {
          // nft's fixed table order holds for the tables both sides have
          const order = [...want.keys()].filter((k) => ours.has(k));
          expect([...ours.keys()]).toEqual(order);
        }
      });
    }
  });
}
