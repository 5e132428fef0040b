// The LAB helper's extra real-kernel scenarios (test/fixtures/lab-extra): current rules,
// legacy, inbound and outbound exclusions, a pod calling its own IP, TPROXY with
// 127.0.0.6. nat counters exact, mangle/filter within the spread of the lab's runs, and
// the rule files themselves regenerated from options.
import { describe, expect, it } from 'vitest';
import { generateIstioRules } from '../../src/world/istio-iptables/generate.ts';
import { toRestoreFile } from '../../src/world/istio-iptables/builder.ts';
import { labCounterMap, labCounters, labFile, optionsForRuleFile, POD_OF, runLabAny, scenarioInfo, simCounters, spread } from './lab-harness.ts';
import { readFileSync } from 'node:fs';
import { runner } from './cmd-harness.ts';

const SCENARIOS = ['current-podip', 'current-podip-legacy', 'exclude-inbound-port', 'exclude-outbound-cidr', 'self-call', 'tproxy-podip', 'dns-capture', 'tproxy'];
const sp = spread();

describe('lab-extra rule files are our generator output', () => {
  // (istio-1.6-nat.rules is in iptables-save form; test/world/istio-rendered.test.ts compares it)
  for (const f of ['istio-current.rules', 'istio-current-exclude-inbound-9080.rules', 'istio-current-exclude-outbound-cidr.rules', 'cni-tproxy.rules', 'cni-dns.rules']) {
    it(f, () => {
      const text = readFileSync(new URL(`../fixtures/lab-extra/rules/${f}`, import.meta.url), 'utf8');
      const ours = toRestoreFile(generateIstioRules(optionsForRuleFile(f)!).v4);
      const rules = (t: string): string[] => t.split('\n').filter((l) => l.startsWith('-A ') || l.startsWith('-I '));
      expect(rules(ours)).toEqual(rules(text));
    });
  }
});

describe('lab-extra scenarios', () => {
  for (const s of SCENARIOS) {
    describe(`${s}: ${scenarioInfo(s).description}`, () => {
      const { world, results } = runLabAny(s);
      const lab = labCounters(s);
      it('the client ended as in the lab', () => {
        const labExits = [...labFile(s, 'curl-exit-codes.txt').matchAll(/(?:rc=|exit code )(\d+)/g)].map((m) => Number(m[1]));
        expect(results.map((r) => r.exit)).toEqual(labExits);
      });
      for (const pod of ['lab-pp', 'lab-rv']) {
        it(`${pod}: nat and raw counters equal the lab's`, () => {
          for (const table of ['nat', 'raw']) {
            const ours = simCounters(world, POD_OF[pod], table);
            for (const [k, v] of labCounterMap(lab, pod, table)) expect([table, k, ...(ours.get(k) ?? [0, 0])]).toEqual([table, k, ...v]);
          }
        });
        it(`${pod}: mangle and filter within the lab's spread`, () => {
          for (const table of ['mangle', 'filter']) {
            const ours = simCounters(world, POD_OF[pod], table);
            for (const [k, [lo, hi]] of Object.entries(sp[s][pod][table] ?? {})) {
              const got = ours.get(k)?.[0] ?? 0;
              expect({ table, k, got, ok: got >= lo && got <= hi }).toEqual({ table, k, got, ok: true });
            }
          }
        });
      }
    });
  }
});

describe('tproxy with original_src: the redirected SYN can never be answered', () => {
  it("reviews' conntrack keeps the unanswered redirect, marked 1337, and the reset downstream", () => {
    const { world } = runLabAny('tproxy');
    const norm = (t: string): string => t.replace(/port=[2-6]\d{4}/g, 'port=EPH').replace(/ (\d+) (SYN_SENT|CLOSE) /g, ' T $2 ');
    const ours = [...world.pod('reviews-v1')!.ns.conntrack.conns].map((c) => c).length;
    expect(ours).toBe(2);
    const lab = labFile('tproxy', 'lab-rv.conntrack-L.txt').split('\n').filter((l) => l.startsWith('tcp')).map(norm).sort();
    const run = runner(world)('nsenter -t 8533 -n conntrack -L');
    expect(run.stdout.trim().split('\n').map(norm).sort()).toEqual(lab);
  });
});

describe('lab-extra scenarios whose DNS or VIP plumbing differs from the lab', () => {
  it('self-call-vip: the app calls its own Service; nat counters in reviews equal the lab\'s', () => {
    const { world, results } = runLabAny('self-call-vip');
    expect(results[0].exit).toBe(0);
    const ours = simCounters(world, 'reviews-v1', 'nat');
    for (const [k, v] of labCounterMap(labCounters('self-call-vip'), 'lab-rv', 'nat')) expect([k, ...(ours.get(k) ?? [0, 0])]).toEqual([k, ...v]);
  });
  it('current-podip-by-name: productpage resolves "reviews" over UDP; its nat counters (DNS query included) equal the lab\'s', () => {
    const { world, results } = runLabAny('current-podip-by-name');
    expect(results[0].exit).toBe(0);
    const lab = labCounters('current-podip-by-name');
    const ours = simCounters(world, 'productpage-v1', 'nat');
    for (const [k, v] of labCounterMap(lab, 'lab-pp', 'nat')) expect([k, ...(ours.get(k) ?? [0, 0])]).toEqual([k, ...v]);
    // reviews: the same, except the lab's DNS stub lived in lab-rv (its query hit nat PREROUTING's policy there)
    const rv = simCounters(world, 'reviews-v1', 'nat');
    for (const [k, v] of labCounterMap(lab, 'lab-rv', 'nat')) {
      if (k === 'PREROUTING policy') expect(v).toEqual([1, 79]);
      else expect([k, ...(rv.get(k) ?? [0, 0])]).toEqual([k, ...v]);
    }
    for (const table of ['mangle', 'filter']) {
      const o = simCounters(world, 'productpage-v1', table);
      for (const [k, [lo, hi]] of Object.entries(sp['current-podip-by-name']['lab-pp'][table])) {
        const got = o.get(k)?.[0] ?? 0;
        expect({ table, k, got, ok: got >= lo && got <= hi }).toEqual({ table, k, got, ok: true });
      }
    }
  });
});
