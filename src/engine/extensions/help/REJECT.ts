// REJECT (target): the section -h prints for it, from extensions/libipt_REJECT.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const REJECT = [
  "REJECT target options:",
  "--reject-with type              drop input packet and send back",
  "                                a reply packet according to type:",
  "Valid reject types:",
  "    icmp-net-unreachable     \tICMP network unreachable",
  "    net-unreach              \talias",
  "    icmp-host-unreachable    \tICMP host unreachable",
  "    host-unreach             \talias",
  "    icmp-proto-unreachable   \tICMP protocol unreachable",
  "    proto-unreach            \talias",
  "    icmp-port-unreachable    \tICMP port unreachable (default)",
  "    port-unreach             \talias",
  "    icmp-net-prohibited      \tICMP network prohibited",
  "    net-prohib               \talias",
  "    icmp-host-prohibited     \tICMP host prohibited",
  "    host-prohib              \talias",
  "    tcp-reset                \tTCP RST packet",
  "    tcp-rst                  \talias",
  "    icmp-admin-prohibited    \tICMP administratively prohibited (*)",
  "    admin-prohib             \talias",
  "",
  "(*) See man page or read the INCOMPATIBILITES file for compatibility issues.",
].join('\n') + '\n';
