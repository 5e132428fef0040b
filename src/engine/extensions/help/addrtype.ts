// addrtype (match): the section -h prints for it, from extensions/libxt_addrtype.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const addrtype = [
  "Address type match options:",
  " [!] --src-type type[,...]      Match source address type",
  " [!] --dst-type type[,...]      Match destination address type",
  "     --limit-iface-in           Match only on the packet's incoming device",
  "     --limit-iface-out          Match only on the packet's outgoing device",
  "",
  "Valid types:           ",
  "                                UNSPEC",
  "                                UNICAST",
  "                                LOCAL",
  "                                BROADCAST",
  "                                ANYCAST",
  "                                MULTICAST",
  "                                BLACKHOLE",
  "                                UNREACHABLE",
  "                                PROHIBIT",
  "                                THROW",
  "                                NAT",
  "                                XRESOLVE",
].join('\n') + '\n';
