// Kernel structs of the xt matches (include/uapi/linux/netfilter/xt_*.h), as libxt_*.c fill them.

import type { AddrtypeData } from '../extensions/addrtype.ts';
import type { ConntrackData } from '../extensions/conntrack.ts';
import type { DccpData } from '../extensions/dccp.ts';
import type { IcmpData } from '../extensions/icmp.ts';
import type { IprangeData } from '../extensions/iprange.ts';
import type { MacData } from '../extensions/mac.ts';
import type { MultiportData } from '../extensions/multiport.ts';
import type { OwnerData } from '../extensions/owner.ts';
import type { PkttypeData } from '../extensions/pkttype.ts';
import type { SctpData } from '../extensions/sctp.ts';
import type { SocketData } from '../extensions/socket.ts';
import type { StatisticData } from '../extensions/statistic.ts';
import type { TcpData } from '../extensions/tcp.ts';
import type { TtlData } from '../extensions/ttl.ts';
import type { UdpData } from '../extensions/udp.ts';
import { StructWriter, type StructEncoder } from './bytes.ts';

/** a union nf_inet_addr holding an IPv4 address (network order, 12 bytes of zeros after) */
function inet(w: StructWriter, a: number): StructWriter {
  return w.be32(a).zeros(12);
}

/** xt_tcp: ports (host order), option, flag mask and compare, XT_TCP_INV_* */
function tcp(d: TcpData): number[] {
  const inv = (d.invSrc ? 1 : 0) | (d.invDst ? 2 : 0) | (d.invFlags ? 4 : 0) | (d.invOption ? 8 : 0);
  return new StructWriter().u16(d.spts[0]).u16(d.spts[1]).u16(d.dpts[0]).u16(d.dpts[1]).u8(d.option).u8(d.flgMask).u8(d.flgCmp).u8(inv).b;
}

/** xt_udp */
function udp(d: UdpData): number[] {
  return new StructWriter().u16(d.spts[0]).u16(d.spts[1]).u16(d.dpts[0]).u16(d.dpts[1]).u8((d.invSrc ? 1 : 0) | (d.invDst ? 2 : 0)).b;
}

/** ipt_icmp: type, code range, IPT_ICMP_INV */
function icmp(d: IcmpData): number[] {
  return new StructWriter().u8(d.type).u8(d.codeMin).u8(d.codeMax).u8(d.invert ? 1 : 0).b;
}

/** xt_sctp_info: destination ports first; a chunk map of 64 words (the header sizes it in bytes) */
function sctp(d: SctpData): number[] {
  const w = new StructWriter().u16(d.dpts[0]).u16(d.dpts[1]).u16(d.spts[0]).u16(d.spts[1]);
  // ALL (SCTP_CHUNKMAP_SET_ALL) fills every word of the map, the 56 no chunk type reaches too
  const all = d.chunkmap !== null && d.chunkmap.every((x) => x >>> 0 === 0xffffffff);
  for (let i = 0; i < 64; i++) w.u32(d.chunkmap?.[i] ?? (all ? 0xffffffff : 0));
  w.u32(d.matchType);
  for (let i = 0; i < 4; i++) {
    const f = d.flagInfo[i];
    // sctp_init marks the unused entries with chunk type -1
    w.u8(f?.chunktype ?? 0xff).u8(f?.flag ?? 0).u8(f?.mask ?? 0);
  }
  return w.u32(d.flagInfo.length).u32(d.flags).u32(d.invflags).b;
}

/** xt_dccp_info: destination ports first */
function dccp(d: DccpData): number[] {
  return new StructWriter().u16(d.dpts[0]).u16(d.dpts[1]).u16(d.spts[0]).u16(d.spts[1]).u16(d.flags).u16(d.invflags).u16(d.typemask).u8(d.option).b;
}

