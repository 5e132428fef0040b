// TPROXY (target): the section -h prints for it, from extensions/libxt_TPROXY.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const TPROXY = [
  "TPROXY target options:",
  "  --on-port port\t\t    Redirect connection to port, or the original port if 0",
  "  --on-ip ip\t\t\t    Optionally redirect to the given IP",
  "  --tproxy-mark value[/mask]\t    Mark packets with the given value/mask",
  "",
].join('\n') + '\n';
