// The connection tracker of one network namespace: tuples, per-direction state,
// NAT bindings stored with the connection (so nat chains see only a connection's
// first packet), accounting, and the TCP state machine's coarse states.

import { IPPROTO_TCP, IPPROTO_UDP } from './addr.ts';
import type { CtState } from '../engine/packet.ts';

export interface CtTuple {
  src: number;
  dst: number;
  proto: number;
  sport: number;
  dport: number;
}

export type TcpCtState =
  | 'NONE' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT'
  | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE';

/** nf_conntrack_tcp timeouts in seconds. */
export const TCP_TIMEOUTS: Record<TcpCtState, number> = {
  NONE: 0, SYN_SENT: 120, SYN_RECV: 60, ESTABLISHED: 432000, FIN_WAIT: 120, CLOSE_WAIT: 60,
  LAST_ACK: 30, TIME_WAIT: 120, CLOSE: 10,
};
export const UDP_TIMEOUT = 30;
export const UDP_STREAM_TIMEOUT = 120;

export interface CtCounters {
  packets: number;
  bytes: number;
}

export interface Conn {
  id: number;
  /** tuple of the first packet, before any NAT */
  orig: CtTuple;
  /** tuple a reply is expected to carry, after NAT bindings */
  reply: CtTuple;
  tcpState: TcpCtState;
  seenReply: boolean;
  assured: boolean;
  confirmed: boolean;
  /** a binding of this manip type was set up (nf_nat_initialized) */
  srcNatDone: boolean;
  dstNatDone: boolean;
  /** the binding changed addresses (IPS_SRC_NAT / IPS_DST_NAT) */
  srcNat: boolean;
  dstNat: boolean;
  mark: number;
  zone: number;
  acct: [CtCounters, CtCounters];
  /** world clock (ms) when the timeout was last refreshed, and the timeout then (s) */
  refreshedAt: number;
  createdAt: number;
  timeout: number;
  /** which side closed first, to walk the TCP states in order */
  finFrom: -1 | 0 | 1;
  finSeen: [boolean, boolean];
  /** killed by its last packet (nf_ct_kill): gone from the table, never confirmed */
  dying?: true;
}

/** The attachment a packet carries (skb->_nfct + ctinfo); survives loopback. */
export interface CtRef {
  conn: Conn;
  dir: 0 | 1;
  /** ctinfo at conntrack_in */
  state: CtState;
}

export function invert(t: CtTuple): CtTuple {
  return { src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport };
}

// Two numeric keys instead of one string: source side (with the zone) and destination
// side (with the protocol), both below 2^53.
function k1(t: CtTuple, zone: number): number {
  return (t.src * 65536 + t.sport) * 16 + (zone & 15);
}
function k2(t: CtTuple): number {
  return (t.dst * 65536 + t.dport) * 32 + (t.proto & 31);
}

export class ConntrackTable {
  /** confirmed connections in creation order (what conntrack -L walks) */
  readonly conns: Conn[] = [];
  private readonly index = new Map<number, Map<number, { conn: Conn; dir: 0 | 1 }>>();

  private get(t: CtTuple, zone: number): { conn: Conn; dir: 0 | 1 } | undefined {
    return this.index.get(k1(t, zone))?.get(k2(t));
  }

  private put(t: CtTuple, zone: number, v: { conn: Conn; dir: 0 | 1 }): void {
    const a = k1(t, zone);
    let m = this.index.get(a);
    if (!m) {
      m = new Map();
      this.index.set(a, m);
    }
    m.set(k2(t), v);
  }

  private del(t: CtTuple, zone: number): void {
    const a = k1(t, zone);
    const m = this.index.get(a);
    if (!m) return;
    m.delete(k2(t));
    if (m.size === 0) this.index.delete(a);
  }
  private nextId = 1;
  /** nf_conntrack_acct: per-direction packets/bytes in `conntrack -L` */
  acct = true;

  lookup(t: CtTuple, zone: number): { conn: Conn; dir: 0 | 1 } | undefined {
    return this.get(t, zone);
  }

  create(t: CtTuple, zone: number, now: number): Conn {
    return {
      id: this.nextId++,
      orig: { ...t },
      reply: invert(t),
      tcpState: 'NONE',
      seenReply: false,
      assured: false,
      confirmed: false,
      srcNatDone: false,
      dstNatDone: false,
      srcNat: false,
      dstNat: false,
      mark: 0,
      zone,
      acct: [{ packets: 0, bytes: 0 }, { packets: 0, bytes: 0 }],
      refreshedAt: now,
      createdAt: now,
      timeout: t.proto === IPPROTO_UDP ? UDP_TIMEOUT : 120,
      finFrom: -1,
      finSeen: [false, false],
    };
  }