const CT = {
  STATE: 1 << 0, PROTO: 1 << 1, ORIGSRC: 1 << 2, ORIGDST: 1 << 3, REPLSRC: 1 << 4, REPLDST: 1 << 5, STATUS: 1 << 6, EXPIRES: 1 << 7,
  ORIGSRC_PORT: 1 << 8, ORIGDST_PORT: 1 << 9, REPLSRC_PORT: 1 << 10, REPLDST_PORT: 1 << 11, DIRECTION: 1 << 12, STATE_ALIAS: 1 << 13,
};

// the engine's state bits (INVALID NEW RELATED ESTABLISHED UNTRACKED SNAT DNAT) as
// XT_CONNTRACK_STATE_BIT(ctinfo) and the SNAT/DNAT/UNTRACKED bits above IP_CT_NUMBER
const STATE_BITS: ReadonlyArray<[number, number]> = [[1, 1], [2, 8], [4, 4], [8, 2], [16, 0x100], [32, 0x40], [64, 0x80]];

function stateMask(s: number): number {
  return STATE_BITS.reduce((m, [ours, kernel]) => (s & ours ? m | kernel : m), 0);
}

/** xt_conntrack_mtinfo3 (also `-m state`, which sets XT_CONNTRACK_STATE_ALIAS) */
function conntrack(d: ConntrackData, alias: boolean): number[] {
  let match = 0;
  let inv = 0;
  const flag = (on: boolean, bit: number, invert: boolean): void => {
    if (!on) return;
    match |= bit;
    if (invert) inv |= bit;
  };
  flag(d.state !== null, CT.STATE, d.invState);
  if (alias) match |= CT.STATE_ALIAS;
  flag(d.proto !== null, CT.PROTO, d.invProto);
  flag(d.origsrc !== null, CT.ORIGSRC, d.invOrigsrc);
  flag(d.origdst !== null, CT.ORIGDST, d.invOrigdst);
  flag(d.replsrc !== null, CT.REPLSRC, d.invReplsrc);
  flag(d.repldst !== null, CT.REPLDST, d.invRepldst);
  flag(d.status !== null, CT.STATUS, d.invStatus);
  flag(d.expires !== null, CT.EXPIRES, d.invExpires);
  flag(d.origsrcport !== null, CT.ORIGSRC_PORT, d.invOrigsrcport);
  flag(d.origdstport !== null, CT.ORIGDST_PORT, d.invOrigdstport);
  flag(d.replsrcport !== null, CT.REPLSRC_PORT, d.invReplsrcport);
  flag(d.repldstport !== null, CT.REPLDST_PORT, d.invRepldstport);
  flag(d.dir !== null, CT.DIRECTION, d.dir === 'REPLY');
  const w = new StructWriter();
  // XTTYPE_HOSTMASK: without a prefix length the mask is ones over all 16 bytes
  for (const a of [d.origsrc, d.origdst, d.replsrc, d.repldst]) {
    inet(w, a?.addr ?? 0);
    if (a?.wide) w.bytes(new Array<number>(16).fill(0xff));
    else inet(w, a?.mask ?? 0);
  }
  w.u32(d.expires?.[0] ?? 0).u32(d.expires?.[1] ?? 0).u16(d.proto ?? 0);
  const ports = [d.origsrcport, d.origdstport, d.replsrcport, d.repldstport];
  for (const p of ports) w.u16(p?.[0] ?? 0);
  w.u16(match).u16(inv).u16(stateMask(d.state ?? 0)).u16(d.status ?? 0);
  for (const p of ports) w.u16(p?.[1] ?? 0);
  return w.b;
}

/** xt_multiport_v1: a range takes two slots, its first flagged in pflags */
function multiport(d: MultiportData): number[] {
  const ports: number[] = [];
  const pflags: number[] = [];
  for (const [lo, hi] of d.items) {
    if (lo !== hi) {
      ports.push(lo, hi);
      pflags.push(1, 0);
    } else {
      ports.push(lo);
      pflags.push(0);
    }
  }
  const w = new StructWriter().u8(d.flags === 'sports' ? 0 : d.flags === 'dports' ? 1 : 2).u8(ports.length);
  for (let i = 0; i < 15; i++) w.u16(ports[i] ?? 0);
  for (let i = 0; i < 15; i++) w.u8(pflags[i] ?? 0);
  return w.u8(d.invert ? 1 : 0).b;
}

