// iptables-nft translates tcp and udp matches into native nf_tables expressions.
// That changes what comes back: the protocol is checked in userspace, several tcp
// matches of one rule are listed as one, and a negated full port range vanishes.

import { paramError } from './errors.ts';
import type { ParsedCommand } from './cmdline.ts';
import type { MatchInstance } from './model.ts';
import type { TcpData } from './extensions/tcp.ts';
import type { UdpData } from './extensions/udp.ts';

export type Ports = { spts: [number, number]; dpts: [number, number]; invSrc: boolean; invDst: boolean; gtSrc?: true; gtDst?: true };

function full(r: [number, number]): boolean {
  return r[0] === 0 && r[1] === 0xffff;
}

/**
 * nft_cmd_new builds the rule right after parsing (before any cache or chain lookup), and
 * that is where a tcp/udp match without its protocol fails: for iptables-nft-restore at
 * the rule's own line, even with --test.
 */
export function checkNativeProtos(p: ParsedCommand): void {
  for (const m of p.matches) {
    if (m.ext.name === 'tcp' && p.proto !== 6 && !staysCompat(m)) throw paramError("TCP match requires '-p tcp'");
    if (m.ext.name === 'udp' && p.proto !== 17 && !staysCompat(m)) throw paramError("UDP match requires '-p udp'");
  }
}

/**
 * add_nft_tcp/add_nft_udp keep the xt match when there is nothing to translate (all ports,
 * no flags: `-m tcp` alone would otherwise vanish) and for what has no native form
 * (--tcp-option).
 */
function staysCompat(m: { ext: { name: string }; data: any }): boolean {
  const d = m.data as Ports;
  const noPorts = full(d.spts) && full(d.dpts) && !d.invSrc && !d.invDst;
  if (m.ext.name === 'udp') return noPorts;
  const t = m.data as TcpData;
  if (t.option !== 0 || t.invOption) return true;
  return noPorts && t.flgMask === 0 && t.flgCmp === 0 && !t.invFlags;
}

function copyInstance(m: { ext: MatchInstance['ext']; data: unknown }): MatchInstance {
  return { ext: m.ext, data: m.data };
}

