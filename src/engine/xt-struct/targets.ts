// Kernel structs of the xt targets (include/uapi/linux/netfilter*/), as libxt_*.c fill them.

import type { ChecksumData } from '../extensions/CHECKSUM.ts';
import type { ConnmarkTgData } from '../extensions/CONNMARK-target.ts';
import type { CtData } from '../extensions/CT.ts';
import type { DnatData } from '../extensions/DNAT.ts';
import type { LogData } from '../extensions/LOG.ts';
import type { MasqData } from '../extensions/MASQUERADE.ts';
import type { NfqueueData } from '../extensions/NFQUEUE.ts';
import type { RedirectData } from '../extensions/REDIRECT.ts';
import type { SnatData } from '../extensions/SNAT.ts';
import type { TcpmssData } from '../extensions/TCPMSS.ts';
import type { TproxyData } from '../extensions/TPROXY.ts';
import type { NatRangeData } from '../extensions/natrange.ts';
import { StructWriter, type StructEncoder } from './bytes.ts';

const NAT = { MAP_IPS: 1, PROTO_SPECIFIED: 2, PROTO_RANDOM: 4, PERSISTENT: 8, PROTO_RANDOM_FULLY: 16, PROTO_OFFSET: 32 };

/** nf_nat_ipv4_multi_range_compat with one range: flags, min/max address, min/max port */
function natCompat(flags: number, minIp: number, maxIp: number, minPort: number, maxPort: number): number[] {
  return new StructWriter().u32(1).u32(flags).be32(minIp).be32(maxIp).be16(minPort).be16(maxPort).b;
}

function rangeFlags(r: NatRangeData | null): number {
  if (!r) return 0;
  return (r.minIp !== null ? NAT.MAP_IPS : 0) | (r.minPort !== null ? NAT.PROTO_SPECIFIED : 0) | (r.base !== null ? NAT.PROTO_OFFSET : 0);
}

function redirect(d: RedirectData): number[] {
  const flags = (d.ports ? NAT.PROTO_SPECIFIED : 0) | (d.random ? NAT.PROTO_RANDOM : 0);
  return natCompat(flags, 0, 0, d.ports?.min ?? 0, d.ports?.max ?? 0);
}

function masquerade(d: MasqData): number[] {
  const flags = (d.ports ? NAT.PROTO_SPECIFIED : 0) | (d.random ? NAT.PROTO_RANDOM : 0) | (d.randomFully ? NAT.PROTO_RANDOM_FULLY : 0);
  return natCompat(flags, 0, 0, d.ports?.min ?? 0, d.ports?.max ?? 0);
}

/** SNAT revision 0: the compat range */
function snat(d: SnatData): number[] {
  const r = d.range;
  const flags = rangeFlags(r) | (d.random ? NAT.PROTO_RANDOM : 0) | (d.randomFully ? NAT.PROTO_RANDOM_FULLY : 0) | (d.persistent ? NAT.PERSISTENT : 0);
  return natCompat(flags, r?.minIp ?? 0, r?.maxIp ?? 0, r?.minPort ?? 0, r?.maxPort ?? 0);
}

/** DNAT revision 2: nf_nat_range2 (nf_inet_addr bounds, ports, the /base) */
function dnat(d: DnatData): number[] {
  const r = d.range;
  const flags = rangeFlags(r) | (d.random ? NAT.PROTO_RANDOM : 0) | (d.persistent ? NAT.PERSISTENT : 0);
  return new StructWriter().u32(flags).be32(r?.minIp ?? 0).zeros(12).be32(r?.maxIp ?? 0).zeros(12)
    .be16(r?.minPort ?? 0).be16(r?.maxPort ?? 0).be16(r?.base ?? 0).b;
}

/** ipt_log_info: level, XT_LOG_* flags, char prefix[30] */
function log(d: LogData): number[] {
  return new StructWriter().u8(d.level).u8(d.flags).str(d.prefix, 30).b;
}

const REJECT_WITH = ['icmp-net-unreachable', 'icmp-host-unreachable', 'icmp-proto-unreachable', 'icmp-port-unreachable',
  'icmp-echo-reply', 'icmp-net-prohibited', 'icmp-host-prohibited', 'tcp-reset', 'icmp-admin-prohibited'];

const CT_EVENTS = ['new', 'related', 'destroy', 'reply', 'assured', 'protoinfo', 'helper', 'mark', 'natseqinfo', 'secmark'];

/** xt_ct_target_info_v1 (revision 2); NOTRACK is CT with XT_CT_NOTRACK | XT_CT_NOTRACK_ALIAS */
function ct(d: CtData): number[] {
  const flags = (d.notrack ? 1 : 0) | (d.zoneDir === 'orig' ? 4 : 0) | (d.zoneDir === 'reply' ? 8 : 0) | (d.zoneMark ? 16 : 0);
  const events = d.ctevents.reduce((m, e) => m | (1 << CT_EVENTS.indexOf(e)), 0);
  const exp = d.expevents.length ? 1 : 0;
  return new StructWriter().u16(flags).u16(d.zone).u32(events).u32(exp).str(d.helper, 16).str(d.timeout, 32).u64(0).b;
}

const CONNMARK_MODES = { set: 0, save: 1, restore: 2 } as const;

/** xt_connmark_tginfo2: marks and masks, then shift direction, shift bits, mode */
function connmark(d: ConnmarkTgData): number[] {
  return new StructWriter().u32(d.ctmark).u32(d.ctmask).u32(d.nfmask).u8(0).u8(0).u8(CONNMARK_MODES[d.mode ?? 'set']).b;
}

/** xt_NFQ_info_v3: queue number, how many, NFQ_FLAG_* */
function nfqueue(d: NfqueueData): number[] {
  const num = d.balance ? d.balance[0] : d.num;
  const total = d.balance ? d.balance[1] - d.balance[0] + 1 : 1;
  return new StructWriter().u16(num).u16(total).u16((d.bypass ? 1 : 0) | (d.cpuFanout ? 2 : 0)).b;
}

/** xt_tproxy_target_info_v1: mark mask and value, the address, the port (network order) */
function tproxy(d: TproxyData): number[] {
  return new StructWriter().u32(d.mask).u32(d.mark).be32(d.ip).zeros(12).be16(d.port).b;
}

export const TARGET_STRUCTS: Readonly<Record<string, StructEncoder>> = {
  // xt_standard_target's verdict (0): iptables-nft sends QUEUE as an xt target
  QUEUE: () => [0, 0, 0, 0],
  REDIRECT: redirect,
  MASQUERADE: masquerade,
  SNAT: snat,
  DNAT: dnat,
  LOG: log,
  /** ipt_reject_info: the type as an enum */
  REJECT: (d: { with: string }) => new StructWriter().u32(REJECT_WITH.indexOf(d.with)).b,
  CT: ct,
  NOTRACK: () => new StructWriter().u16(1 | 2).zeros(70).b,
  /** xt_mark_tginfo2 */
  MARK: (d: { mark: number; mask: number }) => new StructWriter().u32(d.mark).u32(d.mask).b,
  CONNMARK: connmark,
  NFQUEUE: nfqueue,
  /** xt_CHECKSUM_info: XT_CHECKSUM_OP_FILL */
  CHECKSUM: (d: ChecksumData) => [d.fill ? 1 : 0],
  /** xt_tcpmss_info */
  TCPMSS: (d: TcpmssData) => new StructWriter().u16(d.mss).b,
  TPROXY: tproxy,
};
