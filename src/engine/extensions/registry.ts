// Every extension the engine models, by name. Adding an extension: one module in
// this folder plus one line here.

import type { MatchExtension, TargetExtension } from './types.ts';
import { tcp } from './tcp.ts';
import { udp } from './udp.ts';
import { icmp } from './icmp.ts';
import { owner } from './owner.ts';
import { comment } from './comment.ts';
import { multiport } from './multiport.ts';
import { REDIRECT } from './REDIRECT.ts';
import { conntrack, state } from './conntrack.ts';
import { mark } from './mark-match.ts';
import { connmark } from './connmark-match.ts';
import { addrtype } from './addrtype.ts';
import { socket } from './socket.ts';
import { statistic } from './statistic.ts';
import { limit } from './limit.ts';
import { iprange } from './iprange.ts';
import { mac } from './mac.ts';
import { set } from './set.ts';
import { MARK } from './MARK-target.ts';
import { CONNMARK } from './CONNMARK-target.ts';
import { TPROXY } from './TPROXY.ts';
import { CT } from './CT.ts';
import { LOG } from './LOG.ts';
import { DNAT } from './DNAT.ts';
import { SNAT } from './SNAT.ts';
import { MASQUERADE } from './MASQUERADE.ts';
import { REJECT } from './REJECT.ts';
import { NOTRACK } from './NOTRACK.ts';
import { TRACE } from './TRACE.ts';
import { NFQUEUE } from './NFQUEUE.ts';
import { CHECKSUM } from './CHECKSUM.ts';
import { TCPMSS } from './TCPMSS.ts';
import { ttl } from './ttl.ts';
import { pkttype } from './pkttype.ts';
import { NFLOG } from './NFLOG.ts';
import { sctp } from './sctp.ts';
import { dccp } from './dccp.ts';

const MATCHES: ReadonlyMap<string, MatchExtension<any>> = new Map<string, MatchExtension<any>>([
  ['tcp', tcp],
  ['udp', udp],
  ['icmp', icmp],
  ['owner', owner],
  ['comment', comment],
  ['multiport', multiport],
  ['conntrack', conntrack],
  ['state', state],
  ['mark', mark],
  ['connmark', connmark],
  ['addrtype', addrtype],
  ['socket', socket],
  ['statistic', statistic],
  ['limit', limit],
  ['iprange', iprange],
  ['mac', mac],
  ['set', set],
  ['ttl', ttl],
  ['pkttype', pkttype],
  ['sctp', sctp],
  ['dccp', dccp],
]);

const TARGETS: ReadonlyMap<string, TargetExtension<any>> = new Map<string, TargetExtension<any>>([
  ['REDIRECT', REDIRECT],
  ['MARK', MARK],
  ['CONNMARK', CONNMARK],
  ['TPROXY', TPROXY],
  ['CT', CT],
  ['LOG', LOG],
  ['DNAT', DNAT],
  ['SNAT', SNAT],
  ['MASQUERADE', MASQUERADE],
  ['REJECT', REJECT],
  ['NOTRACK', NOTRACK],
  ['TRACE', TRACE],
  ['NFQUEUE', NFQUEUE],
  ['CHECKSUM', CHECKSUM],
  ['TCPMSS', TCPMSS],
  ['NFLOG', NFLOG],
]);

/** the standard target's verdict names */
export const VERDICTS = ['ACCEPT', 'DROP', 'QUEUE', 'RETURN'] as const;

/* Extensions real iptables 1.8.9 ships that this simulator does not model. */
const UNMODELED_MATCHES = new Set([
  'ah', 'bpf', 'cgroup', 'cluster', 'connbytes', 'connlabel', 'connlimit', 'cpu', 'devgroup', 'dscp',
  'ecn', 'esp', 'hashlimit', 'helper', 'ipcomp', 'ipvs', 'length', 'nfacct', 'osf', 'physdev',
  'policy', 'quota', 'rateest', 'realm', 'recent', 'rpfilter', 'string', 'tcpmss', 'time',
  'tos', 'u32',
]);
const UNMODELED_TARGETS = new Set([
  'AUDIT', 'CHECKSUM', 'CLASSIFY', 'CLUSTERIP', 'CONNSECMARK', 'DSCP', 'ECN', 'HMARK', 'IDLETIMER', 'LED',
  'NETMAP', 'RATEEST', 'SECMARK', 'SET', 'SYNPROXY', 'TCPMSS', 'TCPOPTSTRIP',
  'TEE', 'TOS', 'TTL', 'ULOG',
]);

export function findMatch(name: string): MatchExtension<any> | null {
  return MATCHES.get(name) ?? null;
}

export function findTarget(name: string): TargetExtension<any> | null {
  return TARGETS.get(name) ?? null;
}

export function isKnownUnmodeledMatch(name: string): boolean {
  return UNMODELED_MATCHES.has(name) && !MATCHES.has(name);
}

export function isKnownUnmodeledTarget(name: string): boolean {
  return UNMODELED_TARGETS.has(name) && !TARGETS.has(name);
}

/** xtables_find_target(name, XTF_TRY_LOAD) != NULL: a name a user chain may not take */
export function isTargetName(name: string): boolean {
  return TARGETS.has(name) || UNMODELED_TARGETS.has(name) || (VERDICTS as readonly string[]).includes(name);
}

/** The names `-m` and `-j` accept that this simulator models (Tab completion). */
export function matchNames(): string[] {
  return [...MATCHES.keys()];
}

export function targetNames(): string[] {
  return [...TARGETS.keys()];
}

export function allMatches(): MatchExtension<any>[] {
  return [...MATCHES.values()];
}

export function allTargets(): TargetExtension<any>[] {
  return [...TARGETS.values()];
}
