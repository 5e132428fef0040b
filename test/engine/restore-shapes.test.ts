// restore-shapes.ts replays a known line shape on a new line's values instead of parsing
// the line. Whatever the values, a reader must see the same as without it: random
// restore inputs made of a few shapes, with good and bad values at every value position
// (chains, addresses, comments, ports, jumps, NAT ranges, probabilities, marks), are
// restored with the shortcuts and without; stdout, stderr, exit code, iptables-save -c,
// -L -v -n -x and the rule objects must be identical.

import { describe, expect, it } from 'vitest';
import { Firewall, type Rule } from '../../src/engine/model.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import { runIptablesSave } from '../../src/engine/save.ts';
import { restoreShortcuts } from '../../src/engine/restore-switch.ts';
import { newRestoreShapes, type RestoreShapes } from '../../src/engine/restore-shapes.ts';
import { NameDb } from '../../src/engine/names/namedb.ts';
import { ETC_BASE } from '../../src/engine/names/etc-base.ts';
import { kubeProxyDump } from '../../bench/dump.ts';
// (the fuzzer's generator: the same inputs on every run)
import { mulberry32 } from '../kernel/lib/fuzz-gen.ts';

const env = { names: new NameDb(ETC_BASE), now: () => new Date(Date.UTC(2026, 0, 1)) };


const USER_CHAINS = ['KUBE-SERVICES', 'KUBE-MARK-MASQ', 'KUBE-SVC-A', 'KUBE-SEP-A', 'KUBE-SEP-B'];

/** mostly good values, then the mistakes and oddities each position can hold */
const VALUES: Record<string, { good: string[]; odd: string[] }> = {
  C: { good: USER_CHAINS, odd: ['PREROUTING', 'OUTPUT', 'INPUT', 'POSTROUTING', 'KUBE-MISSING', 'X'.repeat(29), 'X'.repeat(28)] },
  A: { good: ['10.0.0.1', '10.0.0.0/8', '10.1.2.3/32', '1.2.3.4/255.255.0.0', '0/0'], odd: ['300.1.1.1', '10.0.0.1/33', 'localhost', 'nonexistent.invalid', '1.2.3.4/0', '-1', '10.0.0.1,10.0.0.2'] },
  M: { good: ['ns/svc:http', 'a -> b', 'x'], odd: ['y'.repeat(256), 'y'.repeat(255), '-x', '!', ''] },
  P: { good: ['80', '443', '8080', '1:1024'], odd: ['0', '65536', 'http', 'bogus', '5:1', '', '-1', '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16', '1,2'] },
  J: { good: ['KUBE-MARK-MASQ', 'KUBE-SEP-A', 'KUBE-SVC-A', 'RETURN', 'ACCEPT'], odd: ['DROP', 'MASQUERADE', 'DNAT', 'REJECT', 'KUBE-MISSING', 'OUTPUT', 'J'.repeat(29), 'CLASSIFY', 'LOG', 'QUEUE', 'KUBE-SERVICES'] },
  D: { good: ['10.0.0.1', '10.0.0.1:80', '10.0.0.1-10.0.0.9', '10.0.0.1:80-90'], odd: ['bogus', '10.0.0.1:0', '10.0.0.1:99999', '10.0.0.9-10.0.0.1', ':80', '10.0.0.1:90-80'] },
  R: { good: ['0.5', '0.33333333349', '1'], odd: ['1.5', '-1', 'abc', '0', '0x1'] },
  K: { good: ['0x4000/0x4000', '0x1', '7'], odd: ['bogus', '0x4000/', '/0x1', '4294967296'] },
  // statistic nth: its final check compares the two, and sets the counter from them
  N: { good: ['2', '3', '10'], odd: ['0', 'bogus', '4294967296'] },
  Q: { good: ['0', '1'], odd: ['5', '-1', '12'] },
  // iprange warns of a reversed range (a note on stderr, not an error)
  G: { good: ['10.0.0.1-10.0.0.9', '10.0.0.5'], odd: ['10.0.0.9-10.0.0.1', 'bogus', '10.0.0.1-'] },
  W: { good: ['tcp-reset', 'icmp-port-unreachable', 'icmp-host-prohibited'], odd: ['echo-reply', 'bogus', 'tcp-rst'] },
};