export function nftNativeMatches(p: ParsedCommand): MatchInstance[] {
  const list = p.matches;
  let plain = true;
  for (let i = 0; i < list.length; i++) {
    const name = list[i].ext.name;
    if (name === 'tcp' || name === 'udp') {
      plain = false;
      break;
    }
  }
  if (plain) {
    // nothing to translate (comment, statistic, mark ...): the rule's list at its size at once
    switch (list.length) {
      case 0: return [];
      case 1: return [copyInstance(list[0])];
      case 2: return [copyInstance(list[0]), copyInstance(list[1])];
      default: return list.map(copyInstance);
    }
  }
  // (built in a reused list, then copied at its size: the rule keeps only the copy)
  const out = SCRATCH;
  let n = 0;
  // the first tcp and udp instance kept (later ones fold into it)
  let firstTcp: MatchInstance | null = null;
  let firstUdp: MatchInstance | null = null;
  // whether the first instance's data is already this list's own copy
  let tcpCopied = false;
  let udpCopied = false;
  for (const m of p.matches) {
    const name = m.ext.name;
    if (name !== 'tcp' && name !== 'udp') {
      out[n++] = { ext: m.ext, data: m.data };
      continue;
    }
    if (staysCompat(m)) {
      // listed where it stands, never folded with the translated ones (its data is never
      // changed: rules share it, as they share every other match's)
      out[n++] = { ext: m.ext, data: m.data, compat: true };
      continue;
    }
    if (name === 'tcp' && p.proto !== 6) throw paramError("TCP match requires '-p tcp'");
    if (name === 'udp' && p.proto !== 17) throw paramError("UDP match requires '-p udp'");
    const d = m.data as Ports;
    // a negated 0:65535 becomes no expression at all
    const dropped = (d.invSrc && full(d.spts)) || (d.invDst && full(d.dpts));
    if (d.invSrc && full(d.spts)) d.invSrc = false;
    if (d.invDst && full(d.dpts)) d.invDst = false;
    const empty = full(d.spts) && full(d.dpts) && (name === 'udp' || ((d as unknown as TcpData).flgMask === 0 && !(d as unknown as TcpData).invFlags && (d as unknown as TcpData).option === 0 && !(d as unknown as TcpData).invOption));
    if (dropped && empty) continue;
    const prev = name === 'tcp' ? firstTcp : firstUdp;
    if (!prev) {
      // the parsed data as it is; a later instance folding into it copies it first
      const inst = { ext: m.ext, data: m.data };
      if (name === 'tcp') firstTcp = inst;
      else firstUdp = inst;
      out[n++] = inst;
      continue;
    }
    if (name === 'tcp' ? !tcpCopied : !udpCopied) {
      prev.data = { ...(prev.data as object) };
      if (name === 'tcp') tcpCopied = true;
      else udpCopied = true;
    }
    const pd = prev.data as TcpData | UdpData;
    if (!full(d.spts) || d.invSrc) { pd.spts = d.spts; pd.invSrc = d.invSrc; }
    if (!full(d.dpts) || d.invDst) { pd.dpts = d.dpts; pd.invDst = d.invDst; }
    if (name === 'tcp') {
      const td = d as unknown as TcpData;
      const tp = pd as TcpData;
      if (td.flgMask || td.invFlags) { tp.flgMask = td.flgMask; tp.flgCmp = td.flgCmp; tp.invFlags = td.invFlags; }
      if (td.option || td.invOption) { tp.option = td.option; tp.invOption = td.invOption; }
    }
  }
  if (firstTcp) readBackAbove(firstTcp.data as Ports);
  if (firstUdp) readBackAbove(firstUdp.data as Ports);
  // the rule keeps this list: an exact-size copy
  const own = ownList(out, n);
  out.fill(NO_INSTANCE, 0, n);
  return own;
}

/**
 * list[0, n) as a new array, written as a literal where it can be: V8 learns where an
 * array literal's arrays live long and then makes them in the old generation at once,
 * while a slice's (or a map's) are made young, and a 50,000-rule restore's young
 * collections copied every rule's list (~13 MB a restore promoted by copying).
 */
function ownList(list: MatchInstance[], n: number): MatchInstance[] {
  switch (n) {
    case 0: return [];
    case 1: return [list[0]];
    case 2: return [list[0], list[1]];
    case 3: return [list[0], list[1], list[2]];
    default: return list.slice(0, n);
  }
}

/**
 * nftNativeMatches' working list, written by index and never shrunk (emptying an array
 * with `length = 0` drops its store): each rule no longer grows a list of its own from
 * nothing and then copies it (20,000 tcp rules of a kube-proxy dump: ~3 MB of garbage).
 */
const SCRATCH: MatchInstance[] = [];
const NO_INSTANCE = null as unknown as MatchInstance;

/**
 * A negated range from 0 goes in as one compare, "greater than the top" (cmp gt), and
 * reads back as the range above it, not negated: `! --dport 0:100` lists as 101:65535.
 * `gtSrc`/`gtDst` remember the compare the kernel keeps (debug-dump-nft.ts prints it).
 */
function readBackAbove(d: Ports): void {
  if (d.invSrc && d.spts[0] === 0 && d.spts[1] < 0xffff) {
    d.spts = [d.spts[1] + 1, 0xffff];
    d.invSrc = false;
    d.gtSrc = true;
  }
  if (d.invDst && d.dpts[0] === 0 && d.dpts[1] < 0xffff) {
    d.dpts = [d.dpts[1] + 1, 0xffff];
    d.invDst = false;
    d.gtDst = true;
  }
}
