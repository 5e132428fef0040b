// multiport (match): the section -h prints for it, from extensions/libxt_multiport.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const multiport = [
  "multiport match options:",
  "[!] --source-ports port[,port:port,port...]",
  " --sports ...",
  "\t\t\t\tmatch source port(s)",
  "[!] --destination-ports port[,port:port,port...]",
  " --dports ...",
  "\t\t\t\tmatch destination port(s)",
  "[!] --ports port[,port:port,port]",
  "\t\t\t\tmatch both source and destination port(s)",
].join('\n') + '\n';