const SHAPES = [
  '-A {C} -d {A} -p tcp -m comment --comment "{M}" -m tcp --dport {P} -j {J}',
  '-A {C} -m comment --comment "{M}" -m statistic --mode random --probability {R} -j {J}',
  '-A {C} -s {A} -m comment --comment "{M}" -j {J}',
  '-A {C} -p tcp -m comment --comment "{M}" -m tcp -j DNAT --to-destination {D}',
  '-A {C} -i eth0 -j {J}',
  '-A {C} -o eth0 -j {J}',
  '-A {C} ! -s {A} -j {J}',
  '-A {C} -m mark --mark {K} -j {J}',
  '-A {C} -g {J}',
  '-A {C} -p udp -m udp --sport {P} -j {J}',
  '-A {C} -j MARK --set-xmark {K}',
  '-A {C} -p tcp -m multiport --dports {P} -j {J}',
  '-A {C} -j {J}',
  '-A {C} -s {A} -d {A} -j {J}',
  '-A {C} -m statistic --mode nth --every {N} --packet {Q} -j {J}',
  '-A {C} -m iprange --src-range {G} -j {J}',
  '-A {C} -p tcp -j REJECT --reject-with {W}',
];

function input(seed: number, table: string): string {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const value = (k: string): string => {
    const v = VALUES[k];
    return r() < 0.9 ? pick(v.good) : pick(v.odd);
  };
  const lines = [`*${table}`, ...USER_CHAINS.map((c) => `:${c} - [0:0]`)];
  // a few shapes per input, each repeated with other values
  const shapes = [pick(SHAPES), pick(SHAPES), pick(SHAPES)];
  const n = 5 + Math.floor(r() * 25);
  // some inputs separate words with tabs, or hold a backslash: the shapes read those another way
  const tabs = seed % 3 === 0;
  for (let i = 0; i < n; i++) {
    let line = pick(shapes).replace(/\{([A-Z])\}/g, (_m, k: string) => value(k));
    if (tabs) line = line.replace(/ -/g, () => (r() < 0.5 ? '\t-' : ' \t -'));
    lines.push(line);
  }
  // quotes inside a word (a line of the same shape before them)
  if (seed % 17 === 0) {
    lines.splice(lines.length - 2, 0, ...['plain', 'x"y"z', 'x"y"', '"y z"w', '""', '"y"z'].map((c) => `-A KUBE-SEP-A -m comment --comment ${c} -j KUBE-MARK-MASQ`));
  }
  if (seed % 13 === 0) lines.splice(lines.length - 2, 0, '-A KUBE-SEP-A -m comment --comment "a\\"b" -j KUBE-MARK-MASQ', '-A KUBE-SEP-A -m comment --comment a\\b -j KUBE-MARK-MASQ');
  lines.push('COMMIT');
  return lines.join('\n') + '\n';
}

function ruleFields(r: Rule): unknown {
  const t = r.target;
  const target = t.kind === 'chain' ? { kind: t.kind, name: t.name, chain: t.chain?.name } : t.kind === 'ext' ? { kind: t.kind, ext: t.ext.name, data: t.data } : t;
  return { ...r, target, matches: r.matches.map((m) => ({ ext: m.ext.name, data: m.data, compat: m.compat })), key: undefined, specMemo: undefined };
}

function outcome(text: string, args: string[], shortcuts: boolean): unknown {
  restoreShortcuts.enabled = shortcuts;
  try {
    const fw = new Firewall({ flavor: 'nft' });
    const r = runIptablesRestore(fw, args, text, env);
    const save = runIptablesSave(fw, ['-c'], env);
    const lists = ['nat', 'filter'].map((t) => runIptables(fw, ['-t', t, '-L', '-v', '-n', '-x'], env));
    const tables = [...fw.tables.values()].map((t) => ({
      name: t.name,
      chains: [...t.chains.values()].map((c) => ({ name: c.name, policy: c.policy, rules: c.rules.map(ruleFields) })),
    }));
    return { r, save, lists, tables };
  } finally {
    restoreShortcuts.enabled = true;
  }
}

