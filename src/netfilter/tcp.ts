// TCP connections as packet sequences. Every segment is a real packet that walks the
// sender's and the receiver's hooks (and the node's, in between), so each counter a
// rule can see moves as it would on a kernel: 60-byte SYNs, 52-byte ACKs carrying
// timestamps, data segments of 52 + payload bytes.

import { IPPROTO_TCP, ipText } from './addr.ts';
import type { NetNs } from './netns.ts';
import type { Packet } from './packet.ts';
import { ACK, FIN, PSH, RST, SYN, TCP_HDR_LEN, TCP_SYN_LEN, tcpLabel } from './packet.ts';
import type { Sock, SockOwner } from './sockets.ts';
import { Stack } from './stack.ts';
import type { Landing } from './stack.ts';

export type ConnectError = 'ECONNREFUSED' | 'ETIMEDOUT' | 'ENETUNREACH' | 'EHOSTUNREACH';

export interface Side {
  ns: NetNs;
  sock: Sock;
  /** for traces: "productpage-v1/curl" */
  label: string;
}

export class TcpConn {
  readonly client: Side;
  readonly server: Side;
  readonly stack: Stack;
  /** set when a segment did not reach the peer (rules changed under an open connection) */
  broken?: Landing;
  /** a segment was refused with a RST that reached its sender (REJECT --reject-with tcp-reset) */
  reset?: boolean;

  constructor(stack: Stack, client: Side, server: Side) {
    this.stack = stack;
    this.client = client;
    this.server = server;
  }

  /** One segment from one side; true when it reached the other side's socket. */
  segment(fromClient: boolean, flags: number, payload = 0, opts: { timeWait?: boolean; length?: number } = {}): boolean {
    const s = fromClient ? this.client : this.server;
    const peer = fromClient ? this.server : this.client;
    const pkt: Packet = {
      src: s.sock.localIp, dst: s.sock.remoteIp, proto: IPPROTO_TCP, sport: s.sock.localPort, dport: s.sock.remotePort,
      flags, length: opts.length ?? (flags & SYN ? TCP_SYN_LEN : TCP_HDR_LEN) + payload, payload, mark: s.sock.mark ?? 0,
      sk: opts.timeWait ? undefined : s.sock.owner ? { uid: s.sock.owner.uid, gid: s.sock.owner.gid } : undefined,
      label: tcpLabel(flags),
    };
    const l = this.stack.send(s.ns, pkt, s.label);
    if (l.kind === 'delivered' && l.sock === peer.sock) return true;
    this.broken ??= l;
    if (l.answer?.kind === 'delivered' && l.answer.sock === s.sock && (l.answer.pkt.flags & RST) !== 0) this.reset = true;
    return false;
  }

  /** Data from one side, acknowledged by the other in its own segment. */
  data(fromClient: boolean, bytes: number): boolean {
    const a = this.segment(fromClient, PSH | ACK, bytes);
    const b = this.segment(!fromClient, ACK);
    return a && b;
  }

  /**
   * Orderly close started by one side: FIN, ACK, FIN, ACK. The closer ends in TIME-WAIT.
   * An application that closed its socket at once (`orphaned`) answers the last FIN from
   * a TIME-WAIT mini socket, which has no owner: the owner match cannot see that ACK.
   */
  close(clientFirst: boolean, opts: { orphaned?: boolean; now?: number } = {}): void {
    this.segment(clientFirst, FIN | ACK);
    this.segment(!clientFirst, ACK);
    this.segment(!clientFirst, FIN | ACK);
    this.segment(clientFirst, ACK, 0, { timeWait: opts.orphaned });
    this.finish(clientFirst, opts.now);
  }

  /** Socket states after a close started by one side: the closer lingers in TIME-WAIT. */
  finish(clientFirst: boolean, now?: number): void {
    const closer = clientFirst ? this.client : this.server;
    const other = clientFirst ? this.server : this.client;
    closer.sock.state = 'TIME-WAIT';
    closer.sock.owner = undefined;
    closer.sock.inode = 0;
    closer.sock.timeWaitAt = now ?? this.stack.now();
    other.sock.state = 'CLOSED';
    other.ns.sockets.remove(other.sock);
  }

  /** SO_ORIGINAL_DST on the accepted socket: the destination before NAT, from conntrack. */
  originalDst(): { ip: number; port: number } | undefined {
    const s = this.server.sock;
    const f = this.server.ns.conntrack.lookup({ src: s.localIp, dst: s.remoteIp, proto: IPPROTO_TCP, sport: s.localPort, dport: s.remotePort }, 0);
    if (!f) return { ip: s.localIp, port: s.localPort };
    return { ip: f.conn.orig.dst, port: f.conn.orig.dport };
  }
}

