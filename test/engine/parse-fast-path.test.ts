// The rule-line shortcut (src/engine/cmdline-fast.ts) must be invisible: for every
// argv it either declines (null) or returns exactly what parseCommand returns, and it
// never accepts a line parseCommand refuses. The corpus is every rule-like line of the
// test fixtures (Istio goldens, kernel captures and cases, fuzz-found inputs, iptables .t
// vectors, lab rules, kube-proxy-style lines) plus mutations of each (a word dropped,
// two words swapped, a '!' inserted), which reach the shortcut's refusal paths.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCommand, type ParsedCommand, type ParseOptions } from '../../src/engine/cmdline.ts';
import { parseRuleFast } from '../../src/engine/cmdline-fast.ts';
import { splitRestoreLine } from '../../src/engine/restore.ts';
import { NameDb } from '../../src/engine/names/namedb.ts';
import { ETC_BASE } from '../../src/engine/names/etc-base.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (fs.statSync(p).size < 4_000_000) out.push(p);
  }
  return out.sort();
}

/** the argv candidates one fixture line holds */
function candidates(line: string, file: string): string[][] {
  const texts: string[] = [];
  if (file.endsWith('.t') && line.includes(';') && !line.startsWith(':') && !line.startsWith('*')) texts.push(`-A T ${line.split(';')[0]}`);
  // printf '...\n...' | iptables-restore: each line of the quoted input
  const pf = /printf '([^']*)'/.exec(line);
  if (pf) texts.push(...pf[1].split('\\n'));
  texts.push(line);
  const out: string[][] = [];
  for (const t of texts) {
    let words: string[];
    try {
      words = splitRestoreLine(t);
    } catch {
      continue;
    }
    const a = words.findIndex((w) => w === '-A' || w === '-I' || w === '-C' || w === '-D');
    if (a < 0) continue;
    // drop a shell tail (pipes, redirections)
    const end = words.findIndex((w, i) => i > a && (w === '|' || w === '2>&1' || w === '&&' || w === ';'));
    out.push(words.slice(a, end < 0 ? undefined : end));
  }
  return out;
}

function kubeProxyLines(): string[][] {
  const lines = [
    '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y',
    '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 172.18.0.2:6443" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A',
    '-A KUBE-SEP-A -s 172.18.0.2/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-A -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 172.18.0.2:6443',
    '-A KUBE-SVC-X ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-MARK-MASQ',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-NODEPORTS -p tcp -m comment --comment "ns/svc:http" -m tcp --dport 30080 -j KUBE-EXT-X',
    '-A KUBE-FW -m comment --comment "x" -j DROP',
    '-A KUBE-X -g KUBE-Y',
    '-A KUBE-X -j',
    '-A KUBE-X -m comment --comment',
    '-A KUBE-X -p tcp -m tcp --dport 80 --dport 81 -j ACCEPT',
    '-A KUBE-X -p tcp -m comment --comment a -m comment --comment b -j ACCEPT',
    '-A KUBE-X -m statistic --mode random -j ACCEPT',
    '-A KUBE-X -j DNAT --to-destination 1.2.3.4 --random --random',
    '-A KUBE-X -o eth0 -i eth1 -j ACCEPT',
    '-A OUTPUT -i eth1 -j ACCEPT',
    '-A KUBE-X -s 1.2.3.4,5.6.7.8 -j ACCEPT',
    '-A KUBE-X -s host.example -j ACCEPT',
    '-A KUBE-X -p all ! -p tcp -j ACCEPT',
    '-A KUBE-X ! -p 0 -j ACCEPT',
    '-A KUBE-X -j NFLOG',
    '-A KUBE-X -j AVERYLONGTARGETNAMEOVERTWENTYNINE',
  ];
  return lines.map(splitRestoreLine);
}

function corpus(): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  const add = (w: string[]): void => {
    const k = JSON.stringify(w);
    if (seen.has(k)) return;
    seen.add(k);
    out.push(w);
  };
  for (const w of kubeProxyLines()) add(w);
  for (const file of walk(FIXTURES)) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes('\0')) continue;
    for (const line of text.split('\n')) for (const w of candidates(line, file)) add(w);
  }
  return out;
}

function mutations(words: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 1; i < words.length; i++) {
    out.push([...words.slice(0, i), ...words.slice(i + 1)]);
    out.push([...words.slice(0, i), '!', ...words.slice(i)]);
    if (i + 1 < words.length) out.push([...words.slice(0, i), words[i + 1], words[i], ...words.slice(i + 2)]);
  }
  return out;
}

/** the command with extensions named and their option sets as sorted lists */
function normal(p: ParsedCommand): unknown {
  const inst = (m: { ext: { name: string }; data: unknown; seen: Iterable<string>; completed: boolean }) => ({ ext: m.ext.name, data: m.data, seen: [...m.seen].sort(), completed: m.completed });
  return { ...p, matches: p.matches.map(inst), target: p.target ? inst(p.target) : null };
}

const names = new NameDb(ETC_BASE);
const OPTS: ParseOptions[] = [
  { flavor: 'nft', names, table: 'nat', restore: true },
  { flavor: 'legacy', names, table: 'filter', restore: true },
  { flavor: 'nft', names, table: 'mangle', restore: false },
];

function general(words: string[], popts: ParseOptions): { ok: ParsedCommand } | { err: string } {
  try {
    return { ok: parseCommand(words, popts) };
  } catch (e) {
    return { err: String((e as { msg?: string }).msg ?? e) };
  }
}

describe('rule-line parse shortcut', () => {
  const lines = corpus();

  it('has a corpus worth the name', () => {
    expect(lines.length).toBeGreaterThan(2000);
  });

  it('returns what parseCommand returns, or declines', () => {
    let takenPlain = 0;
    let takenMutated = 0;
    const wrong: string[] = [];
    for (const base of lines) {
      // near misses of the lines it takes are where it could go wrong
      const taken = OPTS.some((popts) => parseRuleFast(base, popts) !== null);
      for (const words of taken ? [base, ...mutations(base)] : [base]) {
        for (const popts of OPTS) {
          const fast = parseRuleFast(words, popts);
          if (fast === null) continue;
          if (words === base) takenPlain++;
          else takenMutated++;
          const g = general(words, popts);
          if ('err' in g) {
            wrong.push(`${JSON.stringify(words)}: general refuses (${g.err}), shortcut accepts`);
            continue;
          }
          try {
            expect(normal(fast)).toEqual(normal(g.ok));
          } catch {
            wrong.push(`${JSON.stringify(words)}: different commands`);
          }
        }
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    // the shortcut must actually be exercised, on plain lines and on mutations
    expect(takenPlain).toBeGreaterThan(1000);
    expect(takenMutated).toBeGreaterThan(5000);
  }, 120_000);
});
