// What the kernel knows an xtables extension by: the name its entry carries (an alias
// such as `state` or NOTRACK goes in under its real name), the revision iptables 1.8.9
// picks on this kernel (nft's compat expressions print it) and the size of the entry's
// match or target part in a legacy table (header + XT_ALIGN(data), libiptc prints it
// and every offset after it). Measured with -v -v against the real iptables 1.8.9
// (test/fixtures/kernel-extra/{nft,legacy}/debug-dump-*.txt).

export interface XtKernelInfo {
  /** the name in the kernel entry (xtables' real_name) */
  name: string;
  /** the revision iptables-nft sends in a compat match/target expression */
  rev: number;
  /** xt_entry_match/xt_entry_target size in a legacy table blob */
  size: number;
}

const MATCHES: Readonly<Record<string, XtKernelInfo>> = {
  addrtype: { name: 'addrtype', rev: 1, size: 40 },
  comment: { name: 'comment', rev: 0, size: 288 },
  connmark: { name: 'connmark', rev: 1, size: 48 },
  conntrack: { name: 'conntrack', rev: 3, size: 200 },
  state: { name: 'conntrack', rev: 3, size: 200 },
  dccp: { name: 'dccp', rev: 0, size: 48 },
  icmp: { name: 'icmp', rev: 0, size: 40 },
  iprange: { name: 'iprange', rev: 1, size: 104 },
  limit: { name: 'limit', rev: 0, size: 72 },
  mac: { name: 'mac', rev: 0, size: 48 },
  mark: { name: 'mark', rev: 1, size: 48 },
  multiport: { name: 'multiport', rev: 1, size: 80 },
  owner: { name: 'owner', rev: 1, size: 56 },
  pkttype: { name: 'pkttype', rev: 0, size: 40 },
  // xt_set_info_match_v4 (48 bytes): no capture, the namespaces have no ipsets
  // xt_sctp_info: its chunk map is 256 / sizeof(u32) = 64 words, 2048 bits for 256 chunk types (kept for the ABI)
  sctp: { name: 'sctp', rev: 0, size: 328 },
  set: { name: 'set', rev: 4, size: 80 },
  socket: { name: 'socket', rev: 3, size: 40 },
  statistic: { name: 'statistic', rev: 0, size: 56 },
  tcp: { name: 'tcp', rev: 0, size: 48 },
  ttl: { name: 'ttl', rev: 0, size: 40 },
  udp: { name: 'udp', rev: 0, size: 48 },
};

const TARGETS: Readonly<Record<string, XtKernelInfo>> = {
  CHECKSUM: { name: 'CHECKSUM', rev: 0, size: 40 },
  CONNMARK: { name: 'CONNMARK', rev: 2, size: 48 },
  CT: { name: 'CT', rev: 2, size: 104 },
  NOTRACK: { name: 'CT', rev: 2, size: 104 },
  DNAT: { name: 'DNAT', rev: 2, size: 80 },
  LOG: { name: 'LOG', rev: 0, size: 64 },
  MARK: { name: 'MARK', rev: 2, size: 40 },
  MASQUERADE: { name: 'MASQUERADE', rev: 0, size: 56 },
  NFLOG: { name: 'NFLOG', rev: 0, size: 112 },
  NFQUEUE: { name: 'NFQUEUE', rev: 3, size: 40 },
  REDIRECT: { name: 'REDIRECT', rev: 0, size: 56 },
  REJECT: { name: 'REJECT', rev: 0, size: 40 },
  SNAT: { name: 'SNAT', rev: 0, size: 56 },
  TCPMSS: { name: 'TCPMSS', rev: 0, size: 40 },
  TPROXY: { name: 'TPROXY', rev: 1, size: 64 },
  TRACE: { name: 'TRACE', rev: 0, size: 32 },
};

/** the standard target (verdict or jump: an int) and the ERROR target (a chain name) */
export const STANDARD_TARGET_SIZE = 40;
export const ERROR_TARGET_SIZE = 64;
/** sizeof(struct ipt_entry) */
export const IPT_ENTRY_SIZE = 112;

export function matchInfo(name: string): XtKernelInfo {
  return MATCHES[name] ?? { name, rev: 0, size: 32 };
}

export function targetInfo(name: string): XtKernelInfo {
  return TARGETS[name] ?? { name, rev: 0, size: 32 };
}