/** xt_mac_info: the address, then an int */
function mac(d: MacData): number[] {
  return new StructWriter().bytes(d.mac).u32(d.invert ? 1 : 0).b;
}

/** xt_addrtype_info_v1: type masks, then XT_ADDRTYPE_INVERT_* and LIMIT_IFACE_* */
function addrtype(d: AddrtypeData): number[] {
  const flags = (d.invSrc ? 1 : 0) | (d.invDst ? 2 : 0) | (d.limitIn ? 4 : 0) | (d.limitOut ? 8 : 0);
  return new StructWriter().u16(d.src).u16(d.dst).u32(flags).b;
}

/** xt_iprange_mtinfo: four nf_inet_addr, then IPRANGE_* */
function iprange(d: IprangeData): number[] {
  const w = new StructWriter();
  for (const a of [d.src?.[0], d.src?.[1], d.dst?.[0], d.dst?.[1]]) inet(w, a ?? 0);
  const flags = (d.src ? 1 : 0) | (d.dst ? 2 : 0) | (d.invSrc ? 0x10 : 0) | (d.invDst ? 0x20 : 0);
  return w.u8(flags).b;
}

/**
 * xt_statistic_info: mode, flags, then the random or nth union and the kernel's master
 * pointer. statistic_check sets u.nth.count = every - packet in either mode, so a random
 * one's count is its probability.
 */
function statistic(d: StatisticData): number[] {
  const first = d.mode === 'nth' ? d.every : d.probability;
  return new StructWriter().u16(d.mode === 'nth' ? 1 : 0).u16(d.invert ? 1 : 0).u32(first).u32(d.packet).u32((first - d.packet) >>> 0).u64(0).b;
}

/** xt_socket_mtinfo3: XT_SOCKET_* */
function socket(d: SocketData): number[] {
  return [(d.transparent ? 1 : 0) | (d.nowildcard ? 2 : 0) | (d.restoreSkmark ? 4 : 0)];
}

/** xt_connmark_mtinfo1 */
function connmark(d: { mark: number; mask: number; invert: boolean }): number[] {
  return new StructWriter().u32(d.mark).u32(d.mask).u8(d.invert ? 1 : 0).b;
}

/** xt_owner_match_info: uid and gid ranges, then the XT_OWNER_* bits given and inverted */
function owner(d: OwnerData): number[] {
  const UID = 1, GID = 2, SOCKET = 4, SUPPL = 8;
  let match = 0;
  let invert = 0;
  if (d.uid) { match |= UID; if (d.invUid) invert |= UID; }
  if (d.gid) { match |= GID; if (d.invGid) invert |= GID; }
  if (d.socketExists) { match |= SOCKET; if (d.invSocket) invert |= SOCKET; }
  if (d.supplGroups) match |= SUPPL;
  return new StructWriter().u32(d.uid?.[0] ?? 0).u32(d.uid?.[1] ?? 0).u32(d.gid?.[0] ?? 0).u32(d.gid?.[1] ?? 0).u8(match).u8(invert).b;
}

const TTL_MODES = { eq: 0, ne: 1, lt: 2, gt: 3 } as const;

export const MATCH_STRUCTS: Readonly<Record<string, StructEncoder>> = {
  tcp, udp, icmp, sctp, dccp, multiport, mac, addrtype, iprange, statistic, socket, connmark, owner,
  conntrack: (d: ConntrackData) => conntrack(d, false),
  state: (d: ConntrackData) => conntrack(d, true),
  /** xt_comment_info: char[256] */
  comment: (d: { comment: string }) => new StructWriter().str(d.comment, 256).b,
  /** xt_ttl_info: mode, ttl */
  ttl: (d: TtlData) => [TTL_MODES[d.mode], d.ttl],
  /** xt_pkttype_info: two ints */
  pkttype: (d: PkttypeData) => new StructWriter().u32(d.type).u32(d.invert ? 1 : 0).b,
};
