// The real-kernel lab captures (test/fixtures/lab-extra): loading them, turning
// `iptables-save -c` text into the lab's counters.json shape, and comparing two sets of
// counters the way docs/lab.md says they may be compared: nat and raw exactly, mangle
// and filter within the run-to-run spread the lab measured.

import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const LAB_DIR = new URL('../fixtures/lab-extra/', import.meta.url);

export type LabPod = 'lab-pp' | 'lab-rv';
export const LAB_PODS: readonly LabPod[] = ['lab-pp', 'lab-rv'];
export type TableName = 'nat' | 'raw' | 'mangle' | 'filter';

export interface RuleCounter { num: number; pkts: number; bytes: number; rule: string }
export interface ChainCounters {
  /** "ACCEPT"/"DROP" for built-in chains, "-" for user chains */
  policy: string;
  policy_counters: [number, number] | null;
  rules: RuleCounter[];
}
export type TableCounters = Record<string, ChainCounters>;
export type LabCounters = Record<string, Partial<Record<TableName, TableCounters>>>;
/** spread.json: scenario -> pod -> table -> "CHAIN policy" | "CHAIN #n" -> [min, max] packets */
export type LabSpread = Record<string, Record<string, Record<string, Record<string, [number, number]>>>>;

export type RequestKind = 'pp-curl-rv' | 'pp-curl-name' | 'rv-curl-self' | 'rv-curl-vip' | 'pp-dns' | 'pp-dns-glibc';

/** One scenario as the lab ran it, read back from its scenario.txt. */
export interface LabScenario {
  name: string;
  backend: 'nft' | 'legacy';
  /** how the inbound envoy reaches the app */
  inboundUpstream: 'localhost' | 'podip' | 'original-src';
  requests: number;
  /** 'no-uid-rule': lab-pp's `--uid-owner 1337 -j RETURN` and `--gid-owner 1337 -j RETURN` deleted */
  variant: 'standard' | 'no-uid-rule';
  requestKind: RequestKind;
  /** file in test/fixtures/lab-extra/rules, or 'none' (no Istio rules, no sidecar) */
  rules: Record<LabPod, string>;
  /** lab-rv has `ip rule fwmark 1337 lookup 133` + `local default dev lo table 133`, envoy IP_TRANSPARENT */
  rvTproxy: boolean;
  envoyMaxConns: number;
}

const read = (rel: string): string => readFileSync(new URL(rel, LAB_DIR), 'utf8');

export function labScenarioNames(): string[] {
  return readdirSync(LAB_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(new URL(`${d.name}/counters.json`, LAB_DIR)))
    .map((d) => d.name)
    .sort();
}

function params(name: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of read(`${name}/scenario.txt`).split('\n')) {
    if (line.startsWith('---')) break;
    const i = line.indexOf('=');
    if (i > 0 && !m.has(line.slice(0, i))) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

export function labScenario(name: string): LabScenario {
  const p = params(name);
  const need = (k: string): string => {
    const v = p.get(k);
    if (v === undefined) throw new Error(`${name}/scenario.txt has no ${k}=`);
    return v;
  };
  // the six captures of the reference lab predate request_kind / pp_rules / rv_rules
  const oneSix = 'istio-1.6-nat.rules';
  return {
    name,
    backend: need('backend').startsWith('legacy') ? 'legacy' : 'nft',
    inboundUpstream: need('inbound_upstream') as LabScenario['inboundUpstream'],
    requests: Number(need('requests')),
    variant: need('variant') as LabScenario['variant'],
    requestKind: (p.get('request_kind') ?? 'pp-curl-rv') as RequestKind,
    rules: { 'lab-pp': p.get('pp_rules') ?? oneSix, 'lab-rv': p.get('rv_rules') ?? oneSix },
    rvTproxy: p.get('rv_tproxy') === '1',
    envoyMaxConns: Number(need('envoy_max_conns')),
  };
}

export function labCounters(name: string): LabCounters {
  return JSON.parse(read(`${name}/counters.json`)) as LabCounters;
}

export function labSpread(): LabSpread {
  return JSON.parse(read('spread.json')) as LabSpread;
}

export function labRules(file: string): string {
  return read(`rules/${file}`);
}

/** The counting rules the scenario loaded into mangle and filter of both pods. */
export function labHookRules(name: string): string {
  return read(`${name}/hook-counting.rules`);
}

export function labFile(name: string, file: string): string {
  return read(`${name}/${file}`);
}

const CHAIN_RE = /^:(\S+) (\S+) \[(\d+):(\d+)\]$/;
const RULE_RE = /^\[(\d+):(\d+)\] (-A (\S+) .*)$/;

/** `iptables-save -c` text -> one table of counters.json (lab/parse_counters.py, in TS). */
export function parseSaveCounters(text: string, table: TableName): TableCounters {
  const chains: TableCounters = {};
  let current: string | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      current = line.slice(1);
      continue;
    }
    if (current !== table) continue;
    const c = CHAIN_RE.exec(line);
    if (c) {
      const [, name, policy, p, b] = c;
      chains[name] = { policy, policy_counters: policy !== '-' ? [Number(p), Number(b)] : null, rules: [] };
      continue;
    }
    const r = RULE_RE.exec(line);
    if (r) {
      const [, p, b, rule, chain] = r;
      chains[chain] ??= { policy: '?', policy_counters: null, rules: [] };
      const rules = chains[chain].rules;
      rules.push({ num: rules.length + 1, pkts: Number(p), bytes: Number(b), rule });
    }
  }
  return chains;
}

