// sctp (match): the section -h prints for it, from extensions/libxt_sctp.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/sctp-dccp-corners.txt).

export const sctp = [
  "sctp match options",
  "[!] --source-port port[:port]                          match source port(s)",
  " --sport ...",
  "[!] --destination-port port[:port]                     match destination port(s)",
  " --dport ...",
  "[!] --chunk-types (all|any|none) (chunktype[:flags])+\tmatch if all, any or none of",
  "\t\t\t\t\t\t        chunktypes are present",
  "chunktypes - DATA INIT INIT_ACK SACK HEARTBEAT HEARTBEAT_ACK ABORT SHUTDOWN SHUTDOWN_ACK ERROR COOKIE_ECHO COOKIE_ACK ECN_ECNE ECN_CWR SHUTDOWN_COMPLETE ASCONF ASCONF_ACK FORWARD_TSN ALL NONE",
].join('\n') + '\n';
