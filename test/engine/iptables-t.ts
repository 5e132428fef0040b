// iptables' own extension test vectors (*.t), run with the slow-mode semantics of
// upstream iptables-test.py (see fixtures/engine/iptables-t/README.md and run_t.py).

import { splitWords } from '../../src/cli/words.ts';
import { session } from './fixtures.ts';
import type { Flavor } from '../../src/engine/errors.ts';

export interface VectorResult {
  file: string;
  line: number;
  chain: string;
  spec: string;
  problem: string | null;
}

export function runVectors(file: string, text: string, flavor: Flavor): VectorResult[] {
  const s = session(flavor);
  let table = 'filter';
  let chains: string[] = [];
  const results: VectorResult[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    if (line.startsWith(':')) { chains = line.slice(1).split(','); return; }
    if (line.startsWith('*')) { table = line.slice(1); return; }
    if (line.startsWith('@') || line.startsWith('%')) {
      s.run(splitWords(line.slice(1)));
      return;
    }
    const item = line.split(';');
    const [spec, save] = item;
    let res = item[2];
    if (item.length > 3 && item[3]) {
      const mine = flavor === 'nft' ? 'NFT' : 'LEGACY';
      if (item[3] !== mine) res = item[4] ? item[4] : ({ OK: 'FAIL', FAIL: 'OK', NOMATCH: 'OK' } as Record<string, string>)[res];
    }
    for (const ch of chains) {
      let problem: string | null = null;
      const r = s.run(['iptables', '-t', table, '-A', ch, ...splitWords(spec)]);
      if (r.code !== 0) {
        if (res !== 'FAIL') problem = `cannot load (rc=${r.code}): ${r.stderr.trim()}`;
      } else {
        if (res === 'FAIL') problem = 'should fail but loaded';
        const out = s.run(['iptables-save', '-t', table]).stdout;
        const want = `${ch} ${save === '=' ? spec : save}`;
        const found = out.includes(want);
        if (res === 'OK' && !found) {
          const got = out.split('\n').filter((l) => l.startsWith(`-A ${ch} `));
          problem = `not found: '${want}' got: ${got[got.length - 1]}`;
        } else if (res !== 'OK' && res !== 'FAIL' && found) problem = 'should not match';
        s.run(['iptables', '-t', table, '-D', ch, ...splitWords(spec)]);
      }
      results.push({ file, line: i + 1, chain: ch, spec, problem });
    }
  });
  return results;
}
