// LOG (target): the section -h prints for it, from extensions/libxt_LOG.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const LOG = [
  "LOG target options:",
  " --log-level level\t\tLevel of logging (numeric or see syslog.conf)",
  " --log-prefix prefix\t\tPrefix log messages with this prefix.",
  " --log-tcp-sequence\t\tLog TCP sequence numbers.",
  " --log-tcp-options\t\tLog TCP options.",
  " --log-ip-options\t\tLog IP options.",
  " --log-uid\t\t\tLog UID owning the local socket.",
  " --log-macdecode\t\tDecode MAC addresses and protocol.",
].join('\n') + '\n';
