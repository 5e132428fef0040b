// REDIRECT (target): the section -h prints for it, from extensions/libxt_NAT.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const REDIRECT = [
  "REDIRECT target options:",
  " --to-ports <port>[-<port>]",
  "\t\t\t\tPort (range) to map to.",
  " [--random]",
].join('\n') + '\n';
