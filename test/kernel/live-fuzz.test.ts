// A small deterministic run of the differential fuzzer (scripts/fuzz.mjs runs the big one):
// 300 cases, fixed seed, real iptables-nft in one namespace (reset between cases) vs the
// engine; stdout, stderr and exit code of every command must agree.

import { describe, expect, it } from 'vitest';
import { ratchet } from './lib/known.ts';
import { realAvailability } from './lib/real-iptables.ts';
import { runFuzz } from './lib/fuzz-run.ts';

const avail = realAvailability();

describe('differential fuzz (300 cases, seed 7)', () => {
  if (!avail.ok) {
    it('is not run here, and says why', () => {
      console.log(`[kernel] live fuzz not run: ${avail.reason}`);
      expect(avail.reason.length).toBeGreaterThan(0);
    });
    return;
  }
  it('agrees with real iptables on every case', () => {
    const res = runFuzz({ flavor: 'nft', seed: 7, count: 300 });
    console.log(`[kernel] fuzz: ${res.cases} cases, ${res.commands} commands, ${res.agreeCases}/${res.cases} cases agree (${res.agreeCommands}/${res.commands} commands)`);
    const mism = new Map(res.disagreements.map((d) => [`${d.flavor} ${d.id}`, `${d.line}: ${d.diff}`]));
    const r = ratchet('fuzz', mism, new Set(res.caseIds.map((id) => `nft ${id}`)));
    expect(res.cases).toBe(300);
    expect(r.unexpected).toEqual([]);
  }, 300_000); // the real side alone takes 40-130 s on a loaded 2-core machine
});
