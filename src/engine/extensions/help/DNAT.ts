// DNAT (target): the section -h prints for it, from extensions/libxt_NAT.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const DNAT = [
  "DNAT target options:",
  " --to-destination [<ipaddr>[-<ipaddr>]][:port[-port[/port]]]",
  "\t\t\t\tAddress to map destination to.",
  "[--random] [--persistent]",
].join('\n') + '\n';
