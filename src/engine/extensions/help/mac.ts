// mac (match): the section -h prints for it, from extensions/libxt_mac.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const mac = [
  "mac match options:",
  "[!] --mac-source XX:XX:XX:XX:XX:XX",
  "\t\t\t\tMatch source MAC address",
].join('\n') + '\n';
