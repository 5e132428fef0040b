// dccp (match): the section -h prints for it, from extensions/libxt_dccp.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/sctp-dccp-corners.txt).

export const dccp = [
  "dccp match options",
  "[!] --source-port port[:port]                          match source port(s)",
  " --sport ...",
  "[!] --destination-port port[:port]                     match destination port(s)",
  " --dport ...",
  "[!] --dccp-types type[,...]                            match when packet is one of the given types",
  "[!] --dccp-option option                               match if option (by number!) is set",
].join('\n') + '\n';
