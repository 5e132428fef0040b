// TCPMSS (target): the section -h prints for it, from extensions/libxt_TCPMSS.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const TCPMSS = [
  "TCPMSS target mutually-exclusive options:",
  "  --set-mss value               explicitly set MSS option to specified value",
  "  --clamp-mss-to-pmtu           automatically clamp MSS value to (path_MTU - 20)",
].join('\n') + '\n';
