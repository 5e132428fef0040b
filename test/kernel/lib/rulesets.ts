// The rule sets the live listing test loads into a real namespace and into the engine:
// every restore-format rule set under test/fixtures (our inputs, upstream shell dumps,
// the Istio rendered sets and goldens), the rule lists of our captures, and generated
// variants with large counters (so K/M/G/T abbreviation and -x are exercised).

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32 } from './fuzz-gen.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

export interface RuleSet {
  name: string;
  /** command lines that build the state from a fresh namespace */
  setup: string[];
  tables: string[];
}

export const TABLES = ['filter', 'nat', 'mangle', 'raw'];

/** -S, -S -v, and -L with every combination of -v -n -x --line-numbers. */
export function listingModes(): string[][] {
  const modes: string[][] = [['-S'], ['-S', '-v']];
  const flags = ['-v', '-n', '-x', '--line-numbers'];
  for (let m = 0; m < 16; m++) modes.push(['-L', ...flags.filter((_, i) => m & (1 << i))]);
  return modes;
}

function tablesOf(text: string): string[] {
  const t = new Set<string>();
  for (const m of text.matchAll(/^\*\s*(\w+)/gm)) if (TABLES.includes(m[1])) t.add(m[1]);
  return t.size ? TABLES.filter((x) => t.has(x)) : ['filter'];
}

/** An Istio golden (what istio-iptables feeds to iptables-restore) as a restore file: IPv4 blocks only. */
export function goldenToRestore(text: string): string | null {
  const out: string[] = [];
  let block: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (line === 'iptables-save' || line === 'ip6tables-save') continue;
    const m = /^\*\s*(\w+)$/.exec(line);
    if (m) { inBlock = true; block = [`*${m[1]}`]; continue; }
    if (!inBlock) continue;
    block.push(line);
    if (line === 'COMMIT') {
      inBlock = false;
      const b = block.join('\n');
      if (!/::|\/128\b/.test(b) && TABLES.includes(block[0].slice(1))) out.push(b);
    }
  }
  return out.length ? out.join('\n') + '\n' : null;
}

/** Adds [pkts:bytes] to every rule and built-in chain line: values spread over 0..10^13. */
export function withCounters(text: string, seed: number): string {
  const r = mulberry32(seed);
  const big = () => {
    const digits = Math.floor(r() * 14);
    return String(Math.floor(r() * 10 ** digits));
  };
  return text.split('\n').map((l) => {
    if (/^-[AI] /.test(l)) return `[${big()}:${big()}] ${l}`;
    const m = /^(:\S+ (?:ACCEPT|DROP)) \[\d+:\d+\]$/.exec(l);
    if (m) return `${m[1]} [${big()}:${big()}]`;
    return l;
  }).join('\n');
}

export function collectRuleSets(tmp: string): RuleSet[] {
  const sets: RuleSet[] = [];
  const restoreFile = (name: string, path: string, counters: boolean) => {
    const text = readFileSync(path, 'utf8');
    sets.push({ name, setup: [`iptables-restore${counters ? ' -c' : ''} < ${path}`], tables: tablesOf(text) });
    if (!counters) {
      const p = join(tmp, `${name.replace(/[^\w.-]/g, '_')}.counters`);
      writeFileSync(p, withCounters(text, sets.length));
      sets.push({ name: `${name}+counters`, setup: [`iptables-restore -c < ${p}`], tables: tablesOf(text) });
    }
  };
  const kx = join(FIXTURES, 'kernel-extra');
  restoreFile('kernel-extra/istio.rules', join(kx, 'inputs/istio.rules'), false);
  restoreFile('kernel-extra/istio-counters.rules', join(kx, 'inputs/istio-counters.rules'), true);
  for (const f of ['ipt-save-filter.txt', 'policy-drop.txt', 'wireless.txt', 'iptables.dump', 'ipt-save-completed.txt']) {
    restoreFile(`shell-dumps/${f}`, join(kx, 'shell-dumps', f), false);
  }
  restoreFile('shell-dumps/fedora27-iptables', join(kx, 'shell-dumps/fedora27-iptables'), true);
  const ig = join(FIXTURES, 'istio-golden');
  if (existsSync(ig)) {
    for (const f of readdirSync(join(ig, 'rendered')).filter((n) => n.endsWith('.restore')).sort()) {
      restoreFile(`istio-golden/rendered/${f}`, join(ig, 'rendered', f), false);
    }
    if (existsSync(join(ig, 'lab-istio-nat.rules'))) restoreFile('istio-golden/lab-istio-nat.rules', join(ig, 'lab-istio-nat.rules'), false);
    for (const f of readdirSync(ig).filter((n) => n.endsWith('.golden')).sort()) {
      const r = goldenToRestore(readFileSync(join(ig, f), 'utf8'));
      if (!r) continue;
      const p = join(tmp, `golden-${f}.rules`);
      writeFileSync(p, r);
      sets.push({ name: `istio-golden/${f}`, setup: [`iptables-restore < ${p}`], tables: tablesOf(r) });
    }
  }
  // the rules of our extension captures, appended one by one (failures included)
  for (const f of readdirSync(join(kx, 'cases')).filter((n) => n.endsWith('.cases')).sort()) {
    const lines = readFileSync(join(kx, 'cases', f), 'utf8').split('\n');
    const setup = lines.filter((l) => /^iptables -t \w+ -v -A /.test(l)).map((l) => l.replace(' -v -A ', ' -A '));
    if (setup.length === 0) continue;
    const pre = lines.filter((l) => /^iptables -t \w+ -N /.test(l));
    const tables = [...new Set(setup.map((l) => l.split(' ')[2]))];
    sets.push({ name: `kernel-extra/cases/${f}`, setup: [...pre, ...setup], tables: TABLES.filter((t) => tables.includes(t)) });
  }
  return sets;
}

/** Every listing command for a rule set, in a fixed order. */
export function listingLines(rs: RuleSet): string[] {
  const lines: string[] = [];
  for (const t of rs.tables) for (const m of listingModes()) lines.push(`iptables -t ${t} ${m.join(' ')}`);
  lines.push('iptables-save', 'iptables-save -c');
  return lines;
}
