// Differential listing test (issue #7): each rule set under test/fixtures is loaded into a
// fresh namespace with the real iptables-restore and into the engine, then every listing
// mode is compared byte for byte: -S, -S -v, -L with all 16 combinations of
// -v -n -x --line-numbers (per table), iptables-save and iptables-save -c (timestamps masked).
// Needs root, `ip netns` and real iptables 1.8.9; otherwise it logs one line saying why.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffResults } from './lib/compare.ts';
import { newEngine, readFixtureFile } from './lib/engine-backend.ts';
import { ratchet } from './lib/known.ts';
import { realAvailability, runReal } from './lib/real-iptables.ts';
import type { Flavor } from './lib/real-iptables.ts';
import { collectRuleSets, listingLines } from './lib/rulesets.ts';
import { runLine } from './lib/run-line.ts';

const avail = realAvailability();

if (!avail.ok) {
  describe('live listings vs real iptables', () => {
    it('is not run here, and says why', () => {
      const msg = `[kernel] live differential tests not run: ${avail.reason}`;
      console.log(msg);
      expect(avail.reason.length).toBeGreaterThan(0);
    });
  });
} else {
  describe('live listings vs real iptables', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kt-listings-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    const sets = collectRuleSets(tmp);

    const check = (flavor: Flavor, pick: (name: string) => boolean) => {
      const chosen = sets.filter((s) => pick(s.name));
      const lines: string[] = [];
      const meta: { set: string; cmd: string; listing: boolean }[] = [];
      for (const s of chosen) {
        lines.push('%reset');
        for (const l of s.setup) { lines.push(l); meta.push({ set: s.name, cmd: l, listing: false }); }
        for (const l of listingLines(s)) { lines.push(l); meta.push({ set: s.name, cmd: l, listing: true }); }
      }
      // nft: one namespace, `nft flush ruleset` between sets (identical to a fresh one);
      // legacy cannot drop an instantiated table, so each set gets its own namespace there.
      const real = flavor === 'nft'
        ? runReal('nft', lines, { timeoutMs: 240_000 })
        : chosen.flatMap((s) => runReal('legacy', [...s.setup, ...listingLines(s)], { timeoutMs: 60_000 }));
      expect(real.length).toBe(meta.length);
      const byMode = new Map<string, { same: number; total: number }>();
      const mismatches = new Map<string, string>();
      const ran = new Set<string>();
      let k = 0;
      for (const s of chosen) {
        const engine = newEngine(flavor);
        const n = s.setup.length + listingLines(s).length;
        // when loading the set already fails differently, every listing differs as a consequence:
        // the set is then tracked by one key, so the known list follows causes, not symptoms
        let setupDiff: string | null = null;
        const setKey = `${flavor} ${s.name} :: setup`;
        ran.add(setKey);
        for (let j = 0; j < n; j++, k++) {
          const m = meta[k];
          const got = runLine(m.cmd, { run: engine.run, readFile: readFixtureFile });
          const mode = m.listing ? m.cmd.replace(/ -t \w+/, '') : 'setup';
          const key = `${flavor} ${s.name} :: ${m.cmd.replace(tmp, '<tmp>')}`;
          const d = diffResults(real[k], got);
          const e = byMode.get(mode) ?? { same: 0, total: 0 };
          e.total++;
          if (!d) e.same++;
          byMode.set(mode, e);
          if (!m.listing) {
            // a different exit code means the states diverged; a different message alone does not
            if (d && real[k].code !== got.code && setupDiff === null) { setupDiff = `${m.cmd.replace(tmp, '<tmp>')}: ${d}`; mismatches.set(setKey, setupDiff); }
            else if (d) { ran.add(key); mismatches.set(key, d); }
            continue;
          }
          if (setupDiff !== null) continue;
          ran.add(key);
          if (d) mismatches.set(key, d);
        }
      }
      const summary = [...byMode.entries()].map(([m, e]) => `  ${m}: ${e.same}/${e.total}`).join('\n');
      console.log(`[kernel] ${flavor}: ${chosen.length} rule sets, identical per listing mode:\n${summary}`);
      return { mismatches, ran };
    };

    it('nft: every rule set, every listing mode, identical', () => {
      const { mismatches, ran } = check('nft', () => true);
      const r = ratchet('listings-nft', mismatches, ran);
      if (r.fixed.length) console.log(`[kernel] ${r.fixed.length} listed listing discrepancies now agree`);
      expect(r.unexpected).toEqual([]);
    }, 300_000);

    it('legacy: restore-file rule sets, every listing mode, identical', () => {
      const { mismatches, ran } = check('legacy', (n) => !n.endsWith('+counters') && (n.startsWith('shell-dumps/') || n.startsWith('istio-golden/rendered/') || n.startsWith('kernel-extra/istio')) || n === 'kernel-extra/istio.rules+counters');
      const r = ratchet('listings-legacy', mismatches, ran);
      if (r.fixed.length) console.log(`[kernel] ${r.fixed.length} listed listing discrepancies now agree`);
      expect(r.unexpected).toEqual([]);
    }, 300_000);
  });
}