export interface ConnectOptions {
  owner?: SockOwner;
  /** bind() before connect: source address (127.0.0.6 for envoy's inbound passthrough) */
  bindIp?: number;
  label: string;
  /** a transparent (IP_TRANSPARENT) socket: it may bind a foreign address */
  transparent?: boolean;
  /** SO_MARK: every segment leaves with this skb mark */
  mark?: number;
  /** give up connecting after this many seconds (curl --max-time, a proxy's connect timeout) */
  timeoutS?: number;
  /** let the world's clock run while SYNs are retransmitted */
  sleep?: (ms: number) => void;
}

export type ConnectResult = { ok: true; conn: TcpConn; listener: Sock } | { ok: false; error: ConnectError; landing?: Landing };

/** SYN retransmissions, seconds after the first SYN (tcp_syn_retries = 6: about 127 s in all). */
const RETRANSMIT_AT = [1, 3, 7, 15, 31, 63];

/**
 * connect(): the three-way handshake. A SYN (or SYN-ACK) that gets lost is sent again at
 * 1, 3, 7 ... s until the caller's timeout, as the kernel does; every copy crosses the
 * hooks and counts. On success the server side is the accepted socket.
 */
export function tcpConnect(stack: Stack, ns: NetNs, dst: number, dport: number, opts: ConnectOptions): ConnectResult {
  const sport = ns.allocatePort();
  const src = opts.bindIp ?? stack.sourceAddress(ns, dst, opts.mark ?? 0) ?? 0;
  const sock = ns.sockets.add({
    proto: 6, state: 'SYN-SENT', localIp: src, localPort: sport, remoteIp: dst, remotePort: dport,
    owner: opts.owner, transparent: !!opts.transparent, backlog: 0, mark: opts.mark,
  });
  const timeout = opts.timeoutS ?? 127;
  const sends = [0, ...RETRANSMIT_AT.filter((t) => t < timeout)];
  let conn: TcpConn | undefined;
  let child: Sock | undefined;
  let listener: Sock | undefined;
  let last: Landing | undefined;
  const giveUp = (error: ConnectError, landing?: Landing): ConnectResult => {
    ns.sockets.remove(sock);
    if (child && conn) conn.server.ns.sockets.remove(child);
    return { ok: false, error, landing };
  };
  for (let n = 0; n < sends.length; n++) {
    if (n > 0) opts.sleep?.((sends[n] - sends[n - 1]) * 1000);
    const syn: Packet = {
      src, dst, proto: IPPROTO_TCP, sport, dport, flags: SYN, length: TCP_SYN_LEN, payload: 0, mark: opts.mark ?? 0,
      sk: opts.owner ? { uid: opts.owner.uid, gid: opts.owner.gid } : undefined, label: 'SYN',
    };
    const l = stack.send(ns, syn, opts.label);
    last = l;
    if (l.kind === 'no-socket') {
      // the receiving kernel answers with a RST
      stack.send(l.ns, Stack.resetFor(l.pkt), `${l.ns.name}/kernel`);
      return giveUp('ECONNREFUSED', l);
    }
    if (l.kind === 'rejected') {
      // the REJECT's answer tells the socket; one the ICMP rate limit held back is a drop
      if (l.answer?.kind !== 'delivered' || l.answer.sock !== sock) continue;
      return giveUp(/tcp-reset|port-unreach/.test(l.rejectWith ?? '') ? 'ECONNREFUSED' : 'EHOSTUNREACH', l);
    }
    if (l.kind === 'unreachable' && l.ns === ns) return giveUp('ENETUNREACH', l);
    if (l.kind !== 'delivered') continue;
    if (!child || l.sock !== child) {
      if (l.sock!.state !== 'LISTEN') return giveUp('ECONNREFUSED', l);
      listener = l.sock!;
      listener.accepted = (listener.accepted ?? 0) + 1;
      child = l.ns.sockets.add({
        proto: 6, state: 'SYN-RECV', localIp: l.pkt.dst, localPort: l.pkt.dport, remoteIp: l.pkt.src, remotePort: l.pkt.sport,
        owner: listener.owner, transparent: listener.transparent, backlog: 0, parent: listener, service: listener.service,
      });
      conn = new TcpConn(stack, { ns, sock, label: opts.label }, { ns: l.ns, sock: child, label: `${l.ns.name}/${listener.owner?.comm ?? 'kernel'}` });
    }
    if (!conn!.segment(false, SYN | ACK)) continue;
    if (!conn!.segment(true, ACK)) {
      // the handshake's last ACK refused with a RST: the socket is reset, nothing is
      // retransmitted (measured: curl exits 7 after one ACK and one bare RST)
      if (conn!.reset) return giveUp('ECONNREFUSED', conn!.broken);
      continue;
    }
    sock.state = 'ESTAB';
    child.state = 'ESTAB';
    return { ok: true, conn: conn!, listener: listener! };
  }
  if (child && conn) conn.server.ns.sockets.remove(child);
  ns.sockets.remove(sock);
  return { ok: false, error: 'ETIMEDOUT', landing: conn?.broken ?? last };
}

export function sockName(s: Sock): string {
  return `${ipText(s.localIp)}:${s.localPort}`;
}
