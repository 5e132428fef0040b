// SNAT (target): the section -h prints for it, from extensions/libxt_NAT.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const SNAT = [
  "SNAT target options:",
  " --to-source [<ipaddr>[-<ipaddr>]][:port[-port]]",
  "\t\t\t\tAddress to map source to.",
  "[--random] [--random-fully] [--persistent]",
].join('\n') + '\n';
