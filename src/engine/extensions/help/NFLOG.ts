// NFLOG (target): the section -h prints for it, from extensions/libxt_NFLOG.c
// of iptables 1.8.9 (text captured in test/fixtures/kernel-extra/{nft,legacy}/help.txt).

export const NFLOG = [
  "NFLOG target options:",
  " --nflog-group NUM\t\tNETLINK group used for logging",
  " --nflog-range NUM\t\tThis option has no effect, use --nflog-size",
  " --nflog-size NUM\t\tNumber of bytes to copy",
  " --nflog-threshold NUM\t\tMessage threshold of in-kernel queue",
  " --nflog-prefix STRING\t\tPrefix string for log messages",
].join('\n') + '\n';
