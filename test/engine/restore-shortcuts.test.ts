// iptables-nft-restore's shortcut for plain -A lines (src/engine/restore-append.ts) must
// not change anything a reader can see: every restore input of the fixtures (Istio
// goldens and rendered sets, the kernel corner cases, fuzz-found inputs, lab rules) and a
// set of kube-proxy-style inputs with their usual mistakes (missing chains and jump
// targets, jumps to built-in chains, loops, -X, policies, --test, --noflush) is restored
// with the shortcut and without it; stdout, stderr, exit code, iptables-save -c,
// -L -v -n and the rule objects themselves must be identical.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Firewall, type Rule } from '../../src/engine/model.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import { runIptablesSave } from '../../src/engine/save.ts';
import { newPendingAppends } from '../../src/engine/restore-append.ts';
import { restoreShortcuts } from '../../src/engine/restore-switch.ts';
import { NameDb } from '../../src/engine/names/namedb.ts';
import { ETC_BASE } from '../../src/engine/names/etc-base.ts';
import { splitRestoreLine } from '../../src/engine/restore.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const env = { names: new NameDb(ETC_BASE), now: () => new Date(Date.UTC(2026, 0, 1)) };

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (fs.statSync(p).size < 2_000_000) out.push(p);
  }
  return out.sort();
}

/** printf's escapes, enough for the fuzz-found commands */
function unprintf(s: string): string {
  return s.replace(/\\(n|t|\\|r)/g, (_m, c: string) => ({ n: '\n', t: '\t', '\\': '\\', r: '\r' })[c]!).replace(/%%/g, '%');
}

interface Input { name: string; args: string[]; text: string }

function fixtureInputs(): Input[] {
  const out: Input[] = [];
  for (const file of walk(FIXTURES)) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes('\0')) continue;
    const rel = path.relative(FIXTURES, file);
    // a whole file that looks like restore input
    if (/^(\*|:|-A |-N |-I )/m.test(text) && /^\s*\*\s*\w+/m.test(text)) out.push({ name: rel, args: [], text });
    // printf '...' | iptables-restore ARGS
    for (const m of text.matchAll(/printf '([^']*)' \| iptables(?:-nft)?-restore([^\n|>]*)/g)) {
      let args: string[];
      try {
        args = splitRestoreLine(m[2]);
      } catch {
        continue;
      }
      out.push({ name: `${rel}: ${m[0].slice(0, 60)}`, args, text: unprintf(m[1]) });
    }
  }
  return out;
}

