// Differential cases for -h / --help (and -V): a rule grown from the fuzzer's corpus (mutated
// half the time) with a help or version option put at a random place, in iptables or an
// iptables-restore line.
// What -h prints depends on what the parse loaded before it (the target, the matches, the
// -p match), so the place matters; the main generator (fuzz-gen.ts) rarely types -h at all.

import type { Corpus } from './fuzz-gen.ts';
import { Generator, mulberry32, shellQuote } from './fuzz-gen.ts';

const HELPS = ['-h', '--help', '--hel', '--he', '--h', '-nh', '-vh', '-h x', '--help=1', '-V', '! --vers', '-nV'];

export function helpLines(corpus: Corpus, seed: number, count: number): string[] {
  const r = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const gen = new Generator(corpus, seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const sd = pick(corpus.seeds);
    const spec = r() < 0.5 ? gen.mutate(sd.spec) : [...sd.spec];
    spec.splice(Math.floor(r() * (spec.length + 1)), 0, ...pick(HELPS).split(' '));
    const verb = pick(['-A', '-I', '-C', '-D', '']);
    const chain = pick(sd.chains);
    if (r() < 0.15) {
      const text = `*${sd.table}\n${verb || '-A'} ${chain} ${spec.map(shellQuote).join(' ')}\nCOMMIT\n`;
      lines.push(`printf ${shellQuote(text.replace(/\\/g, '\\\\').replace(/%/g, '%%').replace(/\n/g, '\\n'))} | iptables-restore`);
    } else {
      lines.push(['iptables', '-t', sd.table, ...(verb ? [verb, chain] : []), ...spec].map(shellQuote).join(' '));
    }
  }
  return lines;
}
