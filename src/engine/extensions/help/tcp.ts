// tcp (match): the section -h prints for it, from extensions/libxt_tcp.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const tcp = [
  "tcp match options:",
  "[!] --tcp-flags mask comp\tmatch when TCP flags & mask == comp",
  "\t\t\t\t(Flags: SYN ACK FIN RST URG PSH ALL NONE)",
  "[!] --syn\t\t\tmatch when only SYN flag set",
  "\t\t\t\t(equivalent to --tcp-flags SYN,RST,ACK,FIN SYN)",
  "[!] --source-port port[:port]",
  " --sport ...",
  "\t\t\t\tmatch source port(s)",
  "[!] --destination-port port[:port]",
  " --dport ...",
  "\t\t\t\tmatch destination port(s)",
  "[!] --tcp-option number        match if TCP option set",
].join('\n') + '\n';
