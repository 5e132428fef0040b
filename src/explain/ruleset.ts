// The rule-set playground's model: a pasted iptables-save text restored into a fresh engine
// Firewall, listings, and one packet traced through a table's hook.

import { Firewall } from '../engine/model.ts';
import { runIptables, type CommandResult } from '../engine/iptables.ts';
import { runIptablesRestore } from '../engine/restore.ts';
import { evaluateHook } from '../engine/evaluate.ts';
import { numericToIp, ipToString } from '../engine/ipv4.ts';
import { TCP_SYN, type Action, type HookName, type PacketView } from '../engine/packet.ts';
import { STABLE_ENV } from './scenario.ts';

export type ListMode = 'S' | 'L';

export interface Loaded {
  fw: Firewall;
  result: CommandResult;
}

/** iptables-restore into a fresh nft Firewall; the result is exactly what the engine printed. */
export function loadRuleset(text: string): Loaded {
  const fw = new Firewall({ flavor: 'nft' });
  return { fw, result: runIptablesRestore(fw, [], text, STABLE_ENV) };
}

export function listTable(fw: Firewall, table: string, mode: ListMode): CommandResult {
  const argv = mode === 'S' ? ['iptables', '-t', table, '-S'] : ['iptables', '-t', table, '-L', '-v', '-n', '--line-numbers'];
  return runIptables(fw, argv, STABLE_ENV);
}

/** Tables that hold something after a restore, in iptables-save's order. */
export function loadedTables(fw: Firewall): string[] {
  return ['raw', 'mangle', 'nat', 'filter', 'security'].filter((t) => fw.peek(t) !== undefined && fw.peek(t) !== null);
}

export interface PacketForm {
  hook: 'PREROUTING' | 'OUTPUT';
  table: string;
  src: string;
  dst: string;
  proto: 'tcp' | 'udp';
  sport: string;
  dport: string;
  /** OUTPUT only: the sending socket's uid (gid taken equal, as for istio-proxy 1337:1337) */
  uid: string;
  iif: string;
  oif: string;
}

export interface TraceRow {
  chain: string;
  /** 1-based; 0 = policy or the end of a user chain */
  rule: number;
  /** the rule as -S prints it ('' for a policy / chain end) */
  text: string;
  matched: boolean;
  result?: string;
}

export interface TraceOutcome {
  /** a field the form could not use; the trace did not run */
  error?: { field: keyof PacketForm; value: string };
  rows: TraceRow[];
  verdict?: string;
  byPolicy?: boolean;
  actions: string[];
}

function port(s: string): number | null {
  if (!/^\d+$/.test(s.trim())) return null;
  const n = Number(s);
  return n >= 0 && n <= 65535 ? n : null;
}

const ACTION_WORDS = {
  en: { toPort: 'to port', to: 'to', set: 'set', mark: 'mark' },
  zh: { toPort: '到端口', to: '到', set: '设为', mark: '标记' },
} as const;

function describeAction(a: Action, lang: 'zh' | 'en'): string {
  const w = ACTION_WORDS[lang];
  switch (a.type) {
    case 'REDIRECT':
      return a.ports ? `REDIRECT ${w.toPort} ${a.ports.min === a.ports.max ? a.ports.min : `${a.ports.min}-${a.ports.max}`}` : 'REDIRECT';
    case 'DNAT':
    case 'SNAT':
      return `${a.type} ${w.to} ${a.range.minIp !== undefined ? ipToString(a.range.minIp) : ''}${a.range.minPort !== undefined ? `:${a.range.minPort}` : ''}`;
    case 'MARK':
      return `MARK ${w.set} 0x${a.mark.toString(16)}`;
    case 'TPROXY':
      return `TPROXY ${w.to} ${ipToString(a.ip)}:${a.port} ${w.mark} 0x${a.mark.toString(16)}`;
    default:
      return a.type;
  }
}

/** The -S text of rule `num` of `chain`, from the engine's own listing. */
function ruleText(fw: Firewall, table: string, chain: string, num: number): string {
  if (num === 0) return '';
  const r = runIptables(fw, ['iptables', '-t', table, '-S', chain, String(num)], STABLE_ENV);
  return r.code === 0 ? r.stdout.trim() : '';
}

export function tracePacket(fw: Firewall, f: PacketForm, lang: 'zh' | 'en' = 'en'): TraceOutcome {
  const src = numericToIp(f.src.trim(), false);
  if (src === null) return { error: { field: 'src', value: f.src }, rows: [], actions: [] };
  const dst = numericToIp(f.dst.trim(), false);
  if (dst === null) return { error: { field: 'dst', value: f.dst }, rows: [], actions: [] };
  const sport = port(f.sport);
  if (sport === null) return { error: { field: 'sport', value: f.sport }, rows: [], actions: [] };
  const dport = port(f.dport);
  if (dport === null) return { error: { field: 'dport', value: f.dport }, rows: [], actions: [] };
  const out = f.hook === 'OUTPUT';
  let uid: number | undefined;
  if (out) {
    if (!/^\d+$/.test(f.uid.trim())) return { error: { field: 'uid', value: f.uid }, rows: [], actions: [] };
    uid = Number(f.uid);
  }
  const tcp = f.proto === 'tcp';
  const pkt: PacketView = {
    src, dst, proto: tcp ? 6 : 17, sport, dport,
    tcpFlags: tcp ? TCP_SYN : undefined,
    length: tcp ? 60 : 40,
    hook: f.hook,
    iif: out ? undefined : f.iif.trim() || undefined,
    oif: out ? f.oif.trim() || undefined : undefined,
    socket: out ? { uid: uid!, gid: uid! } : undefined,
    mark: 0,
    ct: { state: 'NEW', dir: 'ORIGINAL', mark: 0 },
  };
  const res = evaluateHook(fw, f.table, f.hook as HookName, pkt, {});
  const rows: TraceRow[] = res.trace.map((s) => ({
    chain: s.chain, rule: s.rule, text: ruleText(fw, f.table, s.chain, s.rule), matched: s.matched, result: s.result,
  }));
  return { rows, verdict: res.verdict, byPolicy: res.byPolicy, actions: res.actions.map((a) => describeAction(a, lang)) };
}
