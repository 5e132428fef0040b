// The shared lab's six scenarios rebuilt in the simulated world: nat counters equal
// the real kernel's exactly; mangle/filter counting rules land inside the spread of
// the lab's repeated runs (test/fixtures/lab-extra/spread.json).
import { describe, expect, it } from 'vitest';
import { labCounterMap, labCounters, labFile, POD_OF, runLab16, simCounters, spread } from './lab-harness.ts';

const SCENARIOS = ['nft-localhost', 'nft-podip', 'legacy-localhost', 'legacy-podip', 'nft-localhost-3req', 'no-uid-rule'];
const sp = spread();

describe('lab scenarios (Istio 1.6 rules, real kernel vs simulator)', () => {
  for (const s of SCENARIOS) {
    describe(s, () => {
      const { world, results } = runLab16(s);
      const lab = labCounters(s);
      for (const pod of ['lab-pp', 'lab-rv']) {
        it(`${pod}: every nat counter equals the lab's`, () => {
          const ours = simCounters(world, POD_OF[pod], 'nat');
          const theirs = labCounterMap(lab, pod, 'nat');
          expect(theirs.size).toBeGreaterThan(10);
          for (const [k, v] of theirs) expect([k, ...(ours.get(k) ?? [])]).toEqual([k, ...v]);
          expect(ours.size).toBe(theirs.size);
        });
        for (const table of ['mangle', 'filter']) {
          it(`${pod}: ${table} counting rules within the lab's run-to-run spread`, () => {
            const ours = simCounters(world, POD_OF[pod], table);
            const ranges = sp[s][pod][table];
            expect(Object.keys(ranges).length).toBeGreaterThan(5);
            for (const [k, [lo, hi]] of Object.entries(ranges)) {
              const got = ours.get(k)?.[0] ?? -1;
              expect({ k, got, inRange: got >= lo && got <= hi }).toEqual({ k, got, inRange: true });
            }
          });
        }
      }
      it('curl exit codes and conntrack entry count match', () => {
        const exits = labFile(s, 'curl-exit-codes.txt').match(/rc=(\d+)/g)!.map((x) => Number(x.slice(3)));
        expect(results.map((r) => r.exit)).toEqual(exits);
        for (const [labPod, pod] of Object.entries(POD_OF)) {
          const lines = labFile(s, `${labPod}.conntrack-L.txt`).split('\n').filter((l) => l.startsWith('tcp'));
          expect(world.pod(pod)!.ns.conntrack.conns.length).toBe(lines.length);
        }
      });
    });
  }
});