  /** __nf_conntrack_confirm: the connection enters the hash with its final tuples. */
  confirm(c: Conn): void {
    if (c.confirmed || c.dying) return;
    c.confirmed = true;
    this.conns.push(c);
    this.put(c.orig, c.zone, { conn: c, dir: 0 });
    this.put(c.reply, c.zone, { conn: c, dir: 1 });
  }

  /** A NAT binding changed the reply tuple of a not yet confirmed connection. */
  setReply(c: Conn, reply: CtTuple): void {
    c.reply = reply;
  }

  remove(c: Conn): void {
    const i = this.conns.indexOf(c);
    if (i >= 0) this.conns.splice(i, 1);
    this.del(c.orig, c.zone);
    this.del(c.reply, c.zone);
  }

  flush(): number {
    const n = this.conns.length;
    this.conns.length = 0;
    this.index.clear();
    return n;
  }

  /** Drop entries whose timeout ran out at world time `now` (ms). */
  expire(now: number): void {
    for (const c of [...this.conns]) {
      if (remaining(c, now) <= 0) this.remove(c);
    }
  }

  /** Is this 4-tuple already used by a connection (either direction)? For port selection. */
  tupleInUse(t: CtTuple, zone: number): boolean {
    return this.get(t, zone) !== undefined;
  }
}

export function remaining(c: Conn, now: number): number {
  return c.timeout - Math.floor((now - c.refreshedAt) / 1000);
}

const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_RST = 0x04;
const TCP_ACK = 0x10;

/**
 * Account one packet and advance the protocol state (what nf_conntrack_in's
 * protocol handler does). Returns the ctinfo state the packet is tracked with.
 */
export function track(c: Conn, dir: 0 | 1, proto: number, flags: number, length: number, now: number): CtState {
  // A retransmitted SYN passes the hooks but leaves the accounting alone (measured:
  // lab-extra tproxy, mangle counted the SYN twice, conntrack shows packets=1).
  const resentSyn = proto === IPPROTO_TCP && dir === 0 && (flags & 0x12) === 0x02 && c.tcpState === 'SYN_SENT' && c.acct[0].packets > 0;
  if (!resentSyn) {
    c.acct[dir].packets++;
    c.acct[dir].bytes += length;
  }
  const wasReplied = c.seenReply;
  if (dir === 1) c.seenReply = true;
  if (proto === IPPROTO_TCP) {
    const prev = c.tcpState;
    c.tcpState = nextTcpState(c, dir, flags);
    if (!c.assured && (prev === 'SYN_RECV' || prev === 'ESTABLISHED') && c.tcpState === 'ESTABLISHED') c.assured = true;
    c.timeout = TCP_TIMEOUTS[c.tcpState];
    // nf_conntrack_tcp: "if only reply is a RST, we can consider ourselves not to have an
    // established connection": a RST before any reply kills the entry (measured: a SYN to a
    // closed port leaves neither side an entry)
    if ((flags & TCP_RST) !== 0 && !wasReplied) c.dying = true;
  } else if (proto === IPPROTO_UDP) {
    // nf_conntrack_udp: a replied flow still active 2 s after it started becomes a stream
    // (ASSURED, 120 s); before that every packet refreshes the 30 s timeout.
    if (c.seenReply && now - c.createdAt > 2000) c.assured = true;
    c.timeout = c.assured ? UDP_STREAM_TIMEOUT : UDP_TIMEOUT;
  }
  c.refreshedAt = now;
  if (dir === 1) return 'ESTABLISHED';
  return wasReplied ? 'ESTABLISHED' : 'NEW';
}

function nextTcpState(c: Conn, dir: 0 | 1, flags: number): TcpCtState {
  const s = c.tcpState;
  if (flags & TCP_RST) return 'CLOSE';
  if (flags & TCP_SYN) {
    if (flags & TCP_ACK) return dir === 1 && (s === 'SYN_SENT' || s === 'SYN_RECV') ? 'SYN_RECV' : s;
    return s === 'NONE' || s === 'SYN_SENT' || s === 'TIME_WAIT' || s === 'CLOSE' ? 'SYN_SENT' : s;
  }
  if (flags & TCP_FIN) {
    c.finSeen[dir] = true;
    if (c.finFrom === -1) {
      c.finFrom = dir;
      return 'FIN_WAIT';
    }
    return dir !== c.finFrom ? 'LAST_ACK' : s;
  }
  if (flags & TCP_ACK) {
    if (s === 'SYN_RECV' && dir === 0) return 'ESTABLISHED';
    if (s === 'FIN_WAIT' && dir !== c.finFrom) return 'CLOSE_WAIT';
    if (s === 'LAST_ACK' && dir === c.finFrom) return 'TIME_WAIT';
  }
  return s;
}