/** "CHAIN policy" / "CHAIN #n" -> [pkts, bytes] */
export function flatCounters(t: TableCounters): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const [chain, c] of Object.entries(t)) {
    if (c.policy_counters) out.set(`${chain} policy`, c.policy_counters);
    for (const r of c.rules) out.set(`${chain} #${r.num}`, [r.pkts, r.bytes]);
  }
  return out;
}

export interface CompareOptions {
  /** compare bytes too (default: yes) */
  bytes?: boolean;
}

/**
 * Exact comparison of one table: same chains, same rule texts in the same order, same
 * packets (and bytes). Returns human-readable differences, [] when equal.
 */
export function diffExact(pod: string, table: TableName, want: TableCounters, got: TableCounters, opts: CompareOptions = {}): string[] {
  const diffs: string[] = [];
  const where = `${pod} ${table}`;
  for (const [chain, w] of Object.entries(want)) {
    const g = got[chain];
    if (!g) {
      diffs.push(`${where}: chain ${chain} missing`);
      continue;
    }
    const wr = w.rules.map((r) => r.rule);
    const gr = g.rules.map((r) => r.rule);
    if (wr.join('\n') !== gr.join('\n')) diffs.push(`${where} ${chain}: rules differ\n  want ${JSON.stringify(wr)}\n  got  ${JSON.stringify(gr)}`);
  }
  for (const chain of Object.keys(got)) if (!want[chain]) diffs.push(`${where}: unexpected chain ${chain}`);
  const wf = flatCounters(want);
  const gf = flatCounters(got);
  for (const [key, [wp, wb]] of wf) {
    const g = gf.get(key);
    if (!g) continue; // already reported as a missing chain or rule
    const [gp, gb] = g;
    if (gp !== wp || (opts.bytes !== false && gb !== wb)) {
      diffs.push(`${where} ${key}: kernel ${wp} pkts/${wb} bytes, simulator ${gp} pkts/${gb} bytes`);
    }
  }
  return diffs;
}

/** mangle/filter: every counter's packets must lie in the measured [min, max]. */
export function diffSpread(pod: string, table: TableName, spread: Record<string, [number, number]>, got: TableCounters): string[] {
  const diffs: string[] = [];
  const gf = flatCounters(got);
  for (const [key, [lo, hi]] of Object.entries(spread)) {
    const g = gf.get(key);
    if (!g) diffs.push(`${pod} ${table} ${key}: missing`);
    else if (g[0] < lo || g[0] > hi) diffs.push(`${pod} ${table} ${key}: kernel ${lo}..${hi} pkts, simulator ${g[0]}`);
  }
  return diffs;
}

/** Tables compared exactly, per pod, for a scenario's counters.json. */
export function exactTables(c: LabCounters, pod: string): TableName[] {
  return (['nat', 'raw'] as const).filter((t) => c[pod]?.[t] !== undefined);
}
