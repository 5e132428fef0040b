// udp (match): the section -h prints for it, from extensions/libxt_udp.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const udp = [
  "udp match options:",
  "[!] --source-port port[:port]",
  " --sport ...",
  "\t\t\t\tmatch source port(s)",
  "[!] --destination-port port[:port]",
  " --dport ...",
  "\t\t\t\tmatch destination port(s)",
].join('\n') + '\n';