/** how many lines the shapes took, while `f` runs */
function shapeHits(f: () => void): number {
  const proto = Object.getPrototypeOf(newRestoreShapes()) as RestoreShapes;
  const match = proto.match;
  let hits = 0;
  proto.match = function (this: RestoreShapes, ...a: Parameters<RestoreShapes['match']>) {
    const at = match.apply(this, a);
    if (at >= 0) hits++;
    return at;
  };
  try {
    f();
  } finally {
    proto.match = match;
  }
  return hits;
}

describe('iptables-nft-restore by line shape', () => {
  it('takes the repeated lines of a kube-proxy dump', () => {
    const dump = kubeProxyDump(2000);
    const hits = shapeHits(() => {
      expect(runIptablesRestore(new Firewall({ flavor: 'nft' }), [], dump.text, env).code).toBe(0);
    });
    // all but the first line of each shape (and the few one-off lines)
    expect(hits).toBeGreaterThan(dump.rules - 20);
  });

  it('changes nothing visible, with good and bad values in every position', () => {
    const different: string[] = [];
    let hits = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const table = seed % 5 === 0 ? 'filter' : 'nat';
      const text = input(seed, table);
      const args = seed % 7 === 0 ? ['--noflush'] : seed % 11 === 0 ? ['--test'] : [];
      let a: unknown;
      hits += shapeHits(() => {
        a = outcome(text, args, true);
      });
      const b = outcome(text, args, false);
      try {
        expect(a).toEqual(b);
      } catch {
        different.push(`seed ${seed}:\n${text}`);
      }
    }
    expect(different).toEqual([]);
    // the inputs do exercise the shapes
    expect(hits).toBeGreaterThan(8000);
  }, 120_000);
});

describe('data a shape shares between lines', () => {
  const text = [
    '*nat', ':SEP - [0:0]',
    '-A SEP -p tcp -m comment --comment "ns/a" -m tcp --dport 80 -j ACCEPT',
    '-A SEP -p tcp -m comment --comment "ns/a" -m tcp --dport 80 -j ACCEPT',
    '-A SEP -p tcp -m comment --comment "ns/a" -m tcp --dport 80 -j ACCEPT',
    '-A SEP -p tcp -m comment --comment "ns/b" -m tcp --dport 81 -j ACCEPT',
    '-A SEP -p tcp -m comment --comment "ns/b" -m tcp ! --dport 0:100 -j ACCEPT',
    '-A SEP -p tcp -m comment --comment "ns/b" -m tcp ! --dport 0:100 -j ACCEPT',
    '-A SEP -p tcp -m comment --comment "ns/b" -m tcp ! --dport 0:65535 -j ACCEPT',
    '-A SEP -p tcp -m comment --comment "ns/b" -m tcp ! --dport 0:65535 -j ACCEPT',
    'COMMIT', '',
  ].join('\n');

  it('is the same object for the same arguments, never for a negated option, and lists as parsed anew', () => {
    const fw = new Firewall({ flavor: 'nft' });
    expect(runIptablesRestore(fw, [], text, env).code).toBe(0);
    const rules = fw.peek('nat')!.chains.get('SEP')!.rules;
    const data = (r: Rule, ext: string): unknown => r.matches.find((m) => m.ext.name === ext)?.data;
    // lines 2 and 3 take line 2's parse (line 1 is the shape's first: parsed the general way)
    expect(data(rules[2], 'comment')).toBe(data(rules[1], 'comment'));
    expect(data(rules[2], 'tcp')).toBe(data(rules[1], 'tcp'));
    // other arguments: made anew
    expect(data(rules[3], 'comment')).not.toBe(data(rules[2], 'comment'));
    expect(data(rules[3], 'tcp')).not.toBe(data(rules[2], 'tcp'));
    // `!`: nft-native.ts reads a negated range back in place, so each rule has its own
    expect(data(rules[5], 'tcp')).not.toBe(data(rules[4], 'tcp'));
    const without = outcome(text, [], false) as { save: { stdout: string }; lists: Array<{ stdout: string }> };
    const withShapes = outcome(text, [], true) as typeof without;
    expect(withShapes.save.stdout).toBe(without.save.stdout);
    expect(withShapes.lists[0].stdout).toBe(without.lists[0].stdout);
    // the negated full range vanishes in nft (as the kernel keeps it) on both lines
    expect(withShapes.save.stdout.match(/-A SEP -p tcp -m comment --comment "ns\/b" -j ACCEPT/g)?.length).toBe(2);
  });
});
