// Replays every committed real-iptables capture (test/fixtures/kernel-extra/{nft,legacy}
// and fuzz-found/) against the engine, command by command from a fresh firewall, and
// demands byte-identical stdout, stderr and exit code. Needs no root.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCapture } from './lib/capture-format.ts';
import { diffResults } from './lib/compare.ts';
import { newEngine, readFixtureFile } from './lib/engine-backend.ts';
import { ratchet } from './lib/known.ts';
import { KERNEL_EXTRA } from './lib/real-iptables.ts';
import { runLine, Unsupported } from './lib/run-line.ts';
import type { Flavor } from './lib/real-iptables.ts';

function captureFiles(): { rel: string; flavor: Flavor }[] {
  const out: { rel: string; flavor: Flavor }[] = [];
  for (const flavor of ['nft', 'legacy'] as const) {
    for (const dir of [flavor, `fuzz-found/${flavor}`]) {
      const abs = join(KERNEL_EXTRA, dir);
      if (!existsSync(abs)) continue;
      for (const f of readdirSync(abs).filter((n) => n.endsWith('.txt')).sort()) out.push({ rel: `${dir}/${f}`, flavor });
    }
  }
  return out;
}

describe('engine replays the real-iptables captures', () => {
  const mismatches = new Map<string, string>();
  const ran = new Set<string>();
  let total = 0;
  let unsupported = 0;

  for (const { rel, flavor } of captureFiles()) {
    it(rel, () => {
      const blocks = parseCapture(readFileSync(join(KERNEL_EXTRA, rel)));
      expect(blocks.length).toBeGreaterThan(0);
      const engine = newEngine(flavor);
      let same = 0;
      blocks.forEach((b, i) => {
        const key = `${rel} #${i + 1} ${b.command.slice(0, 160)}`;
        total++;
        let got;
        try {
          got = runLine(b.command, { run: engine.run, readFile: readFixtureFile });
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          unsupported++;
          return;
        }
        ran.add(key);
        const d = diffResults(b, got);
        if (d) mismatches.set(key, d);
        else same++;
      });
      // fuzz-found files are many and small: only their disagreements are worth a line
      if (!rel.startsWith('fuzz-found/') || same < blocks.length) console.log(`[kernel] ${rel}: ${same}/${blocks.length} identical`);
    });
  }

  it('has no unexpected discrepancies (known ones listed in test/kernel/known/fixtures.txt)', () => {
    const r = ratchet('fixtures', mismatches, ran);
    console.log(`[kernel] captures: ${total - unsupported - mismatches.size}/${total} commands identical, ${mismatches.size} known/new differences, ${unsupported} not replayable`);
    if (r.fixed.length) console.log(`[kernel] ${r.fixed.length} listed discrepancies now agree; shrink known/fixtures.txt:\n  ${r.fixed.slice(0, 20).join('\n  ')}`);
    expect(unsupported).toBe(0);
    expect(r.unexpected).toEqual([]);
  });
});
