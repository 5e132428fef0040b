// The lab fixtures and the comparison helpers the traffic tests rely on.
import { describe, expect, it } from 'vitest';
import {
  LAB_PODS, diffExact, diffSpread, exactTables, labCounters, labFile, labHookRules, labRules, labScenario,
  labScenarioNames, labSpread, parseSaveCounters,
} from './lab-fixtures.ts';
import type { TableCounters, TableName } from './lab-fixtures.ts';

const names = labScenarioNames();
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('lab fixtures', () => {
  it('hold the 6 reference captures and the 11 added by lab/', () => {
    expect(names).toEqual([
      'current-podip', 'current-podip-by-name', 'current-podip-legacy', 'dns-capture', 'dns-capture-glibc', 'exclude-inbound-port', 'exclude-outbound-cidr',
      'legacy-localhost', 'legacy-podip', 'nft-localhost', 'nft-localhost-3req', 'nft-podip', 'no-uid-rule',
      'self-call', 'self-call-vip', 'tproxy', 'tproxy-podip',
    ]);
  });

  it.each(names)('%s: scenario.txt parses, its rule files exist, SOURCE.md says where it came from', (name) => {
    const s = labScenario(name);
    expect(['nft', 'legacy']).toContain(s.backend);
    expect(s.requests).toBeGreaterThan(0);
    for (const pod of LAB_PODS) if (s.rules[pod] !== 'none') expect(labRules(s.rules[pod])).toMatch(/^\*nat$/m);
    expect(labFile(name, 'SOURCE.md')).toMatch(/captur/);
    expect(labHookRules(name)).toMatch(/^\*mangle$/m);
  });

  it.each(names)('%s: the TS save parser agrees with counters.json (parse_counters.py)', (name) => {
    const c = labCounters(name);
    const files: Record<TableName, string> = {
      nat: 'nat-save-c.txt', raw: 'raw-save-c.txt', mangle: 'hooks-mangle-save-c.txt', filter: 'hooks-filter-save-c.txt',
    };
    let compared = 0;
    for (const pod of LAB_PODS) {
      for (const table of Object.keys(c[pod] ?? {}) as TableName[]) {
        expect(parseSaveCounters(labFile(name, `${pod}.${files[table]}`), table)).toEqual(c[pod][table]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(2);
  });

  it.each(names)('%s: every mangle/filter counter lies in spread.json (the capture is one of its samples)', (name) => {
    const c = labCounters(name);
    const sp = labSpread()[name];
    expect(sp).toBeDefined();
    for (const pod of LAB_PODS) {
      for (const table of ['mangle', 'filter'] as const) {
        const got = c[pod]?.[table];
        if (!got) continue;
        expect(diffSpread(pod, table, sp[pod][table], got)).toEqual([]);
      }
    }
  });
});

describe('comparison helpers', () => {
  const c = labCounters('nft-podip');
  const nat = c['lab-pp'].nat as TableCounters;

  it('equal counters give no difference; nat and raw are the exact tables', () => {
    expect(diffExact('lab-pp', 'nat', nat, clone(nat))).toEqual([]);
    expect(exactTables(c, 'lab-pp')).toEqual(['nat']);
    expect(exactTables(labCounters('dns-capture'), 'lab-pp')).toEqual(['nat', 'raw']);
  });

  it('a packet more, a byte more, a missing chain or a different rule are all reported', () => {
    const more = clone(nat);
    more.ISTIO_REDIRECT.rules[0].pkts++;
    expect(diffExact('lab-pp', 'nat', nat, more)).toEqual([
      'lab-pp nat ISTIO_REDIRECT #1: kernel 1 pkts/60 bytes, simulator 2 pkts/60 bytes',
    ]);
    const bytes = clone(nat);
    bytes.OUTPUT.policy_counters = [1, 61];
    expect(diffExact('lab-pp', 'nat', nat, bytes)).toHaveLength(1);
    expect(diffExact('lab-pp', 'nat', nat, bytes, { bytes: false })).toEqual([]);
    const gone = clone(nat);
    delete gone.POSTROUTING;
    expect(diffExact('lab-pp', 'nat', nat, gone)).toEqual(['lab-pp nat: chain POSTROUTING missing']);
    const other = clone(nat);
    other.ISTIO_OUTPUT.rules[0].rule = '-A ISTIO_OUTPUT -j RETURN';
    expect(diffExact('lab-pp', 'nat', nat, other)[0]).toMatch(/^lab-pp nat ISTIO_OUTPUT: rules differ/);
  });

  it('spread: inside passes, outside is reported with the measured range', () => {
    const mangle = c['lab-rv'].mangle as TableCounters;
    const sp = labSpread()['nft-podip']['lab-rv'].mangle;
    const [lo, hi] = sp['OUTPUT #1'];
    expect(lo).toBeLessThanOrEqual(hi);
    const off = clone(mangle);
    off.OUTPUT.rules[0].pkts = hi + 1;
    expect(diffSpread('lab-rv', 'mangle', sp, off)).toEqual([`lab-rv mangle OUTPUT #1: kernel ${lo}..${hi} pkts, simulator ${hi + 1}`]);
  });
});
