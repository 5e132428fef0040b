// -h / --help at random places in rules (lib/fuzz-help.ts), real iptables against the engine,
// both backends: 300 command lines each, in one namespace (a help line changes nothing; the
// lines that fail before their -h fail the same on both sides, or the test says so).

import { describe, expect, it } from 'vitest';
import { diffResults } from './lib/compare.ts';
import { newEngine, readFixtureFile } from './lib/engine-backend.ts';
import { helpLines } from './lib/fuzz-help.ts';
import { loadCorpus } from './lib/fuzz-gen.ts';
import { KERNEL_EXTRA, realAvailability, runReal } from './lib/real-iptables.ts';
import { runLine } from './lib/run-line.ts';

const avail = realAvailability();

describe('differential -h fuzz (300 lines per backend, seed 5)', () => {
  if (!avail.ok) {
    it('is not run here, and says why', () => {
      console.log(`[kernel] live -h fuzz not run: ${avail.reason}`);
      expect(avail.reason.length).toBeGreaterThan(0);
    });
    return;
  }
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`${flavor}: every line agrees, and many print extension sections`, () => {
      const lines = helpLines(loadCorpus(KERNEL_EXTRA), 5, 300);
      const real = runReal(flavor, lines, { timeoutMs: 240_000 });
      const diffs: string[] = [];
      lines.forEach((line, i) => {
        const d = diffResults(real[i], runLine(line, { run: newEngine(flavor).run, readFile: readFixtureFile }));
        if (d) diffs.push(`${line}\n    ${d}`);
      });
      const sections = real.filter((x) => /\n\n\S+ (match|target) /.test(x.stdout)).length;
      console.log(`[kernel] -h fuzz ${flavor}: ${lines.length - diffs.length}/${lines.length} agree, ${sections} with extension sections`);
      expect(sections).toBeGreaterThan(30);
      expect(diffs).toEqual([]);
    }, 240_000);
  }
});
