// Every real-kernel lab scenario replayed in the simulated world (src/world), compared
// with the kernel: nat and raw counters exactly, mangle and filter within the measured
// spread, the same client exit codes. See test/traffic/README.md and docs/lab.md.
import { describe, expect, it } from 'vitest';
import { labFile, labScenario, labScenarioNames } from './lab-fixtures.ts';
import type { LabPod } from './lab-fixtures.ts';
import { labExitCodes, replayLabScenario } from './lab-replay.ts';
import { WorldDriver } from './world-driver.ts';

/**
 * Known simulator gap 1 (engine): with iptables-nft a built-in chain exists only once
 * something names it, and a chain that does not exist counts nothing. The current
 * Istio rule files never name nat INPUT/POSTROUTING (CNI TPROXY not even PREROUTING),
 * so the kernel's policy counters for them stay 0 while the simulator's count. A nat
 * difference is accepted only if it is exactly that: the policy counter of a nat base
 * chain absent from the kernel's `nft list ruleset` capture, 0 on the kernel side.
 */
function nftAbsentBaseChains(name: string, pod: LabPod): Set<string> {
  if (labScenario(name).backend !== 'nft') return new Set();
  const text = labFile(name, `${pod}.nft-ruleset.txt`);
  const nat = /table ip nat \{([\s\S]*?)\n\}/.exec(text)?.[1] ?? '';
  const present = new Set([...nat.matchAll(/chain (\S+) \{\n\s+type nat hook/g)].map((m) => m[1]));
  return new Set(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'].filter((c) => !present.has(c)));
}

function onlyAbsentChainDiffs(name: string, diffs: string[]): string[] {
  return diffs.filter((d) => {
    const m = /^(lab-pp|lab-rv) nat (\S+) policy: kernel 0 pkts\/0 bytes, simulator \d+ pkts\/\d+ bytes$/.exec(d);
    return !(m && nftAbsentBaseChains(name, m[1] as LabPod).has(m[2]));
  });
}

/**
 * Known simulator gap 2 (world): features the lab used that the world does not model
 * yet. These scenarios must still differ; when one starts to match, move it out of here.
 */
const NOT_MODELLED: Record<string, string> = {
  'dns-capture': "a one-question DNS client (the world's resolver sends A + AAAA to kube-dns) and an agent that forwards names it does not know upstream as uid 1337 (zone 1)",
  tproxy: "Envoy's original_src upstream in TPROXY mode (client address, IP_TRANSPARENT, mark 1337): the kernel redirects it to 15006 and the SYN-ACK from 127.0.0.1 cannot be routed",
};

describe('lab scenarios in the simulated world', () => {
  for (const name of labScenarioNames()) {
    if (NOT_MODELLED[name]) {
      it(`${name}: known gap, still differs (${NOT_MODELLED[name].slice(0, 60)}...)`, () => {
        const r = replayLabScenario(name, new WorldDriver());
        expect(r.exact.length + r.spread.length).toBeGreaterThan(0);
      });
      continue;
    }
    it(`${name}: nat/raw exact (up to absent nft base chains), mangle/filter in spread, same exit codes`, () => {
      const d = new WorldDriver();
      const r = replayLabScenario(name, d);
      expect(d.unsupported).toEqual([]);
      expect(onlyAbsentChainDiffs(name, r.exact)).toEqual([]);
      expect(r.spread).toEqual([]);
      expect(r.codes).toEqual(labExitCodes(name, (f) => labFile(name, f)));
    });
  }

  it('the absent-chain allowance only covers chains the kernel really lacked', () => {
    expect([...nftAbsentBaseChains('current-podip', 'lab-pp')].sort()).toEqual(['INPUT', 'POSTROUTING']);
    expect([...nftAbsentBaseChains('tproxy-podip', 'lab-rv')].sort()).toEqual(['INPUT', 'POSTROUTING', 'PREROUTING']);
    expect(nftAbsentBaseChains('nft-podip', 'lab-rv').size).toBe(0);
    expect(nftAbsentBaseChains('current-podip-legacy', 'lab-rv').size).toBe(0);
    expect(onlyAbsentChainDiffs('current-podip', ['lab-rv nat INPUT policy: kernel 0 pkts/0 bytes, simulator 1 pkts/60 bytes'])).toEqual([]);
    expect(onlyAbsentChainDiffs('nft-podip', ['lab-rv nat INPUT policy: kernel 0 pkts/0 bytes, simulator 1 pkts/60 bytes'])).toHaveLength(1);
    expect(onlyAbsentChainDiffs('current-podip', ['lab-rv nat OUTPUT policy: kernel 0 pkts/0 bytes, simulator 1 pkts/60 bytes'])).toHaveLength(1);
  });
});