function kubeProxyInputs(): Input[] {
  const head = ['*nat', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', ':KUBE-SERVICES - [0:0]', ':KUBE-MARK-MASQ - [0:0]', ':KUBE-SVC-A - [0:0]', ':KUBE-SEP-A - [0:0]'];
  const body = [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '-A POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A POSTROUTING -m comment --comment "snat" -j MASQUERADE --random-fully',
    '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-A',
    '-A KUBE-SVC-A ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "x" -m tcp --dport 443 -j KUBE-MARK-MASQ',
    '-A KUBE-SVC-A -m comment --comment "a -> b" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A',
    '-A KUBE-SEP-A -s 172.18.0.2/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-A -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 172.18.0.2:6443',
  ];
  const make = (name: string, lines: string[], args: string[] = []): Input => ({ name, args, text: lines.join('\n') + '\n' });
  const ok = [...head, ...body, 'COMMIT'];
  const out: Input[] = [make('kube-proxy', ok), make('kube-proxy --test', ok, ['--test']), make('kube-proxy --noflush', ok, ['--noflush'])];
  const mistakes: Array<[string, string[]]> = [
    ['jump to a missing chain', [...head, ...body, '-A KUBE-SEP-A -j KUBE-SEP-MISSING', 'COMMIT']],
    ['append to a missing chain', [...head, ...body, '-A KUBE-MISSING -j ACCEPT', 'COMMIT']],
    ['jump to a built-in chain', [...head, ...body, '-A KUBE-SEP-A -j OUTPUT', 'COMMIT']],
    ['goto a verdict', [...head, ...body, '-A KUBE-SEP-A -g ACCEPT', 'COMMIT']],
    ['a loop', [...head, ...body, '-A KUBE-SEP-A -j KUBE-SVC-A', 'COMMIT']],
    ['DNAT in POSTROUTING', [...head, '-A POSTROUTING -p tcp -j DNAT --to-destination 1.2.3.4', 'COMMIT']],
    ['MASQUERADE in OUTPUT', [...head, '-A OUTPUT -j MASQUERADE', 'COMMIT']],
    ['tcp match without -p', [...head, '-A KUBE-SEP-A -m tcp --dport 80 -j ACCEPT', 'COMMIT']],
    ['DROP in nat', [...head, '-A KUBE-SEP-A -j DROP', 'COMMIT']],
    ['a chain declared after its use', [...head.filter((l) => l !== ':KUBE-SEP-A - [0:0]'), ...body, ':KUBE-SEP-A - [0:0]', 'COMMIT']],
    ['-X then a built-in chain', [...head, '-A OUTPUT -j ACCEPT', '-X', '-A OUTPUT -j ACCEPT', 'COMMIT']],
    ['-X forgets a built-in chain with a policy', ['*filter', ':OUTPUT DROP [0:0]', '-A OUTPUT -j ACCEPT', '-X', '-A OUTPUT -m comment --comment x -j ACCEPT', 'COMMIT']],
    ['policy and -X', ['*nat', ':OUTPUT DROP [0:0]', ':A - [0:0]', '-X A', '-A OUTPUT -j ACCEPT', 'COMMIT']],
    ['no COMMIT', [...head, ...body]],
    ['a syntax error after good lines', [...head, ...body, '-A KUBE-SEP-A -m tcp --bogus', 'COMMIT']],
    ['warnings while parsing', ['*filter', ':X - [0:0]', '-A X -i a/b -j ACCEPT', '-A X -m iprange --src-range 10.0.0.9-10.0.0.1 -j ACCEPT', '-A X -m comment --comment ok -j ACCEPT', 'COMMIT']],
    ['two tables', [...head, ...body, 'COMMIT', '*filter', ':FWD - [0:0]', '-A FORWARD -j FWD', '-A FWD -m comment --comment x -j ACCEPT', 'COMMIT']],
    ['-A of a chain -N made', ['*nat', '-N NEW', '-A NEW -j RETURN', '-A OUTPUT -j NEW', 'COMMIT']],
    ['-F between appends', [...head, ...body, '-F KUBE-SEP-A', '-A KUBE-SEP-A -j RETURN', 'COMMIT']],
    // PendingAppends.commit remembers the last line's chain and jump: whatever runs between two
    // such lines may replace or rename them
    ['a chain re-created between appends', [...head, ...body, '-A KUBE-SEP-A -j KUBE-MARK-MASQ', '-F KUBE-SEP-A', '-X KUBE-SEP-A', '-N KUBE-SEP-A', '-A KUBE-SEP-A -j KUBE-MARK-MASQ', '-A KUBE-SEP-A -j KUBE-MARK-MASQ', 'COMMIT']],
    ['a jump target renamed between appends', [...head, ...body, '-A KUBE-SEP-A -j KUBE-MARK-MASQ', '-E KUBE-MARK-MASQ KUBE-MM', '-N KUBE-MARK-MASQ', '-A KUBE-SEP-A -j KUBE-MARK-MASQ', '-A KUBE-SEP-A -j KUBE-MM', 'COMMIT']],
    ['a jump target deleted between appends', [...head, ...body, ':KUBE-X - [0:0]', '-A KUBE-SEP-A -j KUBE-X', '-X KUBE-X', '-A KUBE-SEP-A -j KUBE-X', 'COMMIT']],
    ['a chain line between appends', [...head, ...body, '-A KUBE-SEP-A -j KUBE-MARK-MASQ', ':KUBE-SEP-A - [0:0]', '-A KUBE-SEP-A -j KUBE-MARK-MASQ', 'COMMIT']],
    ['-D of an appended rule', [...head, ...body, '-D KUBE-SEP-A -s 172.18.0.2/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ', 'COMMIT']],
  ];
  for (const [name, lines] of mistakes) out.push(make(name, lines), make(`${name} --noflush`, lines, ['--noflush']));
  return out;
}

/** a rule's own fields (a jump's chain by name: chains carry scratch stamps of global counters) */
function ruleFields(r: Rule): unknown {
  const t = r.target;
  const target = t.kind === 'chain' ? { kind: t.kind, name: t.name, chain: t.chain?.name } : t.kind === 'ext' ? { kind: t.kind, ext: t.ext.name, data: t.data } : t;
  return { ...r, target, matches: r.matches.map((m) => ({ ext: m.ext.name, data: m.data })), key: undefined, specMemo: undefined, listMemo: undefined };
}

/** everything a reader could see of a restore, plus the rule objects */
function outcome(input: Input, shortcuts: boolean, prepare: (fw: Firewall) => void): unknown {
  restoreShortcuts.enabled = shortcuts;
  try {
    const fw = new Firewall({ flavor: 'nft' });
    prepare(fw);
    const r = runIptablesRestore(fw, input.args, input.text, env);
    const save = runIptablesSave(fw, ['-c'], env);
    const lists = ['nat', 'filter', 'mangle'].map((t) => runIptables(fw, ['-t', t, '-L', '-v', '-n', '-x'], env));
    const tables = [...fw.tables.values()].map((t) => ({
      name: t.name,
      chains: [...t.chains.values()].map((c) => ({ name: c.name, policy: c.policy, pkts: c.pkts, bytes: c.bytes, materialized: c.materialized, rules: c.rules.map(ruleFields) })),
    }));
    return { r, save, lists, tables };
  } finally {
    restoreShortcuts.enabled = true;
  }
}

describe('iptables-nft-restore shortcut for plain -A lines', () => {
  const inputs = [...fixtureInputs(), ...kubeProxyInputs()];
  const before = (fw: Firewall): void => {
    runIptables(fw, ['-t', 'nat', '-N', 'KUBE-SEP-A'], env);
    runIptables(fw, ['-t', 'nat', '-A', 'OUTPUT', '-j', 'KUBE-SEP-A'], env);
  };

  it('has inputs from the fixtures, most of whose rule lines take the shortcut', () => {
    expect(inputs.length).toBeGreaterThan(150);
    const popts = { flavor: 'nft' as const, names: env.names, table: 'nat', restore: true };
    let taken = 0;
    for (const input of inputs) {
      for (const line of input.text.split('\n')) {
        if (!line.startsWith('-A ')) continue;
        try {
          if (newPendingAppends().prepare(splitRestoreLine(line), popts, 1, 0, line.length) >= 0) taken++;
        } catch {
          // (an unterminated quote: not a line the shortcut sees)
        }
      }
    }
    expect(taken).toBeGreaterThan(1000);
  });

  it('changes nothing visible on an empty firewall or an existing table', () => {
    const different: string[] = [];
    for (const input of inputs) {
      for (const prepare of [() => {}, before]) {
        const a = outcome(input, true, prepare);
        const b = outcome(input, false, prepare);
        try {
          expect(a).toEqual(b);
        } catch {
          different.push(input.name);
        }
      }
    }
    expect(different).toEqual([]);
  }, 120_000);
});
