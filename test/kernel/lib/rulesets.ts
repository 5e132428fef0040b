// The rule sets the live listing test loads into a real namespace and into the engine:
// every restore-format rule set under test/fixtures (our inputs, upstream shell dumps,
// the Istio rendered sets and goldens), the rule lists of our captures, and generated
// variants with large counters (so K/M/G/T abbreviation and -x are exercised).

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { mulberry32 } from './fuzz-gen.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

export interface RuleSet {
  name: string;
  /** command lines that build the state from a fresh namespace */
  setup: string[];
  tables: string[];
  /** all 18 listing modes per table (else a representative 6, to bound the suite's time) */
  full?: boolean;
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

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Looks like iptables-restore input: a table header, rules or chains, and COMMIT. */
function isRestoreText(text: string): boolean {
  return /^\*(filter|nat|mangle|raw)\s*$/m.test(text) && /^COMMIT\s*$/m.test(text) && /^(-A |:\S+ )/m.test(text) && !/^\* /m.test(text);
}

export function collectRuleSets(tmp: string): RuleSet[] {
  const sets: RuleSet[] = [];
  const seen = new Set<string>();
  const restoreFile = (name: string, path: string, counters: boolean, variants = true) => {
    const text = readFileSync(path, 'utf8');
    const h = createHash('sha1').update(text).digest('hex');
    if (seen.has(h)) return;
    seen.add(h);
    sets.push({ name, setup: [`iptables-restore${counters ? ' -c' : ''} < ${path}`], tables: tablesOf(text), full: variants });
    if (!counters && variants) {
      const p = join(tmp, `${name.replace(/[^\w.-]/g, '_')}.counters`);
      writeFileSync(p, withCounters(text, sets.length));
      sets.push({ name: `${name}+counters`, setup: [`iptables-restore -c < ${p}`], tables: tablesOf(text), full: true });
    }
  };
  const kx = join(FIXTURES, 'kernel-extra');
  restoreFile('kernel-extra/istio.rules', join(kx, 'inputs/istio.rules'), false);
  restoreFile('kernel-extra/istio-counters.rules', join(kx, 'inputs/istio-counters.rules'), true);
  for (const f of ['ipt-save-filter.txt', 'policy-drop.txt', 'wireless.txt', 'iptables.dump', 'ipt-save-completed.txt']) {
    restoreFile(`shell-dumps/${f}`, join(FIXTURES, 'engine/iptables-t/shell-dumps', f), false);
  }
  restoreFile('shell-dumps/fedora27-iptables', join(FIXTURES, 'engine/iptables-t/shell-dumps/fedora27-iptables'), true);
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
      sets.push({ name: `istio-golden/${f}`, setup: [`iptables-restore < ${p}`], tables: tablesOf(r), full: false });
    }
  }
  // any other restore-format rule set that another area keeps under test/fixtures
  for (const p of walk(FIXTURES).sort()) {
    const rel = relative(FIXTURES, p);
    if (rel.startsWith('kernel-extra/inputs/restore/') || rel.includes('/fuzz-found/') || statSync(p).size > 2_000_000) continue;
    // the lab's per-hook filter/mangle dumps repeat one small rule set per scenario; their nat
    // dumps and rule files carry the variety (keeps the live suite within its time budget)
    if (/^lab-extra\/.*hooks-(filter|mangle)-save-c\.txt$/.test(rel)) continue;
    let text: string;
    try { text = readFileSync(p, 'utf8'); } catch { continue; }
    if (text.startsWith('### ') || text.includes('\n--- stdout (') || !isRestoreText(text)) continue;
    restoreFile(rel, p, /^\[\d+:\d+\] -A /m.test(text), false);
  }
  // the rules of our extension captures, appended one by one (failures included)
  for (const f of readdirSync(join(kx, 'cases')).filter((n) => n.endsWith('.cases')).sort()) {
    const lines = readFileSync(join(kx, 'cases', f), 'utf8').split('\n');
    const setup = lines.filter((l) => /^iptables -t \w+ -v -A /.test(l)).map((l) => l.replace(' -v -A ', ' -A '));
    if (setup.length === 0) continue;
    const pre = lines.filter((l) => /^iptables -t \w+ -N /.test(l));
    const tables = [...new Set(setup.map((l) => l.split(' ')[2]))];
    sets.push({ name: `kernel-extra/cases/${f}`, setup: [...pre, ...setup], tables: TABLES.filter((t) => tables.includes(t)), full: true });
  }
  return sets;
}

/** Every listing command for a rule set, in a fixed order. */
const SHORT_MODES = [['-S'], ['-S', '-v'], ['-L'], ['-L', '-n', '--line-numbers'], ['-L', '-v', '-n'], ['-L', '-v', '-x', '--line-numbers']];

export function listingLines(rs: RuleSet): string[] {
  const lines: string[] = [];
  for (const t of rs.tables) for (const m of rs.full ? listingModes() : SHORT_MODES) lines.push(`iptables -t ${t} ${m.join(' ')}`);
  lines.push(...(rs.full ? ['iptables-save', 'iptables-save -c'] : ['iptables-save -c']));
  return lines;
}
