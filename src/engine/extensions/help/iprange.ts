// iprange (match): the section -h prints for it, from extensions/libxt_iprange.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const iprange = [
  "iprange match options:",
  "[!] --src-range ip[-ip]    Match source IP in the specified range",
  "[!] --dst-range ip[-ip]    Match destination IP in the specified range",
].join('\n') + '\n';
