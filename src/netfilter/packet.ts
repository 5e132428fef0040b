// A packet on its way through the stack. Addresses are rewritten in place by NAT;
// `ct` is the conntrack attachment (skb->_nfct), which survives loopback delivery.

import type { CtRef, CtTuple } from './conntrack.ts';
import type { SocketOwner } from '../engine/packet.ts';
import type { Sock } from './sockets.ts';

export interface Packet {
  src: number;
  dst: number;
  proto: number;
  sport: number;
  dport: number;
  /** TCP flags (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10) */
  flags: number;
  /** IP total length: what every byte counter adds */
  length: number;
  /** application bytes carried */
  payload: number;
  mark: number;
  /** the sending socket's owner; undefined for TIME-WAIT sockets and kernel replies (RST) */
  sk?: SocketOwner;
  ct?: CtRef;
  /** the source address of the Ethernet frame it last arrived in (the sending device's); none over loopback */
  srcMac?: string;
  /** a socket TPROXY assigned in PREROUTING */
  assigned?: Sock;
  /** ICMP (proto 1): type and code */
  icmpType?: number;
  icmpCode?: number;
  /**
   * an ICMP error's quoted packet, as the sender of the error saw it: conntrack relates
   * the error to that packet's connection, and the socket that sent it receives it
   */
  inner?: CtTuple;
  /** short name for traces: SYN, SYN-ACK, ACK, PSH-ACK, FIN-ACK, RST-ACK, UDP */
  label: string;
  /** set once, for the trace: which connection script sent it */
  note?: string;
}

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

/** IPv4 (20) + TCP with the options Linux puts on a SYN (20 + 20) or timestamps (20 + 12). */
export const TCP_SYN_LEN = 60;
export const TCP_HDR_LEN = 52;
export const TCP_RST_LEN = 40;
export const UDP_HDR_LEN = 28;
/** IPv4 (20) + ICMP (8) before an error's quoted packet; the whole error is at most 576 bytes (icmp_send) */
export const ICMP_ERR_HDR_LEN = 28;
export const ICMP_ERR_MAX_LEN = 576;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_PORT_UNREACH = 3;

const LABELS: string[] = [];

export function tcpLabel(flags: number): string {
  return (LABELS[flags & 0xff] ??= makeLabel(flags));
}

function makeLabel(flags: number): string {
  const parts: string[] = [];
  if (flags & SYN) parts.push('SYN');
  if (flags & RST) parts.push('RST');
  if (flags & FIN) parts.push('FIN');
  if (flags & PSH) parts.push('PSH');
  if (flags & ACK) parts.push('ACK');
  return parts.join('-');
}
